"""The appraisal template (a csv with the schema's headings) and the data dictionary's part on verification.

Both come from :class:`lib.contract.schemas.AppraisalModel` and
:class:`~lib.contract.schemas.SystemRecordModel` and params ``verification``,
so the file the standing body fills in, the reader and the documentation agree.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from lib.contract import schemas as sc
from lib.contract.params import Params


def write_appraisal_template(path: Path) -> Path:
    """A UTF-8 csv (with BOM, so Excel shows the diacritics) holding the headings of the appraisal file."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([str(c.title) for c in sc.fields(sc.AppraisalModel).values()])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    return path


def write_history_template(path: Path) -> Path:
    """The blank award history (mau_lich_su_khen_thuong_<run>.csv): the headings of award_history.csv, UTF-8 BOM."""
    buffer = io.StringIO()
    headings = [str(c.title) for c in sc.fields(sc.AwardHistoryModel).values()]
    csv.writer(buffer, lineterminator="\n").writerow(headings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    return path


def systems_markdown(params: Params) -> list[str]:
    """Lines of the data dictionary: which export checks which criterion, with what tolerance and action."""
    lines = [
        "## Hệ thống nguồn được đối chiếu / Systems of record (params `verification.systems`)",
        "",
        "Each export is a csv in `data/raw/<run>/systems/` with the columns of «Số liệu hệ thống nguồn» above "
        "(headings by field name or Vietnamese title). A gap is |self-reported rate − system rate| > tolerance × "
        "system rate.",
        "",
        "| tệp | hệ thống | tiêu chí | tử số | mẫu số | ngưỡng | khi lệch |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in params.verification.systems:
        crit = params.criterion(s.criterion)
        lines.append(
            f"| `systems/{s.file}` | {s.name_vi} | {crit.code} | {crit.numerator_vi} | {crit.denominator_vi} | "
            f"{s.tolerance:.0%} | `{s.action}` |"
        )
    return [*lines, ""]
