"""The data-quality workbook and the row accounting of a run.

The analyst filters the workbook by unit and sends each unit its own lines;
the row accounting proves that every row read was either kept or rejected.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.contract.quality_rules import SEVERITY_VI
from lib.publish.workbooks import Book, save_workbook, table_sheet, write_csv

ACCOUNTING_COLUMNS = ["file", "rows_read", "rows_accepted", "rows_rejected"]
_WIDE = {"message_vi", "message_en", "fix_vi", "value", "detail", "unit_name"}
ISSUE_HEADERS_VI = {
    "unit_code": "Mã đơn vị",
    "file": "Tệp",
    "sheet": "Trang tính",
    "row": "Dòng",
    "column": "Cột",
    "value": "Giá trị",
    "rule": "Mã quy tắc",
    "severity": "Mức độ",
    "action": "Xử lý",
    "message_vi": "Nội dung",
    "message_en": "Message (English)",
    "fix_vi": "Cách khắc phục",
    "detail": "Chi tiết",
}
ACTION_VI = {
    "rejected_file": "loại cả tệp",
    "rejected_row": "loại dòng",
    "rejected_value": "bỏ giá trị",
    "repaired": "đã sửa, giữ lại",
    "kept": "giữ nguyên, dạng văn bản",
    "ignored": "bỏ qua",
}


def row_accounting(accounting: pd.DataFrame) -> pd.DataFrame:
    """file, rows_read, rows_accepted, rows_rejected (+ unit and status), checked to balance."""
    frame = accounting.sort_values("file", kind="stable").reset_index(drop=True)
    if not (frame["rows_read"] == frame["rows_accepted"] + frame["rows_rejected"]).all():
        raise AssertionError("row accounting does not balance: read != accepted + rejected")
    return frame[[*ACCOUNTING_COLUMNS, "unit_code", "status"]]


def _sheet(book: Book, title: str, frame: pd.DataFrame, headers: dict[str, str]) -> None:
    """One filterable table of the frame, columns titled in Vietnamese, text columns wide."""
    columns = list(frame.columns)
    book[title] = table_sheet(
        [headers.get(col, col) for col in columns],
        frame.itertuples(index=False),
        [40 if col in _WIDE else 14 for col in columns],
    )


def write_data_quality(path: Path, issues: pd.DataFrame, submissions: pd.DataFrame, registry: pd.DataFrame) -> None:
    """data_quality.xlsx: summary per unit, every finding, files, non-submitters, superseded files."""
    book: Book = {}
    shown = issues.assign(severity=issues["severity"].map(SEVERITY_VI), action=issues["action"].map(ACTION_VI))
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
    _sheet(book, "ChiTiet", shown, ISSUE_HEADERS_VI)
    _sheet(
        book,
        "TepDaNhan",
        submissions,
        {
            "file": "Tệp",
            "unit_code": "Mã đơn vị",
            "unit_name_submitted": "Tên đơn vị khai",
            "submitted_on": "Ngày gửi",
            "status": "Trạng thái",
            "problem": "Lý do",
            "rows_read": "Số dòng đọc",
            "rows_accepted": "Số dòng nhận",
            "rows_rejected": "Số dòng loại",
        },
    )
    accepted = set(submissions.loc[submissions["status"] == "accepted", "unit_code"])
    missing = registry.loc[~registry["unit_code"].isin(accepted), ["unit_code", "unit_name", "unit_group"]]
    _sheet(book, "ChuaNop", missing, {"unit_code": "Mã đơn vị", "unit_name": "Tên đơn vị", "unit_group": "Khối"})
    superseded = submissions.loc[submissions["status"] == "superseded", ["file", "unit_code", "submitted_on"]]
    _sheet(book, "DaThayThe", superseded, {"file": "Tệp", "unit_code": "Mã đơn vị", "submitted_on": "Ngày gửi"})
    save_workbook(book, path)


def write_quality_outputs(
    output_dir: Path, issues: pd.DataFrame, submissions: pd.DataFrame, registry: pd.DataFrame
) -> list[Path]:
    """data_quality.xlsx and row_accounting.csv into the run's output folder."""
    output_dir.mkdir(parents=True, exist_ok=True)
    write_data_quality(output_dir / "data_quality.xlsx", issues, submissions, registry)
    write_csv(row_accounting(submissions), output_dir / "row_accounting.csv")
    return [output_dir / "data_quality.xlsx", output_dir / "row_accounting.csv"]
