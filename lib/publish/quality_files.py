"""The data-quality workbook and the row accounting of a run.

The analyst filters the workbook by unit and sends each unit its own lines;
the row accounting proves that every row read was either kept or rejected.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from lib.contract.labels import FINDING_ACTION_VI, SEVERITY_VI
from lib.publish.workbooks import put, save_workbook, write_csv

ACCOUNTING_COLUMNS = ["file", "rows_read", "rows_accepted", "rows_rejected"]
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
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


def row_accounting(accounting: pd.DataFrame) -> pd.DataFrame:
    """file, rows_read, rows_accepted, rows_rejected (+ unit and status), checked to balance."""
    frame = accounting.sort_values("file", kind="stable").reset_index(drop=True)
    if not (frame["rows_read"] == frame["rows_accepted"] + frame["rows_rejected"]).all():
        raise AssertionError("row accounting does not balance: read != accepted + rejected")
    return frame[[*ACCOUNTING_COLUMNS, "unit_code", "status"]]


def _sheet(workbook: Workbook, title: str, frame: pd.DataFrame, headers: dict[str, str]) -> None:
    sheet = workbook.create_sheet(title)
    columns = list(frame.columns)
    for j, col in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=j, value=headers.get(col, col))
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        sheet.column_dimensions[get_column_letter(j)].width = (
            14 if col not in {"message_vi", "message_en", "fix_vi", "value", "detail", "unit_name"} else 40
        )
    for i, record in enumerate(frame.itertuples(index=False), start=2):
        for j, value in enumerate(record, start=1):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            put(sheet, i, j, value)
    sheet.freeze_panes = "A2"
    if len(frame):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(frame) + 1}"


def write_data_quality(path: Path, issues: pd.DataFrame, submissions: pd.DataFrame, registry: pd.DataFrame) -> None:
    """data_quality.xlsx: summary per unit, every finding, files, non-submitters, superseded files."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    shown = issues.assign(severity=issues["severity"].map(SEVERITY_VI), action=issues["action"].map(FINDING_ACTION_VI))
    summary = (
        issues.assign(n=1)
        .pivot_table(index="unit_code", columns="severity", values="n", aggfunc="sum", fill_value=0)
        .reindex(columns=["error", "warning", "info"], fill_value=0)
        .reset_index()
    )
    summary = summary.rename(columns={"error": "loi_da_loai", "warning": "canh_bao_da_sua", "info": "thong_tin"})
    _sheet(
        workbook,
        "TongHop",
        summary,
        {
            "unit_code": "Mã đơn vị (trống: tệp không xác định được đơn vị)",
            "loi_da_loai": "Lỗi (đã loại)",
            "canh_bao_da_sua": "Cảnh báo (đã sửa)",
            "thong_tin": "Thông tin",
        },
    )
    _sheet(workbook, "ChiTiet", shown, ISSUE_HEADERS_VI)
    _sheet(
        workbook,
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
    _sheet(workbook, "ChuaNop", missing, {"unit_code": "Mã đơn vị", "unit_name": "Tên đơn vị", "unit_group": "Khối"})
    superseded = submissions.loc[submissions["status"] == "superseded", ["file", "unit_code", "submitted_on"]]
    _sheet(workbook, "DaThayThe", superseded, {"file": "Tệp", "unit_code": "Mã đơn vị", "submitted_on": "Ngày gửi"})
    save_workbook(workbook, path)


def write_quality_outputs(
    output_dir: Path, issues: pd.DataFrame, submissions: pd.DataFrame, registry: pd.DataFrame
) -> list[Path]:
    """data_quality.xlsx and row_accounting.csv into the run's output folder."""
    output_dir.mkdir(parents=True, exist_ok=True)
    write_data_quality(output_dir / "data_quality.xlsx", issues, submissions, registry)
    write_csv(row_accounting(submissions), output_dir / "row_accounting.csv")
    return [output_dir / "data_quality.xlsx", output_dir / "row_accounting.csv"]
