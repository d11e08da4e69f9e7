"""The data-quality workbook and the row accounting of a run.

The analyst filters the workbook by unit and sends each unit its own lines;
the row accounting proves that every row read was either kept or rejected.
The workbook is read by people: statuses, groups and rules are words (a
finding's rule is its message, "Nội dung"; the rule codes stay in
data/processed/<run>/issues.csv), dates dd/mm/yyyy. The csv keeps the codes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.contract.labels import (
    FILE_STATUS_VI,
    FINDING_ACTION_VI,
    NOT_SUBMITTED,
    SEVERITY_VI,
    SUPERSEDED,
    UNREADABLE,
)
from lib.contract.params import Structure
from lib.contract.quality_rules import RULES
from lib.contract.tables import ISSUES, REGISTRY, ROW_ACCOUNTING, SUBMISSIONS
from lib.ingest.attribution import participation
from lib.publish.workbooks import HEADER, WRAP_TOP, Book, Style, save_workbook, table_sheet, write_csv

# Column widths by column name (default 14); every cell wraps, so nothing is cut on screen or on paper.
_WIDTHS = {
    "unit_code": 11,
    "file": 24,
    "sheet": 12,
    "row": 6,
    "column": 18,
    "value": 22,
    "severity": 14,
    "action": 16,
    "message_vi": 36,
    "message_en": 30,
    "fix_vi": 36,
    "detail": 26,
    "unit_name": 36,
    "unit_name_submitted": 30,
    "unit_group": 30,
    "submitted_on": 11,
    "status": 20,
    "problem": 34,
    "rows_read": 9,
    "rows_accepted": 9,
    "rows_rejected": 9,
    "nominees_read": 11,
}
_HEADER: Style = {**HEADER, "text_wrap": True, "valign": "top"}


def row_accounting(accounting: pd.DataFrame) -> pd.DataFrame:
    """file, rows_read, rows_accepted, rows_rejected (+ unit and status), checked to balance."""
    frame = accounting.sort_values("file", kind="stable").reset_index(drop=True)
    if not (frame["rows_read"] == frame["rows_accepted"] + frame["rows_rejected"]).all():
        raise AssertionError("row accounting does not balance: read != accepted + rejected")
    return frame[ROW_ACCOUNTING.names()]


def _sheet(book: Book, title: str, frame: pd.DataFrame, headers: dict[str, str]) -> None:
    """One filterable table of the frame, columns titled in Vietnamese, every cell wrapped at the top."""
    columns = list(frame.columns)
    book[title] = table_sheet(
        [headers.get(col, col) for col in columns],
        frame.itertuples(index=False),
        [_WIDTHS.get(col, 14) for col in columns],
        header_style=_HEADER,
        body_style=WRAP_TOP,
    )


def _files_in_words(submissions: pd.DataFrame) -> pd.DataFrame:
    """Files received as a person reads them: what became of each file and why, in words."""
    problem = submissions["problem"].map(lambda code: RULES[code].vi if code in RULES else code)
    return submissions.assign(status=submissions["status"].map(FILE_STATUS_VI), problem=problem)


def write_data_quality(
    path: Path, issues: pd.DataFrame, submissions: pd.DataFrame, registry: pd.DataFrame, structure: Structure
) -> None:
    """data_quality.xlsx: summary per unit, every finding, files, non-submitters, units whose files were all
    refused (submitted but unreadable, told apart from non-submitters), superseded files. Groups are named by
    params ``structure.groups``."""
    book: Book = {}
    shown = issues.assign(
        severity=issues["severity"].map(SEVERITY_VI), action=issues["action"].map(FINDING_ACTION_VI)
    ).drop(columns="rule")
    summary = (
        issues.assign(n=1)
        .pivot_table(index="unit_code", columns="severity", values="n", aggfunc="sum", fill_value=0)
        .reindex(columns=["error", "warning", "info"], fill_value=0)
        .reset_index()
    )
    summary = summary.rename(columns={"error": "loi_da_loai", "warning": "canh_bao_da_sua", "info": "thong_tin"})
    _sheet(
        book,
        "TongHop",
        summary,
        {
            "unit_code": "Mã đơn vị (trống: tệp không xác định được đơn vị)",
            "loi_da_loai": "Lỗi (đã loại)",
            "canh_bao_da_sua": "Cảnh báo (đã sửa)",
            "thong_tin": "Thông tin",
        },
    )
    _sheet(book, "ChiTiet", shown, ISSUES.headings())
    files = _files_in_words(submissions)
    _sheet(book, "TepDaNhan", files, SUBMISSIONS.headings())
    states = participation(registry, submissions)
    units = registry[["unit_code", "unit_name", "unit_group"]]
    units = units.assign(unit_group=units["unit_group"].astype(str).map(structure.group_label))
    _sheet(book, "ChuaNop", units[(states == NOT_SUBMITTED).to_numpy()], REGISTRY.headings())
    unreadable = set(states.index[states == UNREADABLE])
    refused = files.loc[submissions["unit_code"].isin(unreadable), ["unit_code", "file", "status", "problem"]]
    _sheet(book, "NopKhongDocDuoc", refused, SUBMISSIONS.headings())
    superseded = submissions.loc[submissions["status"] == SUPERSEDED, ["file", "unit_code", "submitted_on"]]
    _sheet(book, "DaThayThe", superseded, SUBMISSIONS.headings())
    save_workbook(book, path)


def write_quality_outputs(
    output_dir: Path, issues: pd.DataFrame, submissions: pd.DataFrame, registry: pd.DataFrame, structure: Structure
) -> list[Path]:
    """data_quality.xlsx and row_accounting.csv into the run's output folder."""
    output_dir.mkdir(parents=True, exist_ok=True)
    write_data_quality(output_dir / "data_quality.xlsx", issues, submissions, registry, structure)
    write_csv(row_accounting(submissions), output_dir / "row_accounting.csv")
    return [output_dir / "data_quality.xlsx", output_dir / "row_accounting.csv"]
