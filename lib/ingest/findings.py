"""Data-quality findings: one record per problem, with where and why.

The same records feed the data-quality workbook, the per-unit feedback and
the report appendix, so every place says the same thing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from lib.contract.quality_rules import rule
from lib.contract.tables import ISSUES
from lib.ingest.text_repair import printable, redact_personal

MAX_VALUE_CHARS = 80


@dataclass(frozen=True)
class Issue:
    """One problem found in one place of one file."""

    file: str
    rule: str
    severity: str  # error (something was rejected), warning (repaired and kept), info
    # rejected_file, rejected_row, rejected_value, repaired, kept, ignored, excluded (nomination listed, not judged)
    action: str
    unit_code: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    detail: str = ""


def show_value(raw: Any) -> str:
    """The offending value as text, short enough for a table cell, safe to publish.

    Personal data (e-mail, phone, ID number) is hidden even here: a phone
    typed into a count cell must not reach the data-quality list. Invisible
    and control characters are shown as "[U+202E]" so that they neither
    reorder the page nor break a spreadsheet.
    """
    if raw is None:
        return ""
    text = printable(redact_personal(str(raw)[: 4 * MAX_VALUE_CHARS])[0])
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def issues_frame(issues: list[Issue]) -> pd.DataFrame:
    """Issues as a frame with messages, sorted so the order never depends on timing."""
    records = []
    for issue in issues:
        record = asdict(issue)
        found = rule(issue.rule)
        record.update(message_vi=found.vi, message_en=found.en, fix_vi=found.fix_vi)
        records.append(record)
    frame = pd.DataFrame(records, columns=ISSUES.names())
    frame["row"] = frame["row"].astype("Int64")
    return frame.sort_values(
        ["unit_code", "file", "sheet", "row", "column", "rule"], kind="stable", na_position="first"
    ).reset_index(drop=True)
