"""Resource limits (params ``ingest.limits``): no submission can exhaust memory or time.

Each limit is lowered in a private copy of the params so that small workbooks
cross it; the file is rejected with the limit's rule and a message naming the
limit, and a file just under it is accepted. The limits are validated with the
params and stated in the README.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from lib.contract import schemas as sc
from lib.contract.params import LIMIT_KEYS, Limits, Params, ParamsError, load_params
from lib.ingest.inputs import IngestResult, ingest
from lib.ingest.workbook_reader import read_workbook
from tests.support.hostile_corpus import (
    SAMPLE_RAW,
    info,
    patch_sheet,
    person,
    product,
    save,
    simple,
    workbook,
    write_parts,
    zip_parts,
)

ROOT = Path(__file__).resolve().parents[3]


def _raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    (raw / "submissions").mkdir(parents=True)
    shutil.copyfile(SAMPLE_RAW / "registry.csv", raw / "registry.csv")
    return raw


def _with(params: Params, **limits: Any) -> Params:
    """Params with some limits changed, below the validator's floors too: these tests judge the reader."""
    changed = dataclasses.replace(params.ingest.limits, **limits)
    return dataclasses.replace(params, ingest=dataclasses.replace(params.ingest, limits=changed))


def _one(result: IngestResult, file: str) -> tuple[str, str, str, str]:
    sub = result.submissions.set_index("file").loc[f"submissions/{file}"]
    errors = result.issues[(result.issues["file"] == f"submissions/{file}") & (result.issues["severity"] == "error")]
    detail = errors["detail"].iloc[0] if len(errors) else ""
    sheet = errors["sheet"].iloc[0] if len(errors) else ""
    return sub["status"], sub["problem"], detail, sheet


def test_every_limit_the_validator_checks_is_a_field_of_the_typed_limits(params: Params) -> None:
    """The validator's list of limits and the typed object name the same keys."""
    assert set(LIMIT_KEYS) == {f.name for f in dataclasses.fields(Limits)}
    assert isinstance(params.ingest.limits, Limits)


def test_every_limit_is_stated_in_the_readme(params: Params) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What happens to bad files", 1)[1].split("\n## ", 1)[0]
    for key, value in dataclasses.asdict(params.ingest.limits).items():
        shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
        assert re.search(rf"`{key}`[^|]*\|\s*{re.escape(shown)}\b", section), (key, shown)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"max_file_mb": None}, "ingest.limits.max_file_mb: required key is missing"),
        ({"max_rows_per_sheet": "10000"}, "ingest.limits.max_rows_per_sheet: expected int"),
        ({"max_cells_per_sheet": 2.5e6}, "ingest.limits.max_cells_per_sheet: expected int"),
        ({"max_zip_ratio": 0.5}, "ingest.limits.max_zip_ratio: must be ≥ 1"),
        ({"max_text_chars": -1}, "ingest.limits.max_text_chars: must be ≥ 100"),
        ({"max_sheets": True}, "ingest.limits.max_sheets: expected int"),
        ({"max_bytes": 5}, "ingest.limits.max_bytes: unknown limit"),
    ],
)
def test_a_wrong_limit_stops_the_run_naming_the_key(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    data = yaml.safe_load((ROOT / "params" / "2023.yaml").read_text(encoding="utf-8"))
    for key, value in change.items():
        if value is None:
            del data["ingest"]["limits"][key]
        else:
            data["ingest"]["limits"][key] = value
    path = tmp_path / "2023.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ParamsError, match=re.escape(message)):
        load_params(path)


def test_a_missing_limits_block_stops_the_run(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "params" / "2023.yaml").read_text(encoding="utf-8"))
    del data["ingest"]["limits"]
    path = tmp_path / "2023.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ParamsError, match=re.escape("ingest.limits: required key is missing")):
        load_params(path)


def test_file_size_on_disk(tmp_path: Path, params: Params) -> None:
    raw = _raw(tmp_path)
    path = simple(params, raw / "submissions", "S-TP", "Sở Tư pháp")
    size_mb = path.stat().st_size / 1024 / 1024
    result = ingest(raw, _with(params, max_file_mb=round(size_mb / 2, 4)))
    status, problem, detail, _ = _one(result, "S-TP.xlsx")
    assert (status, problem) == ("rejected", "file_too_large")
    assert "MB, giới hạn" in detail
    assert _one(ingest(raw, _with(params, max_file_mb=round(size_mb * 2, 4))), "S-TP.xlsx")[0] == "accepted"


def test_uncompressed_size(tmp_path: Path, params: Params) -> None:
    raw = _raw(tmp_path)
    path = simple(params, raw / "submissions", "S-TP", "Sở Tư pháp")
    with zipfile.ZipFile(path) as archive:
        total_mb = sum(i.file_size for i in archive.infolist()) / 1024 / 1024
    status, problem, detail, _ = _one(ingest(raw, _with(params, max_uncompressed_mb=total_mb / 2)), "S-TP.xlsx")
    assert (status, problem) == ("rejected", "file_too_large")
    assert detail.startswith("giải nén ra")


def test_zip_ratio_is_judged_on_large_parts_only(tmp_path: Path, params: Params) -> None:
    raw = _raw(tmp_path)
    path = simple(params, raw / "submissions", "S-TP", "Sở Tư pháp")
    parts = zip_parts(path)
    parts["xl/media/image1.bin"] = b"\x00" * (3 * 1024 * 1024)  # ~1000:1
    write_parts(path, parts)
    status, problem, detail, _ = _one(ingest(raw, params), "S-TP.xlsx")
    assert (status, problem) == ("rejected", "zip_ratio_too_high")
    assert "xl/media/image1.bin" in detail and "giới hạn 100:1" in detail
    assert _one(ingest(raw, _with(params, max_zip_ratio=5000)), "S-TP.xlsx")[0] == "accepted"
    # A small part may compress at any ratio.
    parts["xl/media/image1.bin"] = b"\x00" * (512 * 1024)
    write_parts(path, parts)
    assert _one(ingest(raw, params), "S-TP.xlsx")[0] == "accepted"


def test_zip_entries(tmp_path: Path, params: Params) -> None:
    raw = _raw(tmp_path)
    path = simple(params, raw / "submissions", "S-TP", "Sở Tư pháp")
    entries = len(zip_parts(path))
    status, problem, detail, _ = _one(ingest(raw, _with(params, max_zip_entries=entries - 1)), "S-TP.xlsx")
    assert (status, problem) == ("rejected", "xlsx_structure_unsafe")
    assert f"{entries} phần" in detail


def test_number_of_sheets(tmp_path: Path, params: Params) -> None:
    raw = _raw(tmp_path)
    book = workbook(params, info("S-TP", "Sở Tư pháp"))
    for i in range(4):
        book.create_sheet(f"Phụ lục {i}")
    save(book, raw / "submissions" / "S-TP.xlsx")
    status, problem, detail, _ = _one(ingest(raw, _with(params, max_sheets=9)), "S-TP.xlsx")
    assert (status, problem, detail) == ("rejected", "too_many_sheets", "10 trang tính, giới hạn 9")
    assert _one(ingest(raw, _with(params, max_sheets=10)), "S-TP.xlsx")[0] == "accepted"


def test_rows_per_sheet_counts_up_to_the_last_row_with_data(tmp_path: Path, params: Params) -> None:
    raw = _raw(tmp_path)
    products = [product(f"Sản phẩm số {i}") for i in range(17)]  # header on row 3: rows 4-20
    simple(params, raw / "submissions", "S-TP", "Sở Tư pháp", products=products)
    assert _one(ingest(raw, _with(params, max_rows_per_sheet=20)), "S-TP.xlsx")[0] == "accepted"
    status, problem, detail, sheet = _one(ingest(raw, _with(params, max_rows_per_sheet=19)), "S-TP.xlsx")
    assert (status, problem, sheet) == ("rejected", "sheet_too_large", "SanPham")
    assert detail == "có dữ liệu ở dòng 20, giới hạn 19 dòng"


def test_blank_rows_do_not_count_against_the_row_limit(tmp_path: Path, params: Params) -> None:
    raw = _raw(tmp_path)
    path = simple(params, raw / "submissions", "S-TP", "Sở Tư pháp")
    blank = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t> </t></is></c></row>' for r in range(5, 5000))
    patch_sheet(path, "SanPham", lambda xml: xml.replace(b"</sheetData>", blank.encode() + b"</sheetData>", 1))
    result = ingest(raw, _with(params, max_rows_per_sheet=100))
    assert _one(result, "S-TP.xlsx")[0] == "accepted"
    assert "blank_rows_ignored" in set(result.issues["rule"])


def test_cells_per_sheet_is_the_area_calamine_would_allocate(tmp_path: Path, params: Params) -> None:
    raw = _raw(tmp_path)
    people = [person(f"CN-S-TP-{i:02d}") for i in range(20)]  # KhenCaNhan: one column per field x rows 1-23
    n_columns = len(sc.fields(sc.IndividualNominationModel))
    simple(params, raw / "submissions", "S-TP", "Sở Tư pháp", individuals=people)
    grid = read_workbook(raw / "submissions" / "S-TP.xlsx", params.ingest.limits)
    areas = {name: len(rows) * max(len(r) for r in rows) for name, rows in grid.sheets.items() if rows}
    others = max(a for name, a in areas.items() if name != "KhenCaNhan")
    assert areas["KhenCaNhan"] == 23 * n_columns > others
    limit = areas["KhenCaNhan"] - 1
    status, problem, detail, sheet = _one(ingest(raw, _with(params, max_cells_per_sheet=limit)), "S-TP.xlsx")
    assert (status, problem, sheet) == ("rejected", "sheet_too_large", "KhenCaNhan")
    assert f"vượt {limit:,} ô".replace(",", ".") in detail
    assert _one(ingest(raw, _with(params, max_cells_per_sheet=limit + 1)), "S-TP.xlsx")[0] == "accepted"


def test_a_far_cell_in_a_sheet_that_is_never_read_is_still_refused(tmp_path: Path, params: Params) -> None:
    """calamine allocates first-to-last cell of a sheet; every sheet part is checked before any is loaded."""
    raw = _raw(tmp_path)
    book = workbook(params, info("S-TP", "Sở Tư pháp"))
    book.create_sheet("Nháp")["A1"] = "FAR"
    path = save(book, raw / "submissions" / "S-TP.xlsx")
    far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'
    patch_sheet(path, "Nháp", lambda xml: xml.replace(b"</sheetData>", far + b"</sheetData>", 1))
    status, problem, _, _ = _one(ingest(raw, params), "S-TP.xlsx")
    assert (status, problem) == ("rejected", "sheet_too_large")


def test_text_chars_per_cell(tmp_path: Path, params: Params) -> None:
    raw = _raw(tmp_path)
    evidence = "Quyết định " + "x" * 289  # 300 characters
    simple(params, raw / "submissions", "S-TP", "Sở Tư pháp", products=[product("Họp không giấy", evidence=evidence)])
    result = ingest(raw, _with(params, max_text_chars=299))
    (issue,) = result.issues.query("rule == 'cell_too_large'").itertuples()
    assert (issue.sheet, issue.row, issue.column, issue.action) == (
        "SanPham",
        4,
        "D (Tài liệu kiểm chứng)",
        "rejected_value",
    )
    assert issue.value.startswith("300 ký tự: Quyết định")
    assert list(result.tables["products"]["product_name"]) == ["Họp không giấy"]  # the row is kept
    assert ingest(raw, _with(params, max_text_chars=300)).issues.query("rule == 'cell_too_large'").empty


def test_a_false_shared_string_count_is_refused_before_calamine(tmp_path: Path, params: Params) -> None:
    raw = _raw(tmp_path)
    path = simple(params, raw / "submissions", "S-TP", "Sở Tư pháp")
    parts = zip_parts(path)
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="5000">'
        b"<si><t>a</t></si></sst>"
    )
    write_parts(path, parts)
    assert _one(ingest(raw, params), "S-TP.xlsx")[:2] == ("rejected", "xlsx_structure_unsafe")
    parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(b"5000", b"900")  # within the slack
    write_parts(path, parts)
    assert _one(ingest(raw, params), "S-TP.xlsx")[0] == "accepted"


@pytest.mark.parametrize(
    ("names", "why"),
    [
        (["xl/workbook.xml", "XL/Workbook.xml"], "parts differing only in case"),
        (["../evil.xml"], "a part outside the package"),
    ],
)
def test_ambiguous_zip_parts_are_refused(tmp_path: Path, params: Params, names: list[str], why: str) -> None:
    raw = _raw(tmp_path)
    path = simple(params, raw / "submissions", "S-TP", "Sở Tư pháp")
    parts = zip_parts(path)
    for name in names:
        parts.setdefault(name, b"<x/>")
    write_parts(path, parts)
    assert _one(ingest(raw, params), "S-TP.xlsx")[:2] == ("rejected", "xlsx_structure_unsafe"), why


def test_a_fifo_is_not_opened(tmp_path: Path, params: Params) -> None:
    """A named pipe would block a reader forever; it is reported, never opened."""
    raw = _raw(tmp_path)
    os.mkfifo(raw / "submissions" / "S-TP.xlsx")
    status, problem, detail, _ = _one(ingest(raw, params), "S-TP.xlsx")
    assert (status, problem, detail) == ("rejected", "file_unreadable", "không phải tệp thông thường")


def test_an_svg_picture_with_its_doctype_is_not_refused(tmp_path: Path, params: Params) -> None:
    """Only XML parts of the workbook itself may not declare a DOCTYPE; a picture's standard one is harmless."""
    raw = _raw(tmp_path)
    path = simple(params, raw / "submissions", "S-TP", "Sở Tư pháp")
    parts = zip_parts(path)
    parts["xl/media/image1.svg"] = (
        b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    write_parts(path, parts)
    assert _one(ingest(raw, params), "S-TP.xlsx")[0] == "accepted"
