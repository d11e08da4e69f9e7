"""award_list.xlsx as the annex of the award documents, opened with openpyxl (lib.publish.award_files).

Hand-made award lists go through ``write_award_xlsx``; the expectations are
the annex layout the issue asks for (A4 landscape, one page wide, the
heading repeated, Times New Roman, scores as numbers, the "Kèm theo" line of
params ``annex``), written out by hand.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from lib.contract.params import Params
from lib.publish.award_files import write_award_xlsx

SHEETS = ["DeNghi", "DuBi", "NgoaiDanhSach", "KhongDuDieuKien"]
LONG = "; ".join(f"sản phẩm «Số hóa hồ sơ hộ tịch số {i} của xã»" for i in range(12))  # 540 characters


def _nominee(number: int, kind: str, status: str, score: float, reasons: str = "Điểm đánh giá cao") -> dict:
    return {
        "kind": kind,
        "status": status,
        "list_number": number,
        "nominee_name": f"{'Xã' if kind == 'tap_the' else 'Người'} {number}",
        "position": "" if kind == "tap_the" else "Chuyên viên",
        "unit_name": f"Ủy ban nhân dân xã {number}",
        "unit_group": "ubnd_xa",
        "score": score,
        "reasons": reasons,
    }


def _awards(collectives: int = 2, reasons: str = LONG) -> pd.DataFrame:
    """``collectives`` recommended collectives (long achievements), a reserve numbered after them, 2 people."""
    rows = [_nominee(i, "tap_the", "de_nghi", 95.0 - i, reasons) for i in range(1, collectives + 1)]
    rows.append(_nominee(collectives + 1, "tap_the", "du_bi", 80.25))
    rows += [_nominee(1, "ca_nhan", "de_nghi", 70.0), _nominee(2, "ca_nhan", "khong_du_dieu_kien", 30.0)]
    return pd.DataFrame(rows)


@pytest.fixture
def book(tmp_path: Path, params_2023: Params):
    params = params_2023.with_changes({"annex.number": "125", "annex.date": dt.date(2023, 12, 20)})
    write_award_xlsx(_awards(), tmp_path / "award_list.xlsx", params)
    return load_workbook(tmp_path / "award_list.xlsx")


def test_every_list_prints_on_a4_landscape_one_page_wide_with_its_heading_on_every_page(book) -> None:
    assert book.sheetnames == SHEETS
    for ws in book:
        setup = ws.page_setup
        assert int(setup.paperSize) == 9, ws.title  # A4
        assert setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert setup.fitToWidth in (None, 1)  # OOXML's default is 1: one page wide
        assert int(setup.fitToHeight) == 0  # as many pages tall as it takes
        assert ws.print_title_rows == "$6:$6"  # the table's heading row
        assert [c.value for c in ws[6]][:3] == [
            "STT",
            "Tên tập thể, họ và tên cá nhân",
            "Chức vụ, đơn vị / khối thi đua",
        ]
        assert ws.oddFooter.center.text == "Trang &P/&N"


def test_the_title_is_merged_across_the_table_and_the_annex_names_its_document(book) -> None:
    ws = book["DeNghi"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:F1", "A2:F2", "A3:F3"} <= merged
    assert ws["A1"].value == "DANH SÁCH"
    assert ws["A2"].value == "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"
    assert ws["A3"].value == (
        "(Kèm theo Tờ trình số 125/TTr-STTTT ngày 20/12/2023 của Sở Thông tin và Truyền thông tỉnh Ninh Thuận)"
    )
    assert ws["A1"].alignment.horizontal == "center"


def test_the_dotted_line_of_the_params_file_is_kept_until_the_document_is_numbered(
    tmp_path: Path, params_2023: Params
) -> None:
    write_award_xlsx(_awards(), tmp_path / "a.xlsx", params_2023)
    line = load_workbook(tmp_path / "a.xlsx")["DuBi"]["A3"].value
    assert (
        line == "(Kèm theo Tờ trình số ……/TTr-STTTT ngày ……/……/2023 của Sở Thông tin và Truyền thông tỉnh Ninh Thuận)"
    )


def test_numbers_are_number_cells_in_times_new_roman_and_the_reserve_keeps_its_number(book) -> None:
    ws = book["DeNghi"]
    first = next(row for row in ws.iter_rows(min_row=7) if row[1].value == "Xã 1")
    stt, score = first[0], first[4]
    assert (stt.data_type, stt.value) == ("n", 1)
    assert (score.data_type, score.value) == ("n", 94.0)
    assert score.number_format == "[$-42A]0.0"  # one decimal, a decimal comma under the Vietnamese locale
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == "Times New Roman", (ws.title, cell.coordinate)
    reserve = [r for r in book["DuBi"].iter_rows(min_row=7, values_only=True) if r[1] == "Xã 3"]
    assert reserve == [(3, "Xã 3", "Khối UBND xã, phường, thị trấn", "Điểm đánh giá cao", 80.25, None)]


def test_rows_of_wrapped_text_are_as_tall_as_their_lines(book) -> None:
    # 540 characters in a column 64 wide holding at most 1.2 × 64 = 77 per line: 8 lines or more, each at least
    # 15 points; a person's row (position and unit on two lines) stays two lines.
    ws = book["DeNghi"]
    long_row = next(row for row in ws.iter_rows(min_row=7) if row[1].value == "Xã 1")[0].row
    short_row = next(row for row in ws.iter_rows(min_row=7) if row[1].value == "Người 1")[0].row
    assert len(LONG) == 540
    assert ws.row_dimensions[long_row].height >= math.ceil(540 / 77) * 15
    assert ws.row_dimensions[short_row].height <= 2 * 16.5
    assert ws.cell(long_row, 4).alignment.wrap_text is True


def _pages(ws, usable: float) -> dict[int, int]:
    """Row -> page, laid out as a printer does at 100 %: the written heights, the manual breaks, the heading
    row (6) repeated atop every page after the first."""
    breaks = {b.id for b in ws.row_breaks.brk}  # a break after row id
    heading = ws.row_dimensions[6].height or 15.0
    page, used, out = 1, 0.0, {}
    for r in range(1, ws.max_row + 1):
        height = ws.row_dimensions[r].height or 15.0
        if r - 1 in breaks or used + height > usable:
            page, used = page + 1, heading
        used += height
        out[r] = page
    return out


def test_a_part_title_never_ends_a_page(tmp_path: Path, params_2023: Params) -> None:
    """For 1 to 6 collectives of 1 to 12 products each, «II. CÁ NHÂN» is on the page of the first person."""
    usable = 595.3 - 72 * (0.7 + 0.7)  # A4 landscape less the top and bottom margins
    broken = 0
    for n, k in [(n, k) for n in range(1, 7) for k in (1, 4, 8, 12)]:
        path = tmp_path / f"a{n}-{k}.xlsx"
        write_award_xlsx(_awards(n, "; ".join(LONG.split("; ")[:k])), path, params_2023)
        ws = load_workbook(path)["DeNghi"]
        title = next(c.row for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("II. CÁ NHÂN"))
        pages = _pages(ws, usable)
        assert pages[title] == pages[title + 1], (n, k)
        broken += bool(ws.row_breaks.brk)
    assert broken  # at least one of the lengths needed a break
