"""Reading one sheet against its schema, and judging many sheets at once (ingest.sheet_parsing, workbook_reader)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pytest

from lib.contract import schemas as sc
from lib.contract.params import Params
from lib.ingest.sheet_parsing import label_key, parse_sheet, validate_table
from lib.ingest.text_repair import strip_diacritics
from lib.ingest.workbook_reader import read_workbook, sheet_key
from lib.publish.template import FIRST_DATA_ROW, HEADER_ROW, build_workbook
from lib.publish.workbooks import save_workbook

INDICATOR_TITLES = [c.title for c in sc.fields(sc.IndicatorModel).values()]
PRODUCT_TITLES = [c.title for c in sc.fields(sc.ProductModel).values()]


def indicator_grid(*rows: list[Any], titles: list[str] | None = None, above: int = 2) -> list[list[Any]]:
    """A ChiTieu grid: ``above`` title rows, the header, then the rows as given."""
    header = titles or INDICATOR_TITLES
    return [["SỐ LIỆU TIÊU CHÍ", *[None] * (len(header) - 1)]] * above + [header, *rows]


def parse_indicators(grid: list[list[Any]], file: str = "u.xlsx") -> Any:
    return parse_sheet(grid, sc.IndicatorModel, file=file, sheet="ChiTieu")


def rules_of(issues: list[Any]) -> list[str]:
    return [i.rule for i in issues]


def test_header_found_below_title_rows() -> None:
    grid = indicator_grid(["TC01", "Văn bản ký số", 90, 100, None, None], above=6)
    result = parse_indicators(grid)
    assert result.sheet_problem is None
    assert result.rows_read == 1
    row = result.frame.iloc[0]
    assert (row["criterion_code"], row["numerator"], row["denominator"]) == ("TC01", 90, 100)
    assert row["_row"] == 8  # six title rows, the header on row 7, data on row 8


def test_header_not_found_is_a_sheet_problem() -> None:
    grid = [["Báo cáo"], ["a", "b", "c"]]
    result = parse_indicators(grid)
    assert result.sheet_problem == "header_not_found"
    assert rules_of(result.issues) == ["header_not_found"]
    assert result.frame.empty


def test_header_search_is_bounded() -> None:
    grid = indicator_grid(["TC01", None, 1, 2, None, None], above=20)
    assert parse_sheet(grid, sc.IndicatorModel, file="u", sheet="s", search_rows=15).sheet_problem == "header_not_found"


def test_columns_mapped_by_label_without_diacritics_and_in_another_order() -> None:
    titles = ["Mau so (tong so)", "TỬ SỐ (SỐ ĐẠT)", "Ma tieu chi", "Tỷ lệ (%)", "Ghi chú riêng"]
    grid = indicator_grid([60, "45", "TC02", None, "không dùng"], titles=titles)
    result = parse_indicators(grid)
    row = result.frame.iloc[0]
    assert (row["criterion_code"], row["numerator"], row["denominator"]) == ("TC02", 45, 60)
    unknown = [i for i in result.issues if i.rule == "unknown_column"]
    assert [(i.column, i.value, i.severity) for i in unknown] == [("E", "Ghi chú riêng", "info")]


def test_columns_mapped_by_nfd_labels_and_field_names() -> None:
    titles = [unicodedata.normalize("NFD", "Mã tiêu chí"), "numerator", "denominator"]
    result = parse_indicators(indicator_grid(["TC03", 1, 2], titles=titles))
    assert result.frame.iloc[0][["criterion_code", "numerator", "denominator"]].tolist() == ["TC03", 1, 2]


def test_label_key_ignores_accents_case_and_punctuation() -> None:
    assert label_key("Tử số (số đạt)") == label_key("tu so so dat") == "tusosodat"
    assert label_key(None) == ""


def test_blank_rows_are_skipped_and_not_counted() -> None:
    grid = indicator_grid(
        ["TC01", None, 1, 2, None, None],
        [None] * 6,
        ["", "  ", None, "\u200b", None, None],
        ["TC02", None, 3, 4, None, None],
    )
    result = parse_indicators(grid)
    assert result.rows_read == 2
    assert result.rejected_rows == set()
    assert result.frame["_row"].tolist() == [4, 7]


def test_subtotal_row_is_rejected() -> None:
    grid = indicator_grid(["TC01", None, 1, 2, None, None], ["Tổng cộng", None, 999, None, None, None])
    result = parse_indicators(grid)
    assert result.rows_read == 2
    assert result.rejected_rows == {5}
    (issue,) = [i for i in result.issues if i.rule == "subtotal_row"]
    assert (issue.file, issue.sheet, issue.row, issue.value) == ("u.xlsx", "ChiTieu", 5, "Tổng cộng")
    assert len(result.frame) == 1


@pytest.mark.parametrize("label", ["Tổng cộng", "TỔNG CỘNG", "Tổng số", "Tổng:", "Cộng", "Tổng số sản phẩm"])
def test_subtotal_labels(label: str) -> None:
    grid = [PRODUCT_TITLES, [label, dt.date(2023, 5, 1), None, None]]
    result = parse_sheet(grid, sc.ProductModel, file="u", sheet="SanPham")
    assert rules_of(result.issues) == ["subtotal_row"]


@pytest.mark.parametrize("name", ["Cổng dữ liệu mở", "Tổng đài 1022 tiếp nhận phản ánh", "Cộng đồng số Phước Dinh"])
def test_product_names_that_resemble_a_subtotal_are_kept(name: str) -> None:
    """Diacritics and the next word matter: 'Cổng' is a portal, 'Tổng đài' a call centre."""
    grid = [PRODUCT_TITLES, [name, dt.date(2023, 5, 1), None, None]]
    result = parse_sheet(grid, sc.ProductModel, file="u", sheet="SanPham")
    assert result.issues == []
    assert result.frame["product_name"].tolist() == [name]


def test_missing_required_column_rejects_every_row() -> None:
    titles = [t for t in INDICATOR_TITLES if t != "Mã tiêu chí"]
    grid = indicator_grid([None, 1, 2, None, None], [None, 3, 4, None, None], titles=titles)
    result = parse_indicators(grid)
    assert result.rows_read == 2
    assert result.rejected_rows == {4, 5}
    assert result.frame.empty
    (issue,) = result.issues
    assert (issue.rule, issue.row, issue.column, issue.action) == ("missing_column", 3, "Mã tiêu chí", "rejected_row")


def test_fraction_in_numerator_with_blank_denominator_is_split() -> None:
    result = parse_indicators(indicator_grid(["TC02", None, "45/60", None, None, None]))
    row = result.frame.iloc[0]
    assert (row["numerator"], row["denominator"]) == (45, 60)
    (issue,) = result.issues
    assert (issue.rule, issue.value, issue.severity, issue.row) == ("fraction_in_cell", "45/60", "warning", 4)


def test_fraction_in_numerator_with_a_denominator_too_is_rejected() -> None:
    """The two disagree or repeat each other; neither is guessed."""
    result = parse_indicators(indicator_grid(["TC02", None, "45/60", 70, None, None]))
    assert result.frame.empty
    assert result.rejected_rows == {4}
    assert rules_of(result.issues) == ["not_a_number"]


def test_bad_value_in_a_required_cell_rejects_the_row_in_an_optional_cell_only_the_value() -> None:
    grid = [PRODUCT_TITLES, ["Bản đồ số", "hôm qua", None, None], ["Họp không giấy", "01/03/2023", None, "x"]]
    result = parse_sheet(grid, sc.ProductModel, file="u", sheet="SanPham")
    assert result.rejected_rows == {2}
    assert [(i.rule, i.row, i.action) for i in result.issues if i.severity == "error"] == [
        ("not_a_date", 2, "rejected_row")
    ]
    grid = indicator_grid(["TC01", None, -5, 10, None, None])
    result = parse_indicators(grid)
    assert result.rejected_rows == set()
    assert pd.isna(result.frame.iloc[0]["numerator"])
    assert [(i.rule, i.column, i.value, i.action) for i in result.issues] == [
        ("negative_count", "C (Tử số (số đạt))", "-5", "rejected_value")
    ]


def test_repairs_are_reported_with_their_cell() -> None:
    result = parse_indicators(indicator_grid(["TC04", None, "1.245", "1.660", "75,0%", None]))
    row = result.frame.iloc[0]
    assert (row["numerator"], row["denominator"], row["reported_rate"]) == (1245, 1660, 0.75)
    assert [(i.rule, i.column, i.value) for i in result.issues] == [
        ("text_number", "C (Tử số (số đạt))", "1.245"),
        ("text_number", "D (Mẫu số (tổng số))", "1.660"),
        ("text_percent", "E (Tỷ lệ (%))", "75,0%"),
    ]


def typed_indicators(file: str, rows: list[tuple[str, float | None, float | None]]) -> pd.DataFrame:
    grid = indicator_grid(*[[code, None, num, den, None, None] for code, num, den in rows])
    result = parse_indicators(grid, file=file)
    assert result.rejected_rows == set()
    return result.frame


def test_validate_table_maps_failures_back_to_file_sheet_and_row(params_2023) -> None:
    typed = pd.concat(
        [
            typed_indicators("a.xlsx", [("TC01", 1, 2), ("TC05", 28, 21)]),
            typed_indicators("b.xlsx", [("TC1", 1, 2), ("TC02", 3, 4)]),
        ],
        ignore_index=True,
    )
    checked = validate_table(typed, sc.IndicatorModel, schema=sc.titled_schema(sc.IndicatorModel, params_2023))
    where = sorted((i.file, i.sheet, i.row, i.rule, i.value) for i in checked.issues)
    assert where == [
        ("a.xlsx", "ChiTieu", 5, "numerator_above_denominator", "28/21"),
        ("b.xlsx", "ChiTieu", 4, "unknown_criterion", "TC1"),  # not a code of params criteria
    ]
    assert sorted(map(tuple, checked.rejected.to_numpy().tolist())) == [("a.xlsx", 5), ("b.xlsx", 4)]
    assert sorted(zip(checked.valid["_file"], checked.valid["criterion_code"], strict=True)) == [
        ("a.xlsx", "TC01"),
        ("b.xlsx", "TC02"),
    ]


def test_validate_table_rejects_duplicate_keys_within_a_file_only() -> None:
    typed = pd.concat(
        [
            typed_indicators("a.xlsx", [("TC01", 1, 2), ("TC01", 3, 4)]),
            typed_indicators("b.xlsx", [("TC01", 5, 6)]),
        ],
        ignore_index=True,
    )
    checked = validate_table(typed, sc.IndicatorModel)
    assert [(i.file, i.row, i.rule, i.value) for i in checked.issues] == [("a.xlsx", 5, "duplicate_key", "TC01")]
    assert sorted(zip(checked.valid["_file"], checked.valid["numerator"], strict=True)) == [
        ("a.xlsx", 1),
        ("b.xlsx", 5),
    ]


def test_validate_table_applies_extra_checks_with_their_rule() -> None:
    typed = typed_indicators("a.xlsx", [("TC01", 1, 2), ("TC99", 1, 2)])
    extra = {"criterion_code": pa.Check(lambda s: s.isin({"TC01"}), error="unknown_criterion")}
    checked = validate_table(typed, sc.IndicatorModel, extra)
    assert [(i.row, i.rule) for i in checked.issues] == [(5, "unknown_criterion")]


def test_validate_table_of_nothing_is_empty() -> None:
    empty = parse_indicators(indicator_grid()).frame
    checked = validate_table(empty, sc.IndicatorModel)
    assert checked.valid.empty and checked.rejected.empty and checked.issues == []


def test_a_too_short_text_is_not_reported_as_too_long() -> None:
    grid = [PRODUCT_TITLES, ["AB", "01/03/2023", None, None]]
    typed = parse_sheet(grid, sc.ProductModel, file="u", sheet="SanPham").frame
    (issue,) = validate_table(typed, sc.ProductModel).issues
    assert issue.rule == "value_rejected"
    long = parse_sheet([PRODUCT_TITLES, ["A" * 301, "01/03/2023", None, None]], sc.ProductModel, file="u", sheet="S")
    assert [i.rule for i in validate_table(long.frame, sc.ProductModel).issues] == ["text_too_long"]


def test_rejected_personal_values_never_reach_the_issue_list(params: Params) -> None:
    """A mistyped ID number rejects the row, but the issue (shown in the report) must not repeat it."""
    person = {
        "person_code": "CN-1-01",
        "full_name": "Trần Thị Bình",
        "is_leader": "Không",
        "annual_rating": "Hoàn thành tốt nhiệm vụ",
        "products_led": 1,
        "initiative_level": "Cấp cơ sở",
        "training_courses": 2,
        "has_proposal": "Có",
        "has_achievement_report": "Có",
        "has_council_minutes": "Có",
        "dossier_sent_on": "08/12/2023",
        "disciplined": "Không",
        "under_investigation": "Không",
        "id_number": "58090001234",
    }
    columns = sc.fields(sc.IndividualNominationModel)
    grid = [[c.title for c in columns.values()], [person.get(name) for name in columns]]
    parsed = parse_sheet(grid, sc.IndividualNominationModel, file="u", sheet="KhenCaNhan")
    checked = validate_table(parsed.frame, sc.IndividualNominationModel)
    (issue,) = checked.issues
    assert (issue.rule, issue.column, issue.row) == ("value_rejected", "Số CCCD", 2)
    assert "58090001234" not in f"{issue.value} {issue.detail}"


def test_workbook_from_the_template_reads_back(tmp_path: Path, params: Params) -> None:
    """The template writes the header on row 3 and data from row 4; the reader finds both."""
    rows = {sc.IndicatorModel: [{"criterion_code": "TC01", "numerator": 9, "denominator": 10}]}
    path = tmp_path / "u.xlsx"
    save_workbook(build_workbook(params, rows), path)
    grid = read_workbook(path, params.ingest.limits, [sc.sheet_name(sc.IndicatorModel)])
    assert grid.problem is None
    sheet = grid.matched["ChiTieu"]
    result = parse_sheet(grid.sheets[sheet], sc.IndicatorModel, file="u.xlsx", sheet=sheet)
    assert result.frame["_row"].tolist() == [FIRST_DATA_ROW]
    assert grid.sheets[sheet][HEADER_ROW - 1][0] == "Mã tiêu chí"


def test_sheet_names_match_with_or_without_accents_spaces_or_numbering() -> None:
    assert sheet_key("1. Chỉ tiêu") == sheet_key("ChiTieu") == sheet_key("chi_tieu")
    assert strip_diacritics("Khen Cá Nhân").replace(" ", "") == "khencanhan"
