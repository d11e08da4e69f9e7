"""Reading cells as unit staff type them: numbers, counts, rates, dates, yes/no, choices (lib.ingest.value_parsing)."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.contract.labels import ANNUAL_RATINGS, INITIATIVE_LEVELS
from lib.ingest.value_parsing import (
    Parsed,
    is_blank,
    parse_bool,
    parse_choice,
    parse_code,
    parse_count,
    parse_date,
    parse_fraction,
    parse_rate,
    parse_text,
    parse_vn_number,
)


def with_dots(n: int) -> str:
    """An integer written the Vietnamese way, dots between thousands: 1234567 -> '1.234.567'."""
    return f"{n:,}".replace(",", ".")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.245", 1245.0),
        ("1.245,5", 1245.5),
        ("75,5", 75.5),
        ("12.345.678", 12345678.0),
        ("1245", 1245.0),
        (" 1.245 ", 1245.0),
        ("1\xa0245", 1245.0),
        ("-7", -7.0),
        ("0,5", 0.5),
        ("0,755", 0.755),
        ("1245,755", 1245.755),
    ],
)
def test_vietnamese_numbers_typed_as_text(raw: str, value: float) -> None:
    parsed = parse_vn_number(raw)
    assert parsed == Parsed(value=value, repaired="text_number")


def test_comma_with_three_decimals_is_ambiguous_only_when_it_could_be_english() -> None:
    """'1,245' could be 1245; '0,755' and '1245,755' cannot be English thousands, so they are decimals."""
    assert parse_vn_number("1,245").problem == "ambiguous_separator"
    assert parse_vn_number("0,755").value == pytest.approx(0.755)


def test_real_numbers_are_kept_without_a_repair() -> None:
    assert parse_vn_number(1245) == Parsed(value=1245.0)
    assert parse_vn_number(75.5) == Parsed(value=75.5)


@pytest.mark.parametrize("raw", ["1,245", "3.5", "12,000", "0.75", "-1,245"])
def test_ambiguous_separators_are_rejected_not_guessed(raw: str) -> None:
    """'1,245' is 1.245 in Vietnamese and 1245 in English; '3.5' the other way round."""
    assert parse_vn_number(raw) == Parsed(problem="ambiguous_separator")


@pytest.mark.parametrize("raw", ["abc", "12a", "1.2.3", "1.24.5", True, math.inf, "75%"])
def test_non_numbers_are_rejected(raw: object) -> None:
    assert parse_vn_number(raw).problem == "not_a_number"


@pytest.mark.parametrize("raw", [None, "", "   ", "\u200b", math.nan])
def test_blank_cells_are_empty_not_zero(raw: object) -> None:
    assert is_blank(raw)
    assert parse_vn_number(raw) == Parsed()
    assert parse_count(raw).value is None


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_dot_thousands_round_trip(n: int) -> None:
    parsed = parse_vn_number(with_dots(n))
    assert parsed.problem is None
    assert parsed.value == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_dot_thousands_with_decimal_comma_round_trip(whole: int, cents: int) -> None:
    parsed = parse_vn_number(f"{with_dots(whole)},{cents:02d}")
    assert parsed.value == pytest.approx(whole + cents / 100)


def test_counts() -> None:
    assert parse_count("1.245").value == 1245
    assert parse_count(0).value == 0
    assert parse_count(-5) == Parsed(problem="negative_count")
    assert parse_count("-5") == Parsed(problem="negative_count")
    assert parse_count(2.5) == Parsed(problem="non_integer_count")
    assert parse_count("2,5") == Parsed(problem="non_integer_count")
    assert parse_count("nhiều").problem == "not_a_number"


def test_fraction_in_one_cell_is_split() -> None:
    num, den = parse_fraction("45/60")
    assert (num.value, den.value) == (45, 60)
    assert num.repaired == den.repaired == "fraction_in_cell"
    num, den = parse_fraction(" 1.245 / 1.660 ")
    assert (num.value, den.value) == (1245, 1660)


@pytest.mark.parametrize("raw", ["14/12/2023", "45", 45, "a/b", "-1/2", None])
def test_what_is_not_a_fraction(raw: object) -> None:
    assert parse_fraction(raw) is None


@pytest.mark.parametrize(
    ("raw", "value", "repaired"),
    [
        ("75,5%", 0.755, "text_percent"),
        ("75,5 %", 0.755, "text_percent"),
        ("100%", 1.0, "text_percent"),
        (0.755, 0.755, None),
        (1, 1.0, None),
        (0, 0.0, None),
        (75.5, 0.755, "percent_scale"),
        ("45/60", 0.75, "fraction_in_cell"),
        ("0,755", 0.755, "text_number"),
    ],
)
def test_rates(raw: object, value: float, repaired: str | None) -> None:
    parsed = parse_rate(raw)
    assert parsed.problem is None
    assert parsed.value == pytest.approx(value)
    assert parsed.repaired == repaired


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("101%", "rate_above_100"),
        (101, "rate_above_100"),
        ("70/60", "rate_above_100"),
        ("-5%", "negative_rate"),
        (-0.2, "negative_rate"),
        ("45/0", "zero_denominator"),
        ("75.5%", "ambiguous_separator"),
        ("nhiều", "not_a_number"),
    ],
)
def test_rates_rejected(raw: object, problem: str) -> None:
    assert parse_rate(raw) == Parsed(problem=problem)


@pytest.mark.parametrize(
    ("raw", "repaired"),
    [
        (dt.datetime(2023, 12, 14, 0, 0), None),
        (dt.date(2023, 12, 14), None),
        (45274, "excel_serial_date"),
        (45274.0, "excel_serial_date"),
        (45274.7, "excel_serial_date"),  # a date-time: 14/12/2023 16:48, the day counts
        ("14/12/2023 16:48", "text_date"),
        ("2023-12-14T16:48:00", "text_date"),
        ("14/12/2023", "text_date"),
        ("14-12-2023", "text_date"),
        ("14.12.2023", "text_date"),
        ("14 / 12 / 2023", "text_date"),
        ("ngày 14 tháng 12 năm 2023", "text_date"),
        ("Ngày 14 tháng 12 năm 2023", "text_date"),
        ("ngay 14 thang 12 nam 2023", "text_date"),
        ("14 tháng 12 năm 2023", "text_date"),
        ("2023-12-14", "text_date"),
        ("2023-12-14 00:00:00", "text_date"),
    ],
)
def test_dates_all_read_as_14_december_2023(raw: object, repaired: str | None) -> None:
    assert parse_date(raw) == Parsed(value=dt.date(2023, 12, 14), repaired=repaired)


def test_single_digit_day_and_month() -> None:
    assert parse_date("5/1/2023").value == dt.date(2023, 1, 5)
    assert parse_date("ngày 6 tháng 12 năm 2023").value == dt.date(2023, 12, 6)


def test_month_first_is_never_guessed() -> None:
    """'12/14/2023' is rejected; '03/04/2023' is 3 April, never 4 March."""
    assert parse_date("12/14/2023") == Parsed(problem="invalid_date")
    assert parse_date("03/04/2023").value == dt.date(2023, 4, 3)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("31/02/2023", "invalid_date"),
        ("hôm qua", "not_a_date"),
        ("2023", "not_a_date"),
        (12, "not_a_date"),
        (True, "not_a_date"),
        (math.inf, "not_a_date"),
    ],
)
def test_dates_rejected(raw: object, problem: str) -> None:
    assert parse_date(raw) == Parsed(problem=problem)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("Có", True),
        ("có", True),
        ("CO", True),
        ("x", True),
        ("X", True),
        (1, True),
        (True, True),
        ("Không", False),
        ("khong", False),
        ("Chưa", False),
        (0, False),
        (False, False),
    ],
)
def test_booleans(raw: object, value: bool) -> None:
    assert parse_bool(raw) == Parsed(value=value)


def test_booleans_rejected_or_empty() -> None:
    assert parse_bool("có thể") == Parsed(problem="not_yes_no")
    assert parse_bool(2) == Parsed(problem="not_yes_no")
    assert parse_bool("") == Parsed()


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("tot", "tot"),
        ("Hoàn thành tốt nhiệm vụ", "tot"),
        ("hoan thanh tot nhiem vu", "tot"),
        ("HOÀN THÀNH XUẤT SẮC NHIỆM VỤ", "xuat_sac"),
        ("  Hoàn  thành   nhiệm vụ ", "hoan_thanh"),
        ("khong_hoan_thanh", "khong_hoan_thanh"),
    ],
)
def test_choice_by_code_or_label_with_or_without_accents(raw: str, code: str) -> None:
    assert parse_choice(raw, ANNUAL_RATINGS) == Parsed(value=code)


def test_choice_not_in_list() -> None:
    assert parse_choice("Giỏi", ANNUAL_RATINGS) == Parsed(problem="not_in_list")
    assert parse_choice("Xuất sắc", ANNUAL_RATINGS) == Parsed(problem="not_in_list")
    assert parse_choice("Cấp huyện", INITIATIVE_LEVELS) == Parsed(problem="not_in_list")
    assert parse_choice("Cấp tỉnh", INITIATIVE_LEVELS) == Parsed(value="tinh")


def test_codes_read_back_from_excel_numbers() -> None:
    """GSO codes arrive as floats (22738.0) when the cell is numeric."""
    assert parse_code(22738.0).value == "22738"
    assert parse_code(" cn-22903-01 ").value == "CN-22903-01"
    assert parse_code("S - TP").value == "S-TP"
    assert parse_text(math.inf).value == "inf"


def test_text_is_repaired_and_the_repair_reported() -> None:
    assert parse_text("Phước Dinh") == Parsed(value="Phước Dinh")
    assert parse_text("Phước Hoà") == Parsed(value="Phước Hòa", repaired="text_repaired")
    assert parse_text("Ph¹m ThÞ Thñy") == Parsed(value="Phạm Thị Thủy", repaired="text_repaired")
