"""The one xlsx writer (lib.publish.workbooks): values read back as written, text inert, bytes deterministic."""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from lib.publish.workbooks import (
    BOLD,
    PERCENT,
    WRAP_TOP,
    Book,
    Row,
    Sheet,
    Styled,
    Validation,
    save_workbook,
    save_workbooks,
    shown_text,
    table_sheet,
)

FORMULAS = ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"]
HEADER = ["a", "b", "c", "d", "e", "f", "g", "h"]
ROW = [FORMULAS[0], 3, 0.38911514253980006, dt.date(2023, 12, 14), None, True, "<script>", "Uỷ ban"]


def _book() -> Book:
    return {
        "VanDe": table_sheet(HEADER, [ROW, [FORMULAS[1], pd.NA, float("nan"), pd.NaT, *FORMULAS[2:]]], [12] * 8),
        "KetQua": table_sheet(["x"], [], [8], header_style=BOLD),
    }


def _grid(path: Path, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_values_read_back_as_written(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    save_workbook(_book(), path)
    grid = _grid(path, "VanDe")
    assert grid[0] == HEADER
    assert grid[1][:4] == [FORMULAS[0], 3.0, 0.38911514253980006, dt.date(2023, 12, 14)]
    assert grid[1][4:] == ["", True, "<script>", "Uỷ ban"]
    assert grid[2][1:4] == ["", "", ""]  # pd.NA, NaN and NaT leave the cell empty


def test_every_digit_of_a_float_survives(tmp_path: Path) -> None:
    """XlsxWriter alone writes 16 significant digits: 0.38911514253980006 would come back 0.3891151425398001."""
    values = [0.38911514253980006, 0.1 + 0.2, 1 / 3, 1e-300, 123456789.12345679]
    save_workbook({"S": Sheet(rows=[Row(values)])}, tmp_path / "f.xlsx")
    assert _grid(tmp_path / "f.xlsx", "S")[0] == values


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    save_workbook(_book(), path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        book = load_workbook(path)
    cells = {c.value: c for row in book["VanDe"].iter_rows() for c in row if isinstance(c.value, str)}
    for text in FORMULAS:
        assert cells[text].data_type == "s", text
    with zipfile.ZipFile(path) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml and b"<f " not in xml and b"<hyperlink" not in xml


def test_a_table_sheet_has_a_bold_filled_frozen_filterable_header(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    save_workbook(_book(), path)
    book = load_workbook(path)
    assert book.sheetnames == ["VanDe", "KetQua"]
    sheet = book["VanDe"]
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb.endswith("DDEBF7")
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:H3"
    assert sheet.column_dimensions["A"].width == pytest.approx(12, abs=1)
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape"
    empty = book["KetQua"]
    assert empty["A1"].font.b and not empty["A1"].fill.fill_type
    assert empty.freeze_panes == "A2" and empty.auto_filter.ref is None  # no rows, no filter


def test_styled_cells_and_wrapped_rows(tmp_path: Path) -> None:
    long = "chuyển đổi số " * 20
    rows = [Row([Styled("Điểm", BOLD), Styled(0.755, PERCENT), long], WRAP_TOP)]
    save_workbook({"S": Sheet(rows=rows, widths=[10, 10, 20])}, tmp_path / "s.xlsx")
    sheet = load_workbook(tmp_path / "s.xlsx")["S"]
    assert sheet["A1"].font.b and not sheet["A1"].alignment.wrap_text
    assert sheet["B1"].number_format == "0.0%" and sheet["B1"].value == 0.755
    assert sheet["C1"].alignment.wrap_text and sheet["C1"].alignment.vertical == "top"
    # XlsxWriter cannot autofit heights: the row gets the height of its estimated lines (280 chars in width 20)
    assert sheet.row_dimensions[1].height >= 15 * 10


def test_illegal_characters_are_shown_text_is_nfc(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Ninh Thuận")
    assert shown_text("Ninh\x07Sơn\x00") == "Ninh[U+0007]Sơn[U+0000]"
    assert shown_text(nfd) == "Ninh Thuận" and shown_text("a\ufffeb") == "a[U+FFFE]b"
    assert shown_text("dòng 1\ndòng 2\tcột") == "dòng 1\ndòng 2\tcột"  # tab and line break are legal
    save_workbook({"S": Sheet(rows=[Row(["Ninh\x07Sơn", nfd])])}, tmp_path / "c.xlsx")
    assert _grid(tmp_path / "c.xlsx", "S") == [["Ninh[U+0007]Sơn", "Ninh Thuận"]]


def test_a_sheet_as_typed_keeps_the_text_exactly(tmp_path: Path) -> None:
    """The synthetic submissions plant NFD and control characters: they must reach the reader unchanged."""
    nfd = unicodedata.normalize("NFD", "Uỷ ban nhân dân xã Phước Hoà")
    save_workbook({"S": Sheet(rows=[Row([nfd, "Ninh\x07Sơn", "_x0041_"])], as_typed=True)}, tmp_path / "t.xlsx")
    assert _grid(tmp_path / "t.xlsx", "S") == [[nfd, "Ninh\x07Sơn", "_x0041_"]]


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="time.tzset is POSIX only")
def test_equal_books_give_equal_bytes_whatever_the_clock_and_time_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_workbook(_book(), tmp_path / "a.xlsx")
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    try:
        time.sleep(1.1)  # a different second on the wall clock
        save_workbook(_book(), tmp_path / "b.xlsx")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_many_books_on_several_processes_are_the_same_bytes(tmp_path: Path) -> None:
    books = [(tmp_path / "serial" / f"{i}.xlsx", {"S": table_sheet(["n"], [[i], [f"={i}"]], [8])}) for i in range(9)]
    save_workbooks(books, workers=1)
    parallel = [(tmp_path / "pool" / path.name, book) for path, book in books]
    (tmp_path / "pool").mkdir()
    save_workbooks(parallel, workers=2, chunk=2)
    for (first, _), (second, _) in zip(books, parallel, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_a_validation_excel_would_refuse_is_an_error(tmp_path: Path) -> None:
    too_long = {"validate": "list", "source": ["Có", "Không"], "input_message": "x" * 256}
    book = {"S": Sheet(validations=[Validation(3, 10, 0, too_long)])}
    with pytest.raises(ValueError, match="refused"), pytest.warns(UserWarning, match="limit of 255"):
        save_workbook(book, tmp_path / "v.xlsx")
    assert not (tmp_path / "v.xlsx").exists()
