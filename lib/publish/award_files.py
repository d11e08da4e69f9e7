"""The award list as published: csv for machines, xlsx in the annex layout.

The xlsx follows the annex of an award decision (STT, name, position, unit,
achievements, score), one sheet per list. Nothing personal beyond name and
position is written; text is stored inert (see :mod:`lib.publish.workbooks`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.contract.formats import fmt_score
from lib.contract.labels import BEYOND, COLLECTIVE, EXCLUDED, INDIVIDUAL, RECOMMENDED, RESERVE
from lib.contract.params import Params
from lib.contract.tables import AWARD_LIST
from lib.publish.workbooks import BOLD, Row, Sheet, Style, inert, save_workbook, title_style, write_csv

SHEETS = [
    ("DeNghi", RECOMMENDED, "DANH SÁCH ĐỀ NGHỊ TẶNG {award}"),
    ("DuBi", RESERVE, "DANH SÁCH DỰ BỊ"),
    ("NgoaiDanhSach", BEYOND, "ĐỦ ĐIỀU KIỆN, NGOÀI SỐ LƯỢNG ĐỀ NGHỊ VÀ DỰ BỊ"),
    ("KhongDuDieuKien", EXCLUDED, "KHÔNG ĐỦ ĐIỀU KIỆN (KÈM LÝ DO)"),
]
_BOX = {"border": 1, "border_color": "#999999"}
_BOX_HEAD: Style = {**_BOX, "bold": True, "align": "center", "valign": "vcenter", "text_wrap": True}
_BOX_CELL: Style = {**_BOX, "valign": "top", "text_wrap": True}
_WIDTHS = (6, 34, 24, 34, 70, 8)


def write_award_csv(awards: pd.DataFrame, path: Path) -> None:
    """award_list.csv: one row per nominee, score unrounded (the value of record)."""
    write_csv(awards[AWARD_LIST.names()], path)


def _section(title: str, frame: pd.DataFrame, kind: str, excluded: bool) -> list[Row]:
    """One part of a list sheet: its title, the boxed annex table, "(không có)" when it is empty."""
    heads = [
        "STT",
        "Họ và tên" if kind == INDIVIDUAL else "Tên tập thể",
        "Chức vụ",
        "Đơn vị",
        "Lý do không đủ điều kiện" if excluded else "Thành tích",
        "Điểm",
    ]
    rows = [Row([title], BOLD), Row(heads, _BOX_HEAD)]
    for i, rec in enumerate(frame.itertuples(index=False), start=1):
        values = [i, rec.nominee_name, rec.position or "", rec.unit_name, rec.reasons, fmt_score(rec.score)]
        rows.append(Row([inert(value) for value in values], _BOX_CELL))
    if frame.empty:
        rows.append(Row(["(không có)"]))
    return rows


def _list_sheet(awards: pd.DataFrame, status: str, title: str, params: Params) -> Sheet:
    """One list (recommended, reserve, beyond, excluded): I. collectives, then II. individuals."""
    part = awards[awards["status"] == status]
    collectives = part[part["kind"] == COLLECTIVE]
    individuals = part[part["kind"] == INDIVIDUAL]
    titles = (f"I. TẬP THỂ ({len(collectives)})", f"II. CÁ NHÂN ({len(individuals)})")
    limit = params.report.max_table_rows
    note = Row()
    if status in (BEYOND, EXCLUDED) and max(len(collectives), len(individuals)) > limit:
        # A national run lists tens of thousands here: the annex keeps the first rows, the csv all.
        note = Row([f"Mỗi phần hiển thị tối đa {limit} dòng đầu; danh sách đầy đủ trong award_list.csv."])
        collectives, individuals = collectives.head(limit), individuals.head(limit)
    excluded = status == EXCLUDED
    rows = [
        Row([title.format(award=params.award.name.upper())], title_style(12)),
        Row([f"{params.movement} - tỉnh {params.province}"]),
        note,
        *_section(titles[0], collectives, COLLECTIVE, excluded),
        Row(),
        *_section(titles[1], individuals, INDIVIDUAL, excluded),
    ]
    return Sheet(rows=rows, widths=_WIDTHS)


def write_award_xlsx(awards: pd.DataFrame, path: Path, params: Params) -> None:
    """award_list.xlsx: I. collectives, II. individuals, in each list sheet."""
    save_workbook({name: _list_sheet(awards, status, title, params) for name, status, title in SHEETS}, path)
