"""The small xlsx writer used for the per-unit feedback workbooks."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from lib.publish.xlsx_lite import write_tables

ROWS = [["=HYPERLINK(\"http://x\")", 3, 2.5, dt.date(2023, 12, 14), None, True, "<script>", "Uỷ ban"]]
HEADER = ["a", "b", "c", "d", "e", "f", "g", "h"]


def test_values_round_trip_and_text_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_tables(path, [("VanDe", HEADER, ROWS, [12] * 8), ("KetQua", ["x"], [[1]], [8])])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        book = load_workbook(path)
    sheet = book["VanDe"]
    assert book.sheetnames == ["VanDe", "KetQua"]
    assert [c.value for c in sheet[1]] == HEADER and sheet[1][0].font.b
    cells = sheet[2]
    assert cells[0].value == '=HYPERLINK("http://x")' and cells[0].data_type == "s"
    assert [cells[1].value, cells[2].value, cells[3].value, cells[4].value] == [3, 2.5, "14/12/2023", None]
    assert cells[7].value == "Uỷ ban"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:H2"
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("VanDe").to_python()
    assert grid[1][6] == "<script>"


def test_equal_input_gives_equal_bytes(tmp_path: Path) -> None:
    write_tables(tmp_path / "a.xlsx", [("S", HEADER, ROWS, [10] * 8)])
    write_tables(tmp_path / "b.xlsx", [("S", HEADER, ROWS, [10] * 8)])
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
