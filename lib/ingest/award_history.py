"""Past awards read and checked: data/raw/<run>/award_history.csv → the ``award_history`` table.

The file is optional: without it no earlier award is consulted, and one
finding says so. Every row ends accepted (a row of the table, with a finding
naming the award) or rejected with a finding: unknown unit, an individual
without a name, a row said to be decided without its decision's number and
date, a repeated row, a value the schema refuses.

A person is matched to this run's nominee of the same unit by full name
(NFC, case-folded, spaces collapsed). Two nominees of one unit may share a
name: the row's position (as the decision writes it) then tells them apart,
and when it cannot the award is given to neither, with a finding. A namesake
in another unit is never matched; a person who moved units since is not
matched either (the row names the unit of the decision).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from lib.contract import schemas as sc
from lib.contract.formats import fmt_date
from lib.contract.labels import HISTORY_DECIDED, INDIVIDUAL
from lib.contract.tables import AWARD_HISTORY
from lib.ingest.findings import Issue, show_value
from lib.ingest.text_repair import fold_key
from lib.ingest.verification import read_checked_csv, row_issue

HISTORY_FILE = "award_history.csv"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value)


def person_key(name: Any) -> str:
    """The comparison key of a person's name: cleaned NFC text, case-folded (diacritics kept)."""
    return fold_key(" ".join(str(name).split())) if not _blank(name) else ""


def match_person(unit: str, name: Any, position: Any, nominations: pd.DataFrame) -> tuple[str | None, bool]:
    """(person code of the one nominee of ``unit`` this row names, ambiguous?).

    Same unit and same name; when several nominees of the unit share the name,
    the one whose position is the row's (case-folded); none when the position
    does not single one out (ambiguous) or no nominee has the name.
    """
    same = nominations[
        (nominations["unit_code"] == unit) & (nominations["full_name"].map(person_key) == person_key(name))
    ]
    same = same[same["person_code"].notna()]
    if len(same) > 1 and not _blank(position):
        same = same[same["position"].map(person_key) == person_key(position)]
    if len(same) == 1:
        return str(same["person_code"].iloc[0]), False
    return None, len(same) > 1


def read_history(raw_dir: Path, known_units: set[str], nominations: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """The accepted rows of the award history and one finding per row (and one for the file)."""
    path = raw_dir / HISTORY_FILE
    empty = pd.DataFrame(columns=AWARD_HISTORY.names())
    if not path.exists():
        missing = Issue(file=HISTORY_FILE, rule="history_file_missing", severity="info", action="ignored")
        return empty, [missing]
    valid, issues, read = read_checked_csv(path, HISTORY_FILE, sc.AwardHistoryModel)
    rows: list[dict[str, Any]] = []
    for _, rec in valid.iterrows():
        problem = _row_problem(rec, known_units)
        if problem is not None:
            issues.append(problem)
            continue
        row = {name: rec.get(name) for name in AWARD_HISTORY.names()}
        row.update(award_year=int(rec["award_year"]), file=HISTORY_FILE, source_row=int(rec["_row"]), person_code=None)
        if rec["kind"] == INDIVIDUAL:
            code, ambiguous = match_person(rec["unit_code"], rec["full_name"], rec["position"], nominations)
            row["person_code"] = code
            if ambiguous:
                issues.append(
                    row_issue(
                        HISTORY_FILE,
                        rec,
                        "history_person_ambiguous",
                        severity="warning",
                        action="kept",
                        column="Họ và tên",
                        value=show_value(rec["full_name"]),
                    )
                )
        rows.append(row)
        issues.append(
            row_issue(HISTORY_FILE, rec, "history_award_recorded", recorded_text(row), severity="info", action="kept")
        )
    summary = f"{read} dòng đọc: {len(rows)} nhận, {read - len(rows)} loại"
    issues.append(Issue(file=HISTORY_FILE, rule="history_file_read", severity="info", action="kept", detail=summary))
    frame = pd.DataFrame(rows, columns=AWARD_HISTORY.names()) if rows else empty
    return frame.astype({"award_year": int, "source_row": int}), issues


def _row_problem(rec: pd.Series, known_units: set[str]) -> Issue | None:
    """Why an accepted-by-schema row still cannot be used, or None."""
    if rec["unit_code"] not in known_units:
        return row_issue(HISTORY_FILE, rec, "unit_unknown", column="Mã đơn vị", value=show_value(rec["unit_code"]))
    if rec["kind"] == INDIVIDUAL and _blank(rec["full_name"]):
        return row_issue(HISTORY_FILE, rec, "history_name_missing", column="Họ và tên")
    if rec["status"] == HISTORY_DECIDED:
        for column, title in (("decision_number", "Số quyết định"), ("decision_date", "Ngày quyết định")):
            if _blank(rec[column]):
                return row_issue(HISTORY_FILE, rec, "history_decision_missing", column=title)
    return None


def award_text(row: dict[str, Any] | pd.Series) -> str:
    """One earlier award as a person reads it: «2022: Bằng khen … (Quyết định số 2150/QĐ-UBND ngày 20/12/2022)»."""
    if row["status"] == HISTORY_DECIDED:
        decision = f"Quyết định số {row['decision_number']} ngày {fmt_date(row['decision_date'])}"
    else:
        decision = "đề nghị, chưa có quyết định"
    return f"{int(row['award_year'])}: {row['award_form']} ({decision})"


def recorded_text(row: dict[str, Any]) -> str:
    """The unit's finding on an accepted row: the award, and what achievement it counts as rewarded."""
    who = f"{row['full_name']}: " if isinstance(row.get("full_name"), str) and row["full_name"] else ""
    what = f"{row['movement']}, {row['period']}"
    if isinstance(row.get("products"), str) and row["products"].strip():
        what += f"; sản phẩm: {row['products']}"
    return f"{who}{award_text(row)}; thành tích được khen: {what}"
