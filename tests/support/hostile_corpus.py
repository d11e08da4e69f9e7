"""A corpus of broken and hostile submissions, generated on demand, each with the behaviour it must get.

One small function per case (``case_<name>``): it writes its file(s) into a
``submissions/`` folder and returns a :class:`Case` naming the rule that must
be reported and, where it applies, the sheet, row and column. Every case uses
its own registry unit, so that the cases cannot interfere with each other or
with the valid units (:func:`write_valid_units`).

Nothing here is downloaded: workbooks are laid out by the submission template
(``lib.publish.template.build_workbook``, header on row 3, data from row 4),
written with openpyxl so that a case can edit them as a unit would in Excel
(insert rows, rename or copy sheets, merge cells) and, where openpyxl cannot
produce the hostile form, the zip parts are patched.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from lib.contract import schemas as sc
from lib.contract.params import Params
from lib.ingest.text_repair import encode_tcvn3
from lib.publish.template import build_workbook
from lib.publish.workbooks import Book

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_RAW = ROOT / "data" / "raw" / "2023"
# Workbooks saved by LibreOffice Calc 7.4 from corpus workbooks (.xls, .ods): real files, not generated here.
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATE = "05/12/2023"
VALID_FILES = ("S-TTTT.xlsx", "S-TP.xlsx", "22774.xlsx")
# Personal data planted in the corpus: none of it may reach the report or the award list.
PLANTED_PERSONAL = (
    "058090001234",
    "58090001234",
    "0912 345 678",
    "binh.tt@ninhthuan.gov.vn",
    "an.nv@gmail.com",
    "0259.3822.123",
    "0987654321",
    "079203004567",
)
# Hostile strings planted in text that is published (report, award list).
PLANTED_MARKUP = ("<script>alert('xss')</script>", "<img src=x onerror=alert(1)>")
PLANTED_FORMULAS = (
    '=HYPERLINK("http://example.invalid","Bấm vào")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
)


@dataclass(frozen=True)
class Expect:
    """What ingest must report for one file: a rule (None: no issue expected) and the file's fate."""

    file: str  # name inside submissions/
    rule: str | None
    status: str = "accepted"
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # a column letter ("C") or a template title ("Tử số (số đạt)")
    severity: str | None = None


@dataclass(frozen=True)
class Case:
    """One corpus case: the files it wrote and the behaviour they must get."""

    name: str
    files: tuple[Path, ...]
    expect: tuple[Expect, ...]
    behaviour: str
    extra: dict[str, Any] = field(default_factory=dict)


CaseMaker = Callable[[Path, dict[str, Any]], Case]
CASES: dict[str, CaseMaker] = {}


def case(maker: CaseMaker) -> CaseMaker:
    """Register a case generator under its name (without the ``case_`` prefix)."""
    CASES[maker.__name__.removeprefix("case_")] = maker
    return maker


# --------------------------------------------------------------------------- builders


def info(code: str | None, name: str, district: str | None = None, submitted: Any = DATE) -> dict[str, Any]:
    return {
        "unit_code": code,
        "unit_name": name,
        "district_name": district,
        "submitted_on": submitted,
        "reporter": "Nguyễn Văn A, chuyên viên",
    }


def indicator(code: str, numerator: Any = None, denominator: Any = None, rate: Any = None) -> dict[str, Any]:
    return {"criterion_code": code, "numerator": numerator, "denominator": denominator, "reported_rate": rate}


def product(name: str, on: Any = "15/06/2023", evidence: str | None = "Quyết định số 45/QĐ-UBND") -> dict[str, Any]:
    return {"product_name": name, "in_use_on": on, "evidence_ref": evidence}


COLLECTIVE = {
    "has_proposal": "Có",
    "has_achievement_report": "Có",
    "has_council_minutes": "Có",
    "has_movement_plan": "Có",
    "has_results_report": "Có",
    "dossier_sent_on": "08/12/2023",
    "disciplined": "Không",
    "under_investigation": "Không",
    "achievement_summary": "Hai sản phẩm chuyển đổi số.",
}


def person(code: str, **changes: Any) -> dict[str, Any]:
    return {
        "person_code": code,
        "full_name": "Lê Văn Hùng",
        "position": "Chuyên viên",
        "is_leader": "Không",
        "annual_rating": "Hoàn thành tốt nhiệm vụ",
        "products_led": 1,
        "initiative_name": "Số hóa sổ hộ tịch",
        "initiative_level": "Cấp cơ sở",
        "training_courses": 2,
        "achievement_summary": "Chủ trì số hóa hồ sơ.",
        "has_proposal": "Có",
        "has_achievement_report": "Có",
        "has_council_minutes": "Có",
        "dossier_sent_on": "08/12/2023",
        "disciplined": "Không",
        "under_investigation": "Không",
        **changes,
    }


def default_indicators(params: Params) -> list[dict[str, Any]]:
    """A value for every rate criterion (TC01 90/100, TC04 30/60, the others 9/10): no gap in any unit.

    Rows of criteria that do not apply to the unit's group are ignored by scoring, so one list
    serves every unit and a case's findings are the case's own.
    """
    counts = {"TC01": (90, 100), "TC04": (30, 60)}
    return [indicator(c.code, *counts.get(c.code, (9, 10))) for c in params.criteria if c.measure == "rate"]


def workbook(
    params: Params,
    unit: dict[str, Any] | list[dict[str, Any]],
    indicators: list[dict[str, Any]] | None = None,
    products: list[dict[str, Any]] | None = None,
    collective: list[dict[str, Any]] | None = None,
    individuals: list[dict[str, Any]] | None = None,
) -> Workbook:
    """A template workbook: unit row(s), every rate criterion and one product unless told otherwise."""
    rows = {
        sc.UnitInfoModel: unit if isinstance(unit, list) else [unit],
        sc.IndicatorModel: indicators if indicators is not None else default_indicators(params),
        sc.ProductModel: products if products is not None else [product("Phần mềm một cửa điện tử")],
        sc.CollectiveNominationModel: collective or [],
        sc.IndividualNominationModel: individuals or [],
    }
    return openpyxl_book(build_workbook(params, rows))


def openpyxl_book(book: Book) -> Workbook:
    """The template's layout as an openpyxl workbook, values only (the reader reads nothing else).

    Values are set the openpyxl way: a text starting with "=" becomes a
    formula, which the formula cases need (:func:`as_text` makes one text).
    """
    out = Workbook()
    out.remove(out.active)
    for name, sheet in book.items():
        cells = out.create_sheet(name)
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row.values, start=1):
                if value is not None:
                    cells.cell(row=r, column=c, value=value)
    return out


def save(book: Workbook, path: Path) -> Path:
    book.save(path)
    return path


def simple(params: Params, sub: Path, code: str, name: str, file: str | None = None, **rows: Any) -> Path:
    """Save a template workbook for one unit; the file is named after the code unless told otherwise."""
    return save(workbook(params, info(code, name), **rows), sub / (file or f"{code}.xlsx"))


def as_text(book: Workbook, sheet: str, ref: str) -> None:
    """Store a cell openpyxl took for a formula ("=...") as the text the unit typed."""
    book[sheet][ref].data_type = "s"


def zip_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def write_parts(path: Path, parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2023, 12, 5, 0, 0, 0)), data, compress_type=compression)
    return path


def sheet_part(parts: dict[str, bytes], sheet: str) -> str:
    """The zip part of a sheet, through xl/workbook.xml and its relationships."""
    book = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(rf'<sheet[^>]*name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', book)
    assert rid, sheet
    target = re.search(rf'<Relationship[^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
    )
    assert target, rid.group(1)
    value = target.group(1)
    return value.lstrip("/") if value.startswith("/") else f"xl/{value}"


def patch_sheet(path: Path, sheet: str, change: Callable[[bytes], bytes]) -> Path:
    parts = zip_parts(path)
    part = sheet_part(parts, sheet)
    patched = change(parts[part])
    assert patched != parts[part], f"patch of {sheet} changed nothing"
    parts[part] = patched
    return write_parts(path, parts)


def to_tcvn3(text: str) -> str:
    """What a .VnTime document pasted into Excel hands over: TCVN3 bytes read as Latin-1."""
    return encode_tcvn3(text)


def to_cp1258(text: str) -> bytes:
    """What Excel on Vietnamese Windows saves as "CSV": the base letter (ă, ơ, ...) then a combining tone mark.

    Python's cp1258 codec has no precomposed toned letters, so each one is split first.
    """
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append((base + "".join(p for p in parts if p in tones)).encode("cp1258"))
    return b"".join(out)


def write_valid_units(sub: Path, params: Params) -> list[Path]:
    """Three clean submissions (the 'other units' whose data must come out unchanged)."""
    return [
        save(
            workbook(
                params,
                info("S-TTTT", "Sở Thông tin và Truyền thông"),
                indicators=[
                    indicator("TC01", 90, 100),
                    indicator("TC02", "45/60"),
                    indicator("TC05", "1.245", "1.300"),
                ],
                products=[product("Cổng dữ liệu mở của tỉnh"), product("Tổng đài 1022")],
                collective=[COLLECTIVE],
                individuals=[
                    person(
                        "CN-S-TTTT-01",
                        full_name="Trần Thị Bình",
                        id_number="058090001234",
                        phone="0912 345 678",
                        email="binh.tt@ninhthuan.gov.vn",
                    )
                ],
            ),
            sub / VALID_FILES[0],
        ),
        simple(params, sub, "S-TP", "Sở Tư pháp", file=VALID_FILES[1], products=[product("Họp không giấy")]),
        save(
            workbook(params, info(None, "UBND xã Thành Hải", district="Phan Rang-Tháp Chàm")),
            sub / VALID_FILES[2],
        ),
    ]


def build_corpus(raw: Path, params: Params, names: list[str] | None = None) -> dict[str, Case]:
    """registry.csv, the valid units and every case (or the named ones) under ``raw``."""
    sub = raw / "submissions"
    sub.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE_RAW / "registry.csv", raw / "registry.csv")
    write_valid_units(sub, params)
    outside_of(sub).mkdir(exist_ok=True)
    return {name: CASES[name](sub, params) for name in (names or list(CASES))}


def outside_of(sub: Path) -> Path:
    """A folder beside the run's raw folder: what a symlink may point at, and must never be read."""
    raw = sub.parent
    return raw.parent / f"{raw.name}-outside"


def _one(name: str, path: Path, expect: Expect | list[Expect], behaviour: str, **extra: Any) -> Case:
    expects = tuple(expect) if isinstance(expect, list) else (expect,)
    return Case(name=name, files=(path,), expect=expects, behaviour=behaviour, extra=extra)


# --------------------------------------------------------------------------- files that cannot be read


@case
def case_zero_byte_file(sub: Path, params: Params) -> Case:
    path = sub / "22738.xlsx"
    path.write_bytes(b"")
    return _one("zero_byte_file", path, Expect("22738.xlsx", "file_unreadable", "rejected"), "rejected: empty file")


@case
def case_empty_workbook(sub: Path, params: Params) -> Case:
    path = save(Workbook(), sub / "22741.xlsx")
    return _one(
        "empty_workbook",
        path,
        [
            Expect("22741.xlsx", "missing_sheet", "rejected", sheet="DonVi"),
            Expect("22741.xlsx", "unknown_sheet", "rejected", sheet="Sheet", severity="info"),
        ],
        "rejected: no unit sheet; the blank 'Sheet' is listed as unknown",
    )


@case
def case_text_file_named_xlsx(sub: Path, params: Params) -> Case:
    path = sub / "22744.xlsx"
    path.write_text("Báo cáo gửi kèm - xem bản giấy\n", encoding="utf-8")
    return _one("text_file_named_xlsx", path, Expect("22744.xlsx", "file_unreadable", "rejected"), "rejected")


@case
def case_truncated_zip(sub: Path, params: Params) -> Case:
    path = simple(params, sub, "22747", "UBND phường Phủ Hà")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return _one("truncated_zip", path, Expect("22747.xlsx", "file_unreadable", "rejected"), "rejected: corrupt zip")


def _ole_file(path: Path, stream: str) -> Path:
    """The first sector of a compound (OLE/CFB) file, as Excel writes for .xls and encrypted workbooks."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    path.write_bytes(header.ljust(512, b"\x00") + stream.encode("utf-16-le").ljust(512, b"\x00"))
    return path


@case
def case_password_protected(sub: Path, params: Params) -> Case:
    path = _ole_file(sub / "22750.xlsx", "EncryptedPackage")
    return _one(
        "password_protected",
        path,
        Expect("22750.xlsx", "file_encrypted", "rejected"),
        "rejected: 'tệp được đặt mật khẩu', with how to remove the password",
    )


@case
def case_old_xls(sub: Path, params: Params) -> Case:
    path = Path(shutil.copyfile(FIXTURES / "22753.xls", sub / "22753.xls"))
    return _one(
        "old_xls",
        path,
        Expect("22753.xls", "text_date", sheet="DonVi", row=4, severity="warning"),
        "accepted: Excel 97-2003 .xls saved by LibreOffice, read like the .xlsx it came from",
        indicators=1,
    )


@case
def case_libreoffice_ods(sub: Path, params: Params) -> Case:
    path = Path(shutil.copyfile(FIXTURES / "22834.ods", sub / "22834.ods"))
    return _one(
        "libreoffice_ods",
        path,
        Expect("22834.ods", "text_date", sheet="SanPham", row=4, severity="warning"),
        "accepted: OpenDocument .ods saved by LibreOffice, read like the .xlsx it came from",
        indicators=1,
    )


@case
def case_fake_xls(sub: Path, params: Params) -> Case:
    path = _ole_file(sub / "22846.xls", "Workbook")
    return _one(
        "fake_xls",
        path,
        Expect("22846.xls", "file_unreadable", "rejected"),
        "rejected: a compound file without a readable workbook stream",
    )


@case
def case_csv_file(sub: Path, params: Params) -> Case:
    path = sub / "22898.csv"
    path.write_text("Mã tiêu chí,Tử số,Mẫu số\nTC01,5,10\n", encoding="utf-8")
    return _one("csv_file", path, Expect("22898.csv", "file_not_xlsx", "rejected"), "rejected: a .csv holds one sheet")


@case
def case_macro_xlsm(sub: Path, params: Params) -> Case:
    path = simple(params, sub, "22756", "UBND phường Tấn Tài", file="22756.xlsm")
    parts = zip_parts(path)
    parts["xl/vbaProject.bin"] = b'\xd0\xcf\x11\xe0 Sub Auto_Open(): Shell "calc": End Sub'
    write_parts(path, parts)
    return _one(
        "macro_xlsm",
        path,
        Expect("22756.xlsm", "file_macro", severity="warning"),
        "accepted: values read with a warning; no macro runs or is kept",
    )


@case
def case_macro_inside_xlsx(sub: Path, params: Params) -> Case:
    path = simple(params, sub, "22759", "UBND phường Kinh Dinh")
    parts = zip_parts(path)
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 Sub Workbook_Open(): End Sub"
    write_parts(path, parts)
    return _one(
        "macro_inside_xlsx",
        path,
        Expect("22759.xlsx", "file_macro", severity="warning"),
        "accepted: values read with a warning; no macro runs or is kept",
    )


@case
def case_excel_lock_file(sub: Path, params: Params) -> Case:
    path = sub / "~$22885.xlsx"
    path.write_bytes(b"\x0bNguyen Van A".ljust(165, b"\x20"))
    return _one("excel_lock_file", path, Expect("~$22885.xlsx", "file_unreadable", "rejected"), "rejected")


# --------------------------------------------------------------------------- sheets and headers


@case
def case_missing_sheet(sub: Path, params: Params) -> Case:
    book = workbook(params, info("22762", "UBND phường Đạo Long"))
    del book["SanPham"]
    path = save(book, sub / "22762.xlsx")
    return _one(
        "missing_sheet",
        path,
        Expect("22762.xlsx", "missing_sheet", sheet="SanPham", severity="error"),
        "accepted without products; the missing sheet is an error",
    )


@case
def case_renamed_sheet(sub: Path, params: Params) -> Case:
    book = workbook(params, info("22765", "UBND phường Đài Sơn"))
    book["ChiTieu"].title = "Bảng số liệu"
    path = save(book, sub / "22765.xlsx")
    return _one(
        "renamed_sheet",
        path,
        [
            Expect("22765.xlsx", "missing_sheet", sheet="ChiTieu"),
            Expect("22765.xlsx", "unknown_sheet", sheet="Bảng số liệu", severity="info"),
        ],
        "accepted; ChiTieu missing (error), the renamed sheet is unknown (info)",
    )


@case
def case_reordered_sheets_with_accents(sub: Path, params: Params) -> Case:
    book = workbook(params, info("22768", "UBND phường Đông Hải"))
    book["ChiTieu"].title = "1. Chỉ tiêu"
    book._sheets.reverse()  # the order a unit may drag the tabs into
    path = save(book, sub / "22768.xlsx")
    return _one(
        "reordered_sheets_with_accents",
        path,
        Expect("22768.xlsx", None),
        "accepted, read as usual (sheets found by name, accents and numbering ignored)",
        indicators=2,
    )


@case
def case_title_rows_push_header_down(sub: Path, params: Params) -> Case:
    book = workbook(params, info("22771", "UBND phường Mỹ Đông"), indicators=[indicator("TC01", -5, 100)])
    book["ChiTieu"].insert_rows(1, amount=5)
    path = save(book, sub / "22771.xlsx")
    return _one(
        "title_rows_push_header_down",
        path,
        Expect("22771.xlsx", "negative_count", sheet="ChiTieu", row=9, column="C"),
        "header found on row 8; the bad value is reported on its real row 9",
    )


@case
def case_header_below_search_window(sub: Path, params: Params) -> Case:
    book = workbook(params, info("22777", "UBND phường Văn Hải"))
    book["ChiTieu"].insert_rows(1, amount=20)
    path = save(book, sub / "22777.xlsx")
    return _one(
        "header_below_search_window",
        path,
        Expect("22777.xlsx", "header_not_found", sheet="ChiTieu"),
        "accepted; ChiTieu unread (header beyond header_search_rows)",
    )


@case
def case_extra_column(sub: Path, params: Params) -> Case:
    book = workbook(params, info("22779", "UBND phường Mỹ Bình"))
    book["ChiTieu"]["G3"] = "Ghi chú"
    book["ChiTieu"]["G4"] = "đã kiểm tra"
    path = save(book, sub / "22779.xlsx")
    return _one(
        "extra_column",
        path,
        Expect("22779.xlsx", "unknown_column", sheet="ChiTieu", row=3, column="G", severity="info"),
        "accepted; the extra column is ignored (info)",
    )


@case
def case_missing_column(sub: Path, params: Params) -> Case:
    book = workbook(params, info("22780", "UBND phường Mỹ Hải"))
    book["ChiTieu"]["A3"] = None
    path = save(book, sub / "22780.xlsx")
    return _one(
        "missing_column",
        path,
        Expect("22780.xlsx", "missing_column", sheet="ChiTieu", row=3, column="Mã tiêu chí"),
        "accepted; every ChiTieu row rejected (required column missing)",
    )


@case
def case_reordered_columns(sub: Path, params: Params) -> Case:
    book = workbook(params, info("22783", "UBND xã Phước Bình"), indicators=[indicator("TC01", "abc", 100)])
    sheet = book["ChiTieu"]
    width = len(sc.fields(sc.IndicatorModel))
    for row in sheet.iter_rows(min_row=3, max_row=sheet.max_row, max_col=width):
        values = [c.value for c in row]
        for cell, value in zip(row, reversed(values), strict=True):
            cell.value = value
    path = save(book, sub / "22783.xlsx")
    return _one(
        "reordered_columns",
        path,
        Expect("22783.xlsx", "not_a_number", sheet="ChiTieu", row=4, column="D"),
        "columns found by their title; the bad numerator is reported in its real column D",
    )


@case
def case_merged_cells(sub: Path, params: Params) -> Case:
    book = workbook(params, info("22786", "UBND xã Phước Hòa"), collective=[COLLECTIVE])
    book["KhenTapThe"].merge_cells("A4:E4")
    path = save(book, sub / "22786.xlsx")
    return _one(
        "merged_cells",
        path,
        [
            Expect("22786.xlsx", "merged_cells", sheet="KhenTapThe", row=4, column="A:E", severity="warning"),
            Expect("22786.xlsx", "required_missing", sheet="KhenTapThe", row=4),
        ],
        "merged cells reported; only the first holds the value, so the row lacks required cells",
    )


@case
def case_fifty_sheets(sub: Path, params: Params) -> Case:
    book = workbook(params, info("22870", "UBND thị trấn Phước Dân"))
    for i in range(1, 46):
        book.create_sheet(f"Phụ lục {i}")["A1"] = f"Bảng phụ {i}"
    path = save(book, sub / "22870.xlsx")
    return _one(
        "fifty_sheets",
        path,
        Expect("22870.xlsx", "unknown_sheet", sheet="Phụ lục 45", severity="info"),
        "accepted; 45 extra sheets listed as unknown (info), never read",
    )


@case
def case_duplicate_sheet(sub: Path, params: Params) -> Case:
    book = workbook(params, info("22873", "UBND xã Phước Sơn"))
    copy = book.copy_worksheet(book["ChiTieu"])
    copy.title = "ChiTieu (2)"
    copy["C4"] = 1
    path = save(book, sub / "22873.xlsx")
    return _one(
        "duplicate_sheet",
        path,
        Expect("22873.xlsx", "duplicate_sheet", sheet="ChiTieu (2)", severity="warning"),
        "accepted; the first ChiTieu is read, the copy reported",
    )


# --------------------------------------------------------------------------- formulas and error cells


@case
def case_formula_with_cached_value(sub: Path, params: Params) -> Case:
    path = simple(params, sub, "22789", "UBND xã Phước Tân", indicators=[indicator("TC01", "=45+45", 100)])
    patch_sheet(path, "ChiTieu", lambda xml: xml.replace(b"<f>45+45</f><v></v>", b"<f>45+45</f><v>90</v>"))
    return _one(
        "formula_with_cached_value",
        path,
        Expect("22789.xlsx", "formula_cached_value", sheet="ChiTieu", row=4, column="C", severity="warning"),
        "the cached value (90) is used, with a warning naming the cell",
        numerator=90,
    )


@case
def case_fraction_formula(sub: Path, params: Params) -> Case:
    # "=43/44" typed in the numerator cell, saved with Excel's cached value 0.977...
    path = simple(params, sub, "22909", "UBND xã Phước Diêm", indicators=[indicator("TC04", "=43/44")])
    patch_sheet(
        path, "ChiTieu", lambda xml: xml.replace(b"<f>43/44</f><v></v>", b"<f>43/44</f><v>0.977272727272727</v>")
    )
    return _one(
        "fraction_formula",
        path,
        Expect("22909.xlsx", "formula_fraction", sheet="ChiTieu", row=4, column="C", severity="warning"),
        "read like the text '43/44': numerator 43, denominator 44 (warning), not the cached 0.977",
    )


@case
def case_formula_without_value(sub: Path, params: Params) -> Case:
    path = simple(params, sub, "22792", "UBND xã Phước Tiến", indicators=[indicator("TC01", "=SUM(C10:C20)", 100)])
    return _one(
        "formula_without_value",
        path,
        Expect("22792.xlsx", "formula_no_value", sheet="ChiTieu", row=4, column="C", severity="error"),
        "the cell is rejected (no cached value; formulas are never evaluated)",
    )


@case
def case_excel_error_cells(sub: Path, params: Params) -> Case:
    path = simple(
        params,
        sub,
        "22795",
        "UBND xã Phước Thắng",
        indicators=[indicator("TC01", 90, "#DIV/0!"), indicator("TC04", 30, 60, "#REF!")],
    )
    return _one(
        "excel_error_cells",
        path,
        [
            Expect("22795.xlsx", "excel_error_value", sheet="ChiTieu", row=4, column="D"),
            Expect("22795.xlsx", "excel_error_value", sheet="ChiTieu", row=5, column="E"),
        ],
        "error cells rejected with their own rule (calamine alone would read them as empty)",
    )


# --------------------------------------------------------------------------- numbers, rates, dates


def _indicator_case(
    name: str, code: str, unit: str, row: dict[str, Any], rule: str, column: str | None, note: str
) -> Any:
    def make(sub: Path, params: Params) -> Case:
        path = simple(params, sub, code, unit, indicators=[row, indicator("TC04", 30, 60)])
        return _one(name, path, Expect(f"{code}.xlsx", rule, sheet="ChiTieu", row=4, column=column), note)

    make.__name__ = f"case_{name}"
    return case(make)


_indicator_case(
    "huge_count", "22798", "UBND xã Phước Thành", indicator("TC01", 1e12, 2e12), "count_too_large", "Tử số (số đạt)",
    "row rejected (beyond a plausible count)",
)  # fmt: skip
_indicator_case(
    "negative_count", "22801", "UBND xã Phước Đại", indicator("TC11", -3, 10), "negative_count", "C", "value rejected",
)  # fmt: skip
_indicator_case(
    "fractional_count", "22804", "UBND xã Phước Chính", indicator("TC01", 12.5, 20), "non_integer_count", "C",
    "value rejected",
)  # fmt: skip
_indicator_case(
    "numerator_above_denominator", "22807", "UBND xã Phước Trung", indicator("TC05", 120, 100),
    "numerator_above_denominator", None, "row rejected",
)  # fmt: skip
_indicator_case(
    "rate_above_100", "22810", "UBND thị trấn Tân Sơn", indicator("TC01", 90, 100, "150%"), "rate_above_100", "E",
    "reported rate rejected; numerator/denominator kept",
)  # fmt: skip


def _product_case(name: str, code: str, unit: str, on: Any, rule: str, column: str, note: str) -> Any:
    def make(sub: Path, params: Params) -> Case:
        path = simple(params, sub, code, unit, products=[product("Bản đồ số du lịch", on=on)])
        return _one(name, path, Expect(f"{code}.xlsx", rule, sheet="SanPham", row=4, column=column), note)

    make.__name__ = f"case_{name}"
    return case(make)


_product_case(
    "date_in_the_future", "22813", "UBND xã Lâm Sơn", "15/06/2031", "date_outside_period", "Ngày đưa vào sử dụng",
    "row rejected",
)  # fmt: skip
_product_case(
    "date_before_the_year", "22816", "UBND xã Lương Sơn", "20/12/2022", "date_outside_period",
    "Ngày đưa vào sử dụng", "row rejected",
)  # fmt: skip
_product_case(
    "ambiguous_month_first_date", "22819", "UBND xã Quảng Sơn", "12/14/2023", "invalid_date", "B",
    "row rejected: read day-first, never swapped",
)  # fmt: skip


# --------------------------------------------------------------------------- units


@case
def case_unknown_unit_code(sub: Path, params: Params) -> Case:
    path = simple(params, sub, "99999", "UBND xã Không Có")
    return _one(
        "unknown_unit_code",
        path,
        Expect("99999.xlsx", "unit_unknown", "rejected", sheet="DonVi"),
        "rejected whole; every row counted as rejected",
    )


@case
def case_unit_code_twice_in_one_file(sub: Path, params: Params) -> Case:
    path = save(
        workbook(params, [info("22822", "UBND xã Mỹ Sơn"), info("22822", "UBND xã Mỹ Sơn")]), sub / "22822.xlsx"
    )
    return _one(
        "unit_code_twice_in_one_file",
        path,
        Expect("22822.xlsx", "duplicate_key", sheet="DonVi", row=5),
        "accepted; the repeated unit row rejected",
    )


@case
def case_two_units_in_one_file(sub: Path, params: Params) -> Case:
    path = save(
        workbook(params, [info("22825", "UBND xã Hòa Sơn"), info("22828", "UBND xã Ma Nới")]), sub / "22825.xlsx"
    )
    return _one(
        "two_units_in_one_file",
        path,
        Expect("22825.xlsx", "unit_info_extra_row", sheet="DonVi", row=5),
        "accepted for the first unit; the second unit row rejected",
    )


@case
def case_commune_under_the_wrong_district(sub: Path, params: Params) -> Case:
    path = save(workbook(params, info("22831", "UBND xã Nhơn Sơn", district="Thuận Nam")), sub / "22831.xlsx")
    return _one(
        "commune_under_the_wrong_district",
        path,
        Expect("22831.xlsx", "district_mismatch", sheet="DonVi", row=4, severity="warning"),
        "accepted by its code (Nhơn Sơn is in Ninh Sơn), warning",
    )


@case
def case_code_and_name_of_two_units(sub: Path, params: Params) -> Case:
    # 22852 is Phương Hải (Ninh Hải); the name and district given are Phước Hải (Ninh Phước, 22894).
    path = save(workbook(params, info("22852", "UBND xã Phước Hải", district="Ninh Phước")), sub / "22852.xlsx")
    return _one(
        "code_and_name_of_two_units",
        path,
        Expect("22852.xlsx", "unit_conflict", "rejected", sheet="DonVi", row=4),
        "rejected: the code and the name point at two units, both named in the detail",
    )


@case
def case_same_unit_twice_same_date(sub: Path, params: Params) -> Case:
    first = simple(params, sub, "22855", "UBND xã Tân Hải")
    second = simple(
        params, sub, "22855", "UBND xã Tân Hải", file="22855_sua.xlsx", products=[product("Wifi công cộng")]
    )
    return Case(
        name="same_unit_twice_same_date",
        files=(first, second),
        expect=(
            Expect("22855_sua.xlsx", "same_date_resubmission", severity="warning"),
            Expect("22855.xlsx", "superseded", "superseded", severity="info"),
        ),
        behaviour="the later file name is used; the other is superseded and kept in the record",
    )


# --------------------------------------------------------------------------- text


@case
def case_nfd_text(sub: Path, params: Params) -> Case:
    nfd = unicodedata.normalize("NFD", "Ủy ban nhân dân xã Xuân Hải")
    path = simple(params, sub, "22858", nfd, products=[product(unicodedata.normalize("NFD", "Bản đồ số"))])
    return _one(
        "nfd_text",
        path,
        Expect("22858.xlsx", "text_repaired", sheet="DonVi", row=4, column="B", severity="warning"),
        "repaired to NFC (warning), kept",
    )


@case
def case_tcvn3_text(sub: Path, params: Params) -> Case:
    path = simple(
        params, sub, "22861", "UBND xã Hộ Hải", individuals=[person("CN-22861-01", full_name=to_tcvn3("Phạm Thị Thủy"))]
    )
    return _one(
        "tcvn3_text",
        path,
        Expect("22861.xlsx", "text_repaired", sheet="KhenCaNhan", row=4, column="B", severity="warning"),
        "decoded from TCVN3 (warning), kept",
        full_name="Phạm Thị Thủy",
    )


@case
def case_latin1_text_that_is_not_tcvn3(sub: Path, params: Params) -> Case:
    path = simple(
        params,
        sub,
        "22900",
        "UBND xã Nhị Hà",
        products=[product("Cổng dịch vụ của Công ty TNHH ABC®")],
        individuals=[person("CN-22900-01", full_name="Müller Hoàng")],
    )
    return _one(
        "latin1_text_that_is_not_tcvn3",
        path,
        Expect("22900.xlsx", None),
        "kept exactly as typed: '®' and 'ü' alone do not make TCVN3",
    )


@case
def case_invisible_and_control_characters(sub: Path, params: Params) -> Case:
    path = simple(
        params,
        sub,
        "2286\u200b4",
        "UBND xã Tri\u202e Hải",
        file="22864.xlsx",
        products=[product("Bản đồ\u200d số", evidence="CONTROL_PLACEHOLDER")],
    )
    patch_sheet(path, "SanPham", lambda xml: xml.replace(b"CONTROL_PLACEHOLDER", "Ninh_x0007_Sơn".encode()))
    return _one(
        "invisible_and_control_characters",
        path,
        [
            Expect("22864.xlsx", "text_repaired", sheet="DonVi", row=4, column="A"),
            Expect("22864.xlsx", "text_repaired", sheet="SanPham", row=4, column="D"),
        ],
        "zero-width, right-to-left override and control characters removed (warning); the code still matches",
    )


@case
def case_one_megabyte_cell(sub: Path, params: Params) -> Case:
    words = ["chuyển", "đổi", "số", "hồ", "sơ", "trực", "tuyến", "dữ", "liệu", "Ninh", "Thuận", "kết", "nối"]
    rng = random.Random(2023)
    text = " ".join(rng.choice(words) for _ in range(200_000))[:1_000_000]
    # openpyxl cuts a cell at Excel's 32,767 characters; the part is patched to hold the whole megabyte.
    path = simple(params, sub, "22867", "UBND xã Nhơn Hải", products=[product("Sổ tay số", evidence="BIG_CELL")])
    patch_sheet(path, "SanPham", lambda xml: xml.replace(b"BIG_CELL", text.encode("utf-8")))
    return _one(
        "one_megabyte_cell",
        path,
        Expect("22867.xlsx", "cell_too_large", sheet="SanPham", row=4, column="D"),
        "the cell is refused unread (max_text_chars); the product row is kept",
    )


@case
def case_long_free_text(sub: Path, params: Params) -> Case:
    evidence = "Báo cáo số 125/BC-UBND, " + "đ" * (2560 - 24)  # 2,560 characters
    summary = "Tỷ lệ hồ sơ trực tuyến 68%. " * 75  # 2,100 characters
    path = simple(
        params,
        sub,
        "22885",
        "UBND xã Phước Hà",
        indicators=[{**indicator("TC04", 45, 60), "evidence_ref": evidence}],
        collective=[{**COLLECTIVE, "achievement_summary": summary}],
    )
    return _one(
        "long_free_text",
        path,
        [
            Expect("22885.xlsx", "text_truncated", sheet="ChiTieu", row=4, column="F", severity="warning"),
            Expect("22885.xlsx", "text_truncated", sheet="KhenTapThe", row=4, column="I", severity="warning"),
        ],
        "cut to max_text_kept (2,000 characters, ending with …) with a warning; the counts and the nomination are kept",
    )


@case
def case_rate_without_counts(sub: Path, params: Params) -> Case:
    path = simple(
        params,
        sub,
        "22897",
        "UBND xã Phước Nam",
        indicators=[indicator("TC01", 90, 100), indicator("TC04", None, None, "100%"), indicator("TC05", None, 12)],
    )
    return _one(
        "rate_without_counts",
        path,
        [
            Expect("22897.xlsx", "rate_only", sheet="ChiTieu", row=5, column="Tỷ lệ (%)", severity="error"),
            Expect("22897.xlsx", "count_pair_incomplete", sheet="ChiTieu", row=6, column="Tử số (số đạt)"),
        ],
        "rows kept, the typed rate only as a cross-check; TC04 and TC05 count as missing (not 100 %)",
    )


@case
def case_hundred_thousand_blank_rows(sub: Path, params: Params) -> Case:
    path = simple(params, sub, "22868", "UBND xã Thanh Hải")
    blank = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t xml:space="preserve"> </t></is></c>'
        f'<c r="D{r}" t="inlineStr"><is><t xml:space="preserve">  </t></is></c></row>'
        for r in range(5, 100_005)
    ).encode()
    patch_sheet(path, "SanPham", lambda xml: xml.replace(b"</sheetData>", blank + b"</sheetData>", 1))
    return _one(
        "hundred_thousand_blank_rows",
        path,
        Expect("22868.xlsx", "blank_rows_ignored", sheet="SanPham", row=5, severity="info"),
        "the 100,000 blank rows are cut off while the sheet is scanned, never parsed; the product is kept",
        blank_rows=100_000,
    )


@case
def case_markup_in_names(sub: Path, params: Params) -> Case:
    path = simple(
        params,
        sub,
        "22876",
        "UBND xã Phước Thái",
        products=[product(PLANTED_MARKUP[0])],
        individuals=[person("CN-22876-01", full_name=PLANTED_MARKUP[1], achievement_summary="<b>Đạt</b> chỉ tiêu")],
    )
    return _one(
        "markup_in_names",
        path,
        [
            Expect("22876.xlsx", "markup_in_text", sheet="SanPham", row=4, column="A", severity="warning"),
            Expect("22876.xlsx", "markup_in_text", sheet="KhenCaNhan", row=4, column="B", severity="warning"),
        ],
        "kept as text (warning); escaped in the report, inert in csv/xlsx",
    )


@case
def case_formula_injection_strings(sub: Path, params: Params) -> Case:
    book = workbook(
        params,
        info("22879", "UBND xã Phước Hậu"),
        products=[product(PLANTED_FORMULAS[0])],
        collective=[{**COLLECTIVE, "achievement_summary": "-2+3+cmd|' /C calc'!A0"}],
        individuals=[
            person("CN-22879-01", full_name="=1+2", initiative_name=PLANTED_FORMULAS[1], position=PLANTED_FORMULAS[2])
        ],
    )
    for sheet, ref in (("SanPham", "A4"), ("KhenCaNhan", "B4"), ("KhenTapThe", "I4")):
        as_text(book, sheet, ref)
    path = save(book, sub / "22879.xlsx")
    return _one(
        "formula_injection_strings",
        path,
        [
            Expect("22879.xlsx", "formula_like_text", sheet="SanPham", row=4, column="A", severity="warning"),
            Expect("22879.xlsx", "formula_like_text", sheet="KhenCaNhan", row=4, column="C"),
            Expect("22879.xlsx", "formula_like_text", sheet="KhenCaNhan", row=4, column="H"),
            Expect("22879.xlsx", "formula_like_text", sheet="KhenTapThe", row=4, column="I"),
        ],
        "kept as text (warning); csv cells start with ', xlsx cells are string cells",
    )


@case
def case_personal_data_in_free_text(sub: Path, params: Params) -> Case:
    path = simple(
        params,
        sub,
        "22894",
        "UBND xã Phước Hải",
        products=[product("Ứng dụng phản ánh hiện trường", evidence="Liên hệ 0987654321 để xem")],
        individuals=[
            person(
                "CN-22894-01",
                position="Chuyên viên, ĐT 0259.3822.123",
                initiative_name="Số hóa hồ sơ (CCCD 079203004567)",
                achievement_summary="Liên hệ 0912 345 678 hoặc an.nv@gmail.com",
            )
        ],
    )
    return _one(
        "personal_data_in_free_text",
        path,
        [
            Expect("22894.xlsx", "personal_data_redacted", sheet="KhenCaNhan", row=4, column="K", severity="warning"),
            Expect("22894.xlsx", "personal_data_redacted", sheet="KhenCaNhan", row=4, column="C"),
            Expect("22894.xlsx", "personal_data_redacted", sheet="KhenCaNhan", row=4, column="H"),
            Expect("22894.xlsx", "personal_data_redacted", sheet="SanPham", row=4, column="D"),
        ],
        "hidden as '[đã ẩn]' when read (warning, the value is not repeated)",
    )


@case
def case_id_number_typed_as_a_number(sub: Path, params: Params) -> Case:
    path = simple(
        params,
        sub,
        "22912",
        "UBND xã Phước Vinh",
        individuals=[person("CN-22912-01", id_number=58090001234, phone="091-23", email="khong co")],
    )
    return _one(
        "id_number_typed_as_a_number",
        path,
        Expect("22912.xlsx", "value_rejected", sheet="KhenCaNhan", row=4, column="Số CCCD", severity="warning"),
        "the malformed ID is dropped with a warning; the nomination is kept",
    )


# --------------------------------------------------------------------------- file names and links


@case
def case_path_like_file_name(sub: Path, params: Params) -> Case:
    path = simple(params, sub, "22882", "UBND xã Phước Thuận", file="..\\..\\22882.xlsx")
    return _one(
        "path_like_file_name",
        path,
        Expect("..\\..\\22882.xlsx", "file_name_unusual", severity="info"),
        "read as a plain file name (never a path), noted (info)",
    )


@case
def case_non_ascii_file_name(sub: Path, params: Params) -> Case:
    name = "Báo cáo xã An Hải (bản cuối).xlsx"
    path = simple(params, sub, "22888", "UBND xã An Hải", file=name)
    return _one("non_ascii_file_name", path, Expect(name, None), "accepted under its own name")


@case
def case_hidden_characters_in_file_name(sub: Path, params: Params) -> Case:
    path = simple(params, sub, "22891", "UBND xã Phước Hữu", file="22891\u202e\nxslx.xlsx")
    return _one(
        "hidden_characters_in_file_name",
        path,
        Expect("22891[U+202E][U+000A]xslx.xlsx", "file_name_unusual", severity="info"),
        "recorded under a visible name (the override and the line break shown as codes)",
    )


@case
def case_symlink_to_a_file(sub: Path, params: Params) -> Case:
    path = sub / "22837.xlsx"
    os.symlink("/etc/passwd", path)
    return _one("symlink_to_a_file", path, Expect("22837.xlsx", "file_symlink", "rejected"), "rejected, never followed")


@case
def case_symlink_to_a_folder(sub: Path, params: Params) -> Case:
    outside = outside_of(sub) / "folder"
    outside.mkdir(parents=True, exist_ok=True)
    simple(params, outside, "22840", "UBND xã Công Hải")
    path = sub / "lien_ket"
    os.symlink(outside, path, target_is_directory=True)
    return _one("symlink_to_a_folder", path, Expect("lien_ket", "file_symlink", "rejected"), "rejected, never followed")


# --------------------------------------------------------------------------- resource exhaustion and xml tricks


@case
def case_zip_bomb(sub: Path, params: Params) -> Case:
    path = simple(params, sub, "22843", "UBND xã Phước Kháng")
    parts = zip_parts(path)
    parts["xl/media/image1.bin"] = b"\x00" * (30 * 1024 * 1024)
    write_parts(path, parts)
    assert path.stat().st_size < 1024 * 1024
    return _one(
        "zip_bomb",
        path,
        Expect("22843.xlsx", "zip_ratio_too_high", "rejected"),
        "rejected before anything is decompressed (max_zip_ratio)",
    )


@case
def case_cell_at_the_far_corner(sub: Path, params: Params) -> Case:
    path = simple(params, sub, "22849", "UBND xã Lợi Hải")
    far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'
    patch_sheet(path, "ChiTieu", lambda xml: xml.replace(b"</sheetData>", far + b"</sheetData>", 1))
    return _one(
        "cell_at_the_far_corner",
        path,
        Expect("22849.xlsx", "sheet_too_large", "rejected", sheet="ChiTieu"),
        "rejected before calamine would allocate 17 billion cells (max_cells_per_sheet)",
    )


@case
def case_false_shared_string_count(sub: Path, params: Params) -> Case:
    path = simple(params, sub, "22853", "UBND xã Bắc Sơn")
    parts = zip_parts(path)
    ns = "http://schemas.openxmlformats.org"
    parts["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{ns}/spreadsheetml/2006/main" count="2000000000" uniqueCount="2000000000"><si><t>x</t></si></sst>'
    ).encode()
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdSS" Type="{ns}/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>'.encode(),
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    write_parts(path, parts)
    return _one(
        "false_shared_string_count",
        path,
        Expect("22853.xlsx", "xlsx_structure_unsafe", "rejected"),
        "rejected before calamine would reserve memory for two billion strings",
    )


@case
def case_external_entity(sub: Path, params: Params) -> Case:
    path = simple(params, sub, "22856", "ENTITY_PLACEHOLDER")

    def inject(xml: bytes) -> bytes:
        doctype = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        xml = re.sub(rb"<worksheet", doctype + b"<worksheet", xml, count=1)
        return xml.replace(b"ENTITY_PLACEHOLDER", b"&xxe;")

    patch_sheet(path, "DonVi", inject)
    return _one(
        "external_entity",
        path,
        Expect("22856.xlsx", "xlsx_structure_unsafe", "rejected"),
        "rejected; no entity is resolved, nothing from the server's disk leaks",
    )
