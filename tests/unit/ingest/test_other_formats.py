""".ods and .xls are read behind the same limits as .xlsx; encrypted workbooks and .csv are refused.

The .ods files here are laid out by hand (the parts LibreOffice writes, trimmed),
so that each limit is crossed by a few bytes; the real LibreOffice-saved files
are in ``tests/support/fixtures`` and in the real-client test.
"""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path
from typing import Any

import pytest

from lib.contract.params import Limits, Params
from lib.ingest.workbook_reader import read_workbook
from tests.support.hostile_corpus import FIXTURES

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)

_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
    b'<manifest:file-entry manifest:full-path="/" '
    b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def _ods(path: Path, rows: str, extra: dict[str, bytes] | None = None, name: str = "ChiTieu") -> Path:
    """An .ods with one sheet whose rows are given as content.xml markup."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS}><office:body><office:spreadsheet>'
        f'<table:table table:name="{name}">{rows}</table:table></office:spreadsheet></office:body>'
        "</office:document-content>"
    )
    parts = {"content.xml": content.encode(), "META-INF/manifest.xml": _MANIFEST, **(extra or {})}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        for part, data in parts.items():
            archive.writestr(part, data)
    return path


def _value(number: float, repeat: int = 1) -> str:
    return (
        f'<table:table-cell table:number-columns-repeated="{repeat}" office:value-type="float" '
        f'office:value="{number}"><text:p>{number}</text:p></table:table-cell>'
    )


def _row(cells: str, repeat: int = 1) -> str:
    return f'<table:table-row table:number-rows-repeated="{repeat}">{cells}</table:table-row>'


def _limits(params: Params, **changed: Any) -> Limits:
    return dataclasses.replace(params.ingest.limits, **changed)


def test_an_ods_sheet_is_read_with_its_values(tmp_path: Path, params: Params) -> None:
    path = _ods(tmp_path / "a.ods", _row(_value(43) + _value(44)) + _row("<table:table-cell/>", 1_000_000))
    grid = read_workbook(path, params.ingest.limits)
    assert grid.problem is None and grid.sheets["ChiTieu"] == [[43.0, 44.0]]
    assert grid.notes["ChiTieu"].last_row == 1  # the million empty rows LibreOffice writes cost nothing


def test_a_value_repeated_over_many_rows_is_refused_before_calamine(tmp_path: Path, params: Params) -> None:
    # One row element standing for 2,001 rows of one value: calamine would expand it into 2,001 cells.
    path = _ods(tmp_path / "a.ods", _row(_value(1), 2_001))
    grid = read_workbook(path, _limits(params, max_cells_per_sheet=2_000))
    assert (grid.problem, grid.problem_sheet) == ("sheet_too_large", "ChiTieu")
    assert read_workbook(path, _limits(params, max_cells_per_sheet=2_001)).problem is None


def test_rows_per_sheet_count_repeated_rows(tmp_path: Path, params: Params) -> None:
    path = _ods(tmp_path / "a.ods", _row(_value(1), 20))
    assert read_workbook(path, _limits(params, max_rows_per_sheet=19), ["ChiTieu"]).problem == "sheet_too_large"
    assert read_workbook(path, _limits(params, max_rows_per_sheet=20), ["ChiTieu"]).problem is None


def test_ods_formulas_errors_and_merges_are_noted(tmp_path: Path, params: Params) -> None:
    cells = (
        '<table:table-cell table:formula="of:=43/44" office:value-type="float" office:value="0.977">'
        "<text:p>0.977</text:p></table:table-cell>"
        '<table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="" '
        'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="1" '
        'office:value-type="string"><text:p>gộp</text:p></table:table-cell><table:covered-table-cell/>'
    )
    grid = read_workbook(_ods(tmp_path / "a.ods", _row(cells)), params.ingest.limits)
    notes = grid.notes["ChiTieu"]
    assert notes.formulas == {(0, 0): ("43/44", True)}  # an error cell is an error first, as in .xlsx
    assert notes.errors == {(0, 1): "#DIV/0!"}
    assert notes.merged == [((0, 2), (0, 3))]


def test_an_encrypted_ods_is_refused(tmp_path: Path, params: Params) -> None:
    manifest = b'<manifest:manifest xmlns:manifest="x"><manifest:encryption-data/></manifest:manifest>'
    path = _ods(tmp_path / "a.ods", _row(_value(1)), {"META-INF/manifest.xml": manifest})
    assert read_workbook(path, params.ingest.limits).problem == "file_encrypted"


def test_ods_macros_are_noted_and_never_kept(tmp_path: Path, params: Params) -> None:
    path = _ods(tmp_path / "a.ods", _row(_value(1)), {"Basic/Standard/Module1.xml": b"<x/>"})
    grid = read_workbook(path, params.ingest.limits)
    assert grid.problem is None and [rule for rule, _ in grid.warnings] == ["file_macro"]


def test_an_ods_zip_bomb_is_refused_like_an_xlsx(tmp_path: Path, params: Params) -> None:
    path = _ods(tmp_path / "a.ods", _row(_value(1)), {"Pictures/big.xml": b"<a>" + b" " * 3_000_000 + b"</a>"})
    assert read_workbook(path, _limits(params, max_zip_ratio=100)).problem == "zip_ratio_too_high"


def test_an_xls_is_read_and_bounded(params: Params) -> None:
    path = FIXTURES / "22753.xls"
    grid = read_workbook(path, params.ingest.limits, ["DonVi", "ChiTieu"])
    assert grid.problem is None and grid.sheets["DonVi"][3][0] == "22753"
    assert read_workbook(path, _limits(params, max_cells_per_sheet=10), ["ChiTieu"]).problem == "sheet_too_large"
    assert read_workbook(path, _limits(params, max_file_mb=0.01)).problem == "file_too_large"


def test_an_xls_renamed_xlsx_is_read_by_its_content(tmp_path: Path, params: Params) -> None:
    path = tmp_path / "22753.xlsx"
    path.write_bytes((FIXTURES / "22753.xls").read_bytes())
    assert read_workbook(path, params.ingest.limits, ["DonVi"]).sheets["DonVi"][3][0] == "22753"


@pytest.mark.parametrize(("name", "rule"), [("a.csv", "file_not_xlsx"), ("a.pdf", "file_not_xlsx")])
def test_other_files_are_refused_by_name(tmp_path: Path, params: Params, name: str, rule: str) -> None:
    path = tmp_path / name
    path.write_text("Mã tiêu chí,Tử số\nTC01,5\n", encoding="utf-8")
    grid = read_workbook(path, params.ingest.limits)
    assert grid.problem == rule and grid.detail
