"""The award list as published: csv for machines, xlsx in the annex layout.

The xlsx follows the annex of an award decision (STT, name, position, unit,
achievements, score), one sheet per list. Nothing personal beyond name and
position is written; text is stored inert (see :mod:`lib.publish.workbooks`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from lib.contract.formats import fmt_score
from lib.contract.params import Params
from lib.publish.workbooks import inert, save_workbook, write_csv
from lib.scoring import selection as sel

CSV_COLUMNS = [
    "kind",
    "status",
    "rank",
    "nominee_code",
    "nominee_name",
    "unit_code",
    "score",
    "reasons",
    "position",
    "unit_name",
    "unit_group",
    "stability",
    "rank_p05",
    "rank_median",
    "rank_p95",
]
SHEETS = [
    ("DeNghi", sel.RECOMMENDED, "DANH SÁCH ĐỀ NGHỊ TẶNG {award}"),
    ("DuBi", sel.RESERVE, "DANH SÁCH DỰ BỊ"),
    ("NgoaiDanhSach", sel.BEYOND, "ĐỦ ĐIỀU KIỆN, NGOÀI SỐ LƯỢNG ĐỀ NGHỊ VÀ DỰ BỊ"),
    ("KhongDuDieuKien", sel.EXCLUDED, "KHÔNG ĐỦ ĐIỀU KIỆN (KÈM LÝ DO)"),
]
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def write_award_csv(awards: pd.DataFrame, path: Path) -> None:
    """award_list.csv: one row per nominee, score unrounded (the value of record)."""
    write_csv(awards[CSV_COLUMNS], path)


def _section(sheet: Any, row: int, title: str, frame: pd.DataFrame, kind: str, excluded: bool) -> int:
    sheet.cell(row=row, column=1, value=title).font = Font(bold=True)
    row += 1
    heads = [
        "STT",
        "Họ và tên" if kind == "ca_nhan" else "Tên tập thể",
        "Chức vụ",
        "Đơn vị",
        "Lý do không đủ điều kiện" if excluded else "Thành tích",
        "Điểm",
    ]
    for j, head in enumerate(heads, start=1):
        cell = sheet.cell(row=row, column=j, value=head)
        cell.font, cell.border = Font(bold=True), _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, rec in enumerate(frame.itertuples(index=False), start=1):
        row += 1
        values = [i, rec.nominee_name, rec.position or "", rec.unit_name, rec.reasons, fmt_score(rec.score)]
        for j, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=j, value=inert(value))
            cell.border = _BOX
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    if frame.empty:
        row += 1
        sheet.cell(row=row, column=1, value="(không có)")
    return row + 2


def write_award_xlsx(awards: pd.DataFrame, path: Path, params: Params) -> None:
    """award_list.xlsx: I. collectives, II. individuals, in each list sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, status, title in SHEETS:
        sheet = workbook.create_sheet(name)
        sheet["A1"] = title.format(award=params.award.name.upper())
        sheet["A1"].font = Font(bold=True, size=12)
        sheet["A2"] = f"{params.movement} - tỉnh {params.province}"
        part = awards[awards["status"] == status]
        row = 4
        collectives = part[part["kind"] == "tap_the"]
        individuals = part[part["kind"] == "ca_nhan"]
        titles = (f"I. TẬP THỂ ({len(collectives)})", f"II. CÁ NHÂN ({len(individuals)})")
        limit = params.report.max_table_rows
        if status in (sel.BEYOND, sel.EXCLUDED) and max(len(collectives), len(individuals)) > limit:
            # A national run lists tens of thousands here: the annex keeps the first rows, the csv all.
            sheet["A3"] = f"Mỗi phần hiển thị tối đa {limit} dòng đầu; danh sách đầy đủ trong award_list.csv."
            collectives, individuals = collectives.head(limit), individuals.head(limit)
        row = _section(sheet, row, titles[0], collectives, "tap_the", status == sel.EXCLUDED)
        _section(sheet, row, titles[1], individuals, "ca_nhan", status == sel.EXCLUDED)
        for col, width in zip("ABCDEF", (6, 34, 24, 34, 70, 8), strict=True):
            sheet.column_dimensions[col].width = width
    save_workbook(workbook, path)
