"""The cell record published for the audit: figures plain, other cells fingerprinted, personal cells absent;
differences named by sheet!cell and by params key path."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from lib.contract import schemas as sc
from lib.contract.params import Params
from lib.run.input_cells import (
    BLANK,
    TEXT_CHANGED,
    Change,
    Reading,
    cell_changes,
    csv_cells,
    params_changes,
    workbook_cells,
)
from lib.run.provenance import sha256
from tests.support.hostile_corpus import SAMPLE_RAW, default_indicators, info, person, product, save, workbook

PERSONAL = {"058 090 001 235": "id_number", "0912.345.679": "phone", "an.tv@gmail.com": "email"}
PERSON_CODE = "058090001299"
PHONE_AS_COUNT = 912345679  # a phone number typed into a numerator: far above any count the contract accepts


def _reading(params: Params) -> Reading:
    return Reading(limits=params.ingest.limits, header_search_rows=params.ingest.header_search_rows)


def _book(params: Params, path: Path, tc01: int = 90, name: str = "Trần Văn An") -> Path:
    indicators = default_indicators(params)
    indicators[0] = {**indicators[0], "numerator": tc01}
    indicators[1] = {**indicators[1], "numerator": PHONE_AS_COUNT}
    people = [
        person(
            PERSON_CODE, full_name=name, birth_date="20/05/1990", **{kind: value for value, kind in PERSONAL.items()}
        )
    ]
    products = [{**product("Phần mềm một cửa điện tử"), "lead_person_code": PERSON_CODE}]
    book = workbook(params, info("22906", "UBND xã Phước Minh"), indicators, products, individuals=people)
    return save(book, path)


def _where(path: Path, sheet: str, text: str) -> tuple[int, int]:
    """(row, column) of the first cell holding text, found with openpyxl (not with the code under test)."""
    for row in load_workbook(path)[sheet].iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text} not in {sheet}")


def test_figures_are_plain_other_cells_fingerprinted_personal_cells_absent(params: Params, tmp_path: Path) -> None:
    path = _book(params, tmp_path / "22906.xlsx")
    key = sha256(path)
    cells = workbook_cells(path, key, _reading(params))
    row, _ = _where(path, "ChiTieu", "TC01")
    assert cells["values"][f"ChiTieu!C{row}"] == 90 and cells["values"][f"ChiTieu!D{row}"] == 100
    assert f"ChiTieu!C{row + 1}" in cells["fingerprints"]  # the phone typed as a count is not published
    text = json.dumps(cells, ensure_ascii=False)
    for secret in [*PERSONAL, PERSON_CODE, "20/05/1990", "Nguyễn Văn A", str(PHONE_AS_COUNT)]:
        assert secret not in text
    # Nothing at all, not even a fingerprint, below the header of a personal column.
    personal_titles = {
        "KhenCaNhan": ["Mã cá nhân", "Ngày sinh", "Số CCCD", "Điện thoại", "Thư điện tử"],
        "DonVi": ["Người lập biểu"],
        "SanPham": ["Mã cá nhân chủ trì"],
    }
    recorded = {*cells["values"], *cells["fingerprints"]}
    for sheet, titles in personal_titles.items():
        for title in titles:
            header_row, column = _where(path, sheet, title)
            below = {f"{sheet}!{get_column_letter(column)}{r}" for r in range(header_row + 1, header_row + 50)}
            assert not below & recorded, (sheet, title)
    # A name is fingerprinted: 4 hex digits of HMAC-SHA-256(file hash; address, value), as documented.
    name_row, name_col = _where(path, "KhenCaNhan", "Trần Văn An")
    address = f"KhenCaNhan!{get_column_letter(name_col)}{name_row}"
    expected = hmac.new(bytes.fromhex(key), f"{address}\x1fs:Trần Văn An".encode(), hashlib.sha256).hexdigest()[:4]
    assert cells["fingerprints"][address] == expected


def test_one_changed_number_and_one_changed_name_are_named_by_address(params: Params, tmp_path: Path) -> None:
    before = _book(params, tmp_path / "before.xlsx")
    after = _book(params, tmp_path / "after.xlsx", tc01=45, name="Trần Văn Ân")
    key = sha256(before)  # the audit keys both with the hash recorded at publication
    old, new = (workbook_cells(p, key, _reading(params)) for p in (before, after))
    row, _ = _where(before, "ChiTieu", "TC01")
    name_row, name_col = _where(before, "KhenCaNhan", "Trần Văn An")
    assert cell_changes("f.xlsx", old, new) == [
        Change("f.xlsx", f"ChiTieu!C{row}", "90", "45"),
        Change("f.xlsx", f"KhenCaNhan!{get_column_letter(name_col)}{name_row}", TEXT_CHANGED, TEXT_CHANGED),
    ]


def test_cells_that_appear_or_vanish_and_a_file_that_became_unreadable() -> None:
    old = {"values": {"ChiTieu!C4": 623, "ChiTieu!D4": 660}, "fingerprints": {"DonVi!B4": "ab12"}}
    new = {"values": {"ChiTieu!C4": 623, "ChiTieu!C10": 7.5}, "fingerprints": {"DonVi!B4": "ab12", "DonVi!A9": "ff00"}}
    assert cell_changes("f", old, new) == [
        Change("f", "ChiTieu!D4", "660", BLANK),
        Change("f", "ChiTieu!C10", BLANK, "7,5"),
        Change("f", "DonVi!A9", BLANK, TEXT_CHANGED),
    ]
    (unreadable,) = cell_changes("f", old, {"problem": "file_encrypted"})
    assert (unreadable.item, unreadable.old) == ("(tệp)", "đọc được")
    assert unreadable.new.startswith("không đọc được: ") and "file_encrypted" not in unreadable.new


def test_registry_cells_are_plain_with_row_one_the_header() -> None:
    path = SAMPLE_RAW / "registry.csv"
    cells = csv_cells(path, sha256(path), sc.RegistryModel)
    first = path.read_text(encoding="utf-8-sig").splitlines()[1].split(",")
    assert cells["values"]["A1"] == "unit_code" and cells["values"]["A2"] == first[0]
    assert cells["values"]["B2"] == first[1] and cells["fingerprints"] == {}


PARAMS = """
as_of: 2023-12-20
criteria:
  - {code: TC01, weight: 12, target: {default: 1.0}}
  - {code: TC04, weight: 14, target: {default: 0.75, xa: 0.5}}
caps: {collectives: 5, individuals: 7}
legal_basis: [Luật 2003, Nghị định 91]
"""


def test_params_differences_by_key_path_with_both_values() -> None:
    changed = (
        PARAMS.replace("weight: 14", "weight: 15")
        .replace("xa: 0.5", "xa: 0.6")
        .replace("collectives: 5", "collectives: 4, collectives_per_group: {ubnd_xa: 2}")
        .replace("2023-12-20", "2023-12-21")
        .replace("Nghị định 91", "Nghị định 98")
    )
    assert params_changes("params/2023.yaml", PARAMS, changed) == [
        Change("params/2023.yaml", "as_of", "20/12/2023", "21/12/2023"),
        Change("params/2023.yaml", "criteria[TC04].weight", "14", "15"),
        Change("params/2023.yaml", "criteria[TC04].target.xa", "0.5", "0.6"),
        Change("params/2023.yaml", "caps.collectives", "5", "4"),
        Change("params/2023.yaml", "caps.collectives_per_group", "(không có)", '{"ubnd_xa": 2}'),
        Change("params/2023.yaml", "legal_basis[1]", "Nghị định 91", "Nghị định 98"),
    ]


def test_a_criterion_added_or_removed_is_one_difference_keyed_by_its_code() -> None:
    added = PARAMS.replace("caps:", "  - {code: TC13, weight: 2}\ncaps:")
    assert params_changes("p", PARAMS, added) == [
        Change("p", "criteria[TC13]", "(không có)", '{"code": "TC13", "weight": 2}')
    ]
    assert params_changes("p", added, PARAMS)[0].item == "criteria[TC13]"
