"""The award list as published: csv for machines, xlsx as the annex of the award documents.

The xlsx is printed and attached to the Tờ trình or the Quyết định: each list
(recommended, reserves, beyond the caps, excluded) is one sheet in the annex
layout (STT, name, position and unit or emulation group, achievements, score),
on A4 landscape one page wide, in Times New Roman, the title centred across
the table, the line "(Kèm theo ... số ... ngày ... của ...)" of params
``annex`` under it, the table's heading repeated on every page and the page
numbered in the footer. STT is the nominee's ``list_number``, the number the
report prints, so a reserve reads 6 in both. Scores are number cells (see
:data:`lib.publish.workbooks.SCORE`), every label is words. Nothing personal
beyond name and position is written; text is stored inert.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from lib.contract.labels import BEYOND, COLLECTIVE, EXCLUDED, INDIVIDUAL, RECOMMENDED, RESERVE
from lib.contract.params import Params, Structure
from lib.contract.tables import AWARD_LIST
from lib.publish.workbooks import SCORE, PageSetup, Row, Sheet, Style, Styled, inert, save_workbook, write_csv

# (sheet, status, title lines): the first line of every title is "DANH SÁCH".
SHEETS = [
    ("DeNghi", RECOMMENDED, "ĐỀ NGHỊ TẶNG {award}"),
    ("DuBi", RESERVE, "DỰ BỊ ĐỀ NGHỊ TẶNG {award}"),
    ("NgoaiDanhSach", BEYOND, "ĐỦ ĐIỀU KIỆN, NGOÀI SỐ LƯỢNG ĐỀ NGHỊ VÀ DỰ BỊ"),
    ("KhongDuDieuKien", EXCLUDED, "KHÔNG ĐỦ ĐIỀU KIỆN XÉT TẶNG {award} (KÈM LÝ DO)"),
]
FONT = ("Times New Roman", 12)
FOOTER = '&C&"Times New Roman,Regular"&11Trang &P/&N'
# STT, name, position and unit (or group), achievements, score: 126 characters fill A4 landscape at 100 %.
WIDTHS = (6, 24, 24, 64, 8)
# Achievements quote names in «»: lines wrap earlier than ordinary text, the rows are made taller to match.
TEXT_WIDTH = 0.95
HEADINGS = ("STT", "Tên tập thể, họ và tên cá nhân", "Chức vụ, đơn vị / khối thi đua", "Thành tích", "Điểm")
_BOX = {"border": 1, "valign": "top", "text_wrap": True}
_TITLE: Style = {"bold": True, "font_size": 13, "align": "center", "valign": "vcenter", "text_wrap": True}
_LINE: Style = {"italic": True, "align": "center", "valign": "vcenter", "text_wrap": True}
_PLAIN: Style = {"align": "center", "valign": "vcenter", "text_wrap": True}
_NOTE: Style = {"italic": True, "valign": "top", "text_wrap": True}
_HEAD: Style = {**_BOX, "bold": True, "align": "center", "valign": "vcenter"}
_PART: Style = {**_BOX, "bold": True}
_CELL: Style = _BOX
_NUMBER: Style = {**_BOX, "align": "center"}
_SCORE: Style = {**_BOX, **SCORE, "align": "center"}
_TITLE_ROWS = 5  # DANH SÁCH, the list's title, the "Kèm theo" line, the movement, a blank row


def write_award_csv(awards: pd.DataFrame, path: Path) -> None:
    """award_list.csv: one row per nominee, score unrounded (the value of record)."""
    write_csv(awards[AWARD_LIST.names()], path)


def _where(rec: Any, structure: Structure) -> str:
    """A person's position and unit; a collective's emulation group, in words."""
    if rec.kind == COLLECTIVE:
        return f"Khối {structure.group_label(rec.unit_group)}"
    position = rec.position if isinstance(rec.position, str) and rec.position else ""
    return f"{position}, {rec.unit_name}" if position else str(rec.unit_name)


def _part(title: str, frame: pd.DataFrame, structure: Structure) -> list[Row]:
    """One part of a list (I. collectives or II. individuals): its title row, then a row per nominee."""
    rows = [Row([title], _PART, span=True, keep_with_next=True)]
    for rec in frame.itertuples(index=False):
        rows.append(
            Row(
                [
                    Styled(int(rec.list_number), _NUMBER),
                    inert(rec.nominee_name),
                    inert(_where(rec, structure)),
                    inert(rec.reasons),
                    Styled(float(rec.score), _SCORE),
                ],
                _CELL,
            )
        )
    if frame.empty:
        rows.append(Row(["(không có)"], _CELL, span=True))
    return rows


def _titles(title: str, params: Params) -> list[Row]:
    """DANH SÁCH, the list's title, the line attaching it to its document, the movement, a blank row."""
    return [
        Row(["DANH SÁCH"], _TITLE, span=True),
        Row([title.format(award=params.award.name.upper())], _TITLE, span=True),
        Row([params.annex.attached_line()], _LINE, span=True),
        Row([f"{params.movement} tỉnh {params.province}"], _PLAIN, span=True),
        Row(),
    ]


def _list_sheet(awards: pd.DataFrame, status: str, title: str, params: Params) -> Sheet:
    """One list (recommended, reserve, beyond, excluded): I. collectives, then II. individuals."""
    part = awards[awards["status"] == status]
    collectives = part[part["kind"] == COLLECTIVE]
    individuals = part[part["kind"] == INDIVIDUAL]
    titles = (f"I. TẬP THỂ ({len(collectives)})", f"II. CÁ NHÂN ({len(individuals)})")
    limit = params.report.max_table_rows
    notes = [
        "STT: số thứ tự như trong báo cáo đánh giá (thứ hạng theo điểm; dự bị nối tiếp danh sách đề nghị). "
        "Điểm: thang 100, làm tròn một chữ số thập phân."
    ]
    if status in (BEYOND, EXCLUDED) and max(len(collectives), len(individuals)) > limit:
        # A national run lists tens of thousands here: the annex keeps the first rows, the csv all.
        notes.append(f"Mỗi phần hiển thị tối đa {limit} dòng đầu; danh sách đầy đủ trong award_list.csv.")
        collectives, individuals = collectives.head(limit), individuals.head(limit)
    headings = list(HEADINGS)
    if status in (BEYOND, EXCLUDED):
        headings[3] = "Lý do"
    rows = [
        *_titles(title, params),
        Row(headings, _HEAD),
        *_part(titles[0], collectives, params.structure),
        *_part(titles[1], individuals, params.structure),
        Row(),
        *(Row([note], _NOTE, span=True) for note in notes),
    ]
    page = PageSetup(repeat_rows=(_TITLE_ROWS, _TITLE_ROWS), footer=FOOTER, text_width=TEXT_WIDTH)
    return Sheet(rows=rows, widths=WIDTHS, page=page)


def write_award_xlsx(awards: pd.DataFrame, path: Path, params: Params) -> None:
    """award_list.xlsx: one annex sheet per list, I. collectives then II. individuals in each."""
    book = {name: _list_sheet(awards, status, title, params) for name, status, title in SHEETS}
    save_workbook(book, path, font=FONT)
