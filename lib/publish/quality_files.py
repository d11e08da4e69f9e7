"""The data-quality workbook and the row accounting of a run.

The analyst filters the workbook by unit and sends each unit its own lines;
the row accounting proves that every row read was either kept or rejected.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.contract.labels import FINDING_ACTION_VI, NOT_SUBMITTED, SEVERITY_VI, SUPERSEDED, UNREADABLE
from lib.contract.tables import ISSUES, REGISTRY, ROW_ACCOUNTING, SUBMISSIONS
from lib.ingest.attribution import participation
from lib.publish.workbooks import Book, save_workbook, table_sheet, write_csv

_WIDE = {"message_vi", "message_en", "fix_vi", "value", "detail", "unit_name"}


def row_accounting(accounting: pd.DataFrame) -> pd.DataFrame:
    """file, rows_read, rows_accepted, rows_rejected (+ unit and status), checked to balance."""
    frame = accounting.sort_values("file", kind="stable").reset_index(drop=True)
    if not (frame["rows_read"] == frame["rows_accepted"] + frame["rows_rejected"]).all():
        raise AssertionError("row accounting does not balance: read != accepted + rejected")
    return frame[ROW_ACCOUNTING.names()]


def _sheet(book: Book, title: str, frame: pd.DataFrame, headers: dict[str, str]) -> None:
    """One filterable table of the frame, columns titled in Vietnamese, text columns wide."""
    columns = list(frame.columns)
    book[title] = table_sheet(
        [headers.get(col, col) for col in columns],
        frame.itertuples(index=False),
        [40 if col in _WIDE else 14 for col in columns],
    )


def write_data_quality(path: Path, issues: pd.DataFrame, submissions: pd.DataFrame, registry: pd.DataFrame) -> None:
    """data_quality.xlsx: summary per unit, every finding, files, non-submitters, units whose files were all
    refused (submitted but unreadable, told apart from non-submitters), superseded files."""
    book: Book = {}
    shown = issues.assign(severity=issues["severity"].map(SEVERITY_VI), action=issues["action"].map(FINDING_ACTION_VI))
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
    _sheet(
        book,
        "TepDaNhan",
        submissions,
        SUBMISSIONS.headings(),
    )
    states = participation(registry, submissions)
    units = registry[["unit_code", "unit_name", "unit_group"]]
    _sheet(book, "ChuaNop", units[(states == NOT_SUBMITTED).to_numpy()], REGISTRY.headings())
    unreadable = set(states.index[states == UNREADABLE])
    refused = submissions.loc[submissions["unit_code"].isin(unreadable), ["unit_code", "file", "status", "problem"]]
    _sheet(book, "NopKhongDocDuoc", refused, SUBMISSIONS.headings())
    superseded = submissions.loc[submissions["status"] == SUPERSEDED, ["file", "unit_code", "submitted_on"]]
    _sheet(book, "DaThayThe", superseded, SUBMISSIONS.headings())
    save_workbook(book, path)


def write_quality_outputs(
    output_dir: Path, issues: pd.DataFrame, submissions: pd.DataFrame, registry: pd.DataFrame
) -> list[Path]:
    """data_quality.xlsx and row_accounting.csv into the run's output folder."""
    output_dir.mkdir(parents=True, exist_ok=True)
    write_data_quality(output_dir / "data_quality.xlsx", issues, submissions, registry)
    write_csv(row_accounting(submissions), output_dir / "row_accounting.csv")
    return [output_dir / "data_quality.xlsx", output_dir / "row_accounting.csv"]
