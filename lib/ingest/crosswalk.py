"""The crosswalk to the previous run (``data/raw/<run>/crosswalk.csv``): read, every row accepted or rejected.

After a reorganisation (communes merged, a department split) a unit's code of
last year is not this year's. The crosswalk says which previous code became
which code; the year-over-year comparison (:mod:`lib.scoring.comparison`)
matches through it. A row is rejected with a finding when its previous code is
not a unit of the previous run (its published ``scores.csv`` lists every unit
of its registry) or its unit code is not in this run's registry, so a typo
never silently drops a unit from the comparison.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.contract import schemas as sc
from lib.contract.labels import PREVIOUS_FILES
from lib.contract.params import Params
from lib.contract.tables import CROSSWALK
from lib.ingest.csv_files import CsvFormatError, read_text_csv
from lib.ingest.findings import Issue, show_value
from lib.ingest.sheet_parsing import parse_sheet, validate_table

CROSSWALK_FILE = "crosswalk.csv"


def previous_outputs(raw_dir: Path, run: str) -> Path:
    """``outputs/<run>/`` of the repository that holds ``raw_dir`` (``data/raw/<this run>``)."""
    return Path(raw_dir).resolve().parents[2] / "outputs" / run


def previous_units(folder: Path) -> set[str]:
    """The unit codes of a published run (its scores.csv has one row per registry unit)."""
    path = folder / PREVIOUS_FILES[0]
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: publish the previous run first (python -m lib report --run …)")
    return set(pd.read_csv(path, dtype={"unit_code": str}, usecols=["unit_code"], encoding="utf-8-sig")["unit_code"])


def load_crosswalk(raw_dir: Path, registry: pd.DataFrame, params: Params) -> tuple[pd.DataFrame, list[Issue]]:
    """The accepted crosswalk rows (table ``crosswalk``) and one finding per rejected row, plus the file's count.

    No file: an empty table and no finding (every unit matches by its own code).
    """
    empty = pd.DataFrame(columns=CROSSWALK.names())
    path = Path(raw_dir) / CROSSWALK_FILE
    if not path.exists():
        return empty, []
    if params.previous_run is None:
        return empty, [_issue("crosswalk_no_previous_run", "warning", "ignored")]
    try:
        raw = read_text_csv(path).frame
    except CsvFormatError as exc:
        return empty, [_issue("file_unreadable", "error", "rejected_file", detail=str(exc))]
    grid = [list(raw.columns), *raw.astype(object).values.tolist()]
    parsed = parse_sheet(grid, sc.CrosswalkModel, file=CROSSWALK_FILE, sheet="", search_rows=1)
    if parsed.sheet_problem:
        return empty, [_issue(parsed.sheet_problem, "error", "rejected_file")]
    checked = validate_table(parsed.frame, sc.CrosswalkModel)
    issues = [i for i in parsed.issues if i.severity == "error"] + checked.issues
    kept, judged = _judge_rows(checked.valid, previous_units(previous_outputs(raw_dir, params.previous_run)), registry)
    issues += judged
    rejected = parsed.rows_read - len(kept)
    summary = (
        f"{parsed.rows_read} dòng đọc: {len(kept)} nhận, {rejected} loại (so với lần đánh giá {params.previous_run})"
    )
    issues.append(_issue("crosswalk_read", "info", "kept", detail=summary))
    return kept, issues


def _judge_rows(valid: pd.DataFrame, previous: set[str], registry: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """Keep the rows whose two codes exist (previous run, this registry); the schema refused repeated pairs."""
    current = set(registry["unit_code"])
    rows, issues = [], []
    for record in valid.to_dict("records"):
        pair = (str(record["previous_code"]).strip(), str(record["unit_code"]).strip())
        # A finding reaches the feedback of the unit the row names this year, when there is one.
        where = {"row": int(record["_row"]), "unit_code": pair[1] if pair[1] in current else ""}
        if pair[0] not in previous:
            issues.append(_row_issue("crosswalk_previous_unknown", "previous_code", pair[0], where))
        elif pair[1] not in current:
            issues.append(_row_issue("crosswalk_unit_unknown", "unit_code", pair[1], where))
        else:
            rows.append(
                {
                    "previous_code": pair[0],
                    "previous_name": _text(record.get("previous_name")),
                    "unit_code": pair[1],
                    "note": _text(record.get("note")),
                    "file": CROSSWALK_FILE,
                    "source_row": where["row"],
                }
            )
    return pd.DataFrame(rows, columns=CROSSWALK.names()), issues


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _title(field: str) -> str:
    return str(sc.fields(sc.CrosswalkModel)[field].title)


def _issue(rule: str, severity: str, action: str, detail: str = "") -> Issue:
    return Issue(file=CROSSWALK_FILE, rule=rule, severity=severity, action=action, detail=detail)


def _row_issue(rule: str, field: str, value: str, where: dict[str, object]) -> Issue:
    """A rejected crosswalk row, for the unit it names this year when that unit exists."""
    return Issue(
        file=CROSSWALK_FILE,
        rule=rule,
        severity="error",
        action="rejected_row",
        column=_title(field),
        value=show_value(value),
        **where,  # type: ignore[arg-type]
    )
