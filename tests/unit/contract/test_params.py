"""The params file is refused at once, naming the bad key (lib.contract.params).

Each test takes a copy of params/2023.yaml, makes one mistake of the kind a
council secretary could make, writes it back with yaml and loads it.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from lib.contract.params import Params, ParamsError, load_params, parse_params


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    """Dump a params mapping to a yaml file."""
    path = tmp_path / "params.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def criterion(data: dict[str, Any], code: str) -> dict[str, Any]:
    """The criterion block of one code."""
    return next(c for c in data["criteria"] if c["code"] == code)


def assert_refused(tmp_path: Path, data: dict[str, Any], key: str) -> str:
    """load_params raises ParamsError whose message names ``key``; returns the message."""
    path = write(tmp_path, data)
    with pytest.raises(ParamsError) as err:
        load_params(path)
    message = str(err.value)
    assert key in message
    assert str(path) in message
    return message


def test_the_2023_params_load_and_round_trip_through_yaml(params_2023, tmp_path):
    assert isinstance(params_2023, Params)
    assert params_2023.year == 2023
    assert params_2023.award.deadline == dt.date(2023, 12, 14)
    assert load_params(write(tmp_path, params_2023.to_data())) == params_2023


def test_target_for_uses_the_level_target_and_falls_back_to_default(params):
    tc04 = params.criterion("TC04")
    assert tc04.target_for("xa") == 0.5
    assert tc04.target_for("huyen") == 0.75
    assert tc04.target_for(None) == 0.75
    assert params.criterion("TC03").target_for("xa") == 0.75


def test_params_are_frozen(params):
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.caps.collectives = 9
    with pytest.raises(TypeError):
        params.caps.collectives_per_group["ubnd_xa"] = 1


def test_with_changes_gives_a_revalidated_copy(params):
    changed = params.with_changes({"caps.collectives": 2, "criteria.0.weight": 20})
    assert (changed.caps.collectives, changed.criteria[0].weight) == (2, 20)
    assert (params.caps.collectives, params.criteria[0].weight) == (5, 12)
    with pytest.raises(ParamsError, match=r"caps\.collectives"):
        params.with_changes({"caps.collectives": -1})


@pytest.mark.parametrize(
    ("path", "key"),
    [
        (("capz",), "capz"),
        (("caps", "individual"), "caps.individual"),
        (("criteria", 0, "wieght"), "criteria[0].wieght"),
        (("uncertainty", "weights", "sprad"), "uncertainty.weights.sprad"),
    ],
)
def test_an_unknown_key_is_refused_at_load_naming_it(params_data, tmp_path, path, key):
    """A typo in a key fails at load, not as a KeyError inside a notebook."""
    block = params_data
    for part in path[:-1]:
        block = block[part]
    block[path[-1]] = 1
    message = assert_refused(tmp_path, params_data, key)
    assert "unknown key" in message
    with pytest.raises(ParamsError, match=re.escape(key)):
        parse_params(params_data)


def test_year_given_as_text_is_refused(params_data, tmp_path):
    params_data["year"] = "2023"
    message = assert_refused(tmp_path, params_data, "year")
    assert "expected int" in message


def test_weight_given_as_boolean_is_refused(params_data, tmp_path):
    criterion(params_data, "TC02")["weight"] = True
    assert_refused(tmp_path, params_data, "(TC02).weight")


@pytest.mark.parametrize("code", ["", "TC 13", "TC13/a", "Tiêu chí 1", "X" * 21])
def test_unsafe_criterion_code_is_refused(params_data, tmp_path, code):
    criterion(params_data, "TC12")["code"] = code
    assert_refused(tmp_path, params_data, "criteria[11]")


@pytest.mark.parametrize("code", ["TC13", "KHCN-01", "cds.3_b"])
def test_any_safe_criterion_code_is_accepted(params_data, tmp_path, code):
    """Codes are the council's: a later plan may number its criteria otherwise (issue 18)."""
    criterion(params_data, "TC12")["code"] = code
    assert load_params(write(tmp_path, params_data)).criteria[-1].code == code


def test_criterion_listed_twice_is_refused(params_data, tmp_path):
    params_data["criteria"].append(copy.deepcopy(criterion(params_data, "TC01")))
    assert_refused(tmp_path, params_data, "criteria[12] (TC01).code")


@pytest.mark.parametrize("weight", [0, -3], ids=["zero", "negative"])
def test_weight_not_above_zero_is_refused(params_data, tmp_path, weight):
    criterion(params_data, "TC05")["weight"] = weight
    assert_refused(tmp_path, params_data, "(TC05).weight")


@pytest.mark.parametrize("target", [0, 1.5], ids=["zero", "above_one"])
def test_rate_target_outside_zero_one_is_refused(params_data, tmp_path, target):
    criterion(params_data, "TC04")["target"]["xa"] = target
    assert_refused(tmp_path, params_data, "(TC04).target.xa")


def test_default_rate_target_above_one_is_refused(params_data, tmp_path):
    criterion(params_data, "TC01")["target"]["default"] = 100
    assert_refused(tmp_path, params_data, "(TC01).target.default")


def test_target_for_unknown_admin_level_is_refused(params_data, tmp_path):
    criterion(params_data, "TC04")["target"]["thon"] = 0.3
    assert_refused(tmp_path, params_data, "(TC04).target.thon")


@pytest.mark.parametrize("key", ["collectives", "individuals"])
def test_negative_cap_is_refused(params_data, tmp_path, key):
    params_data["caps"][key] = -1
    assert_refused(tmp_path, params_data, f"caps.{key}")


def test_negative_per_group_cap_is_refused(params_data, tmp_path):
    params_data["caps"]["collectives_per_group"] = {"ubnd_xa": -2}
    assert_refused(tmp_path, params_data, "caps.collectives_per_group.ubnd_xa")


def test_per_group_cap_for_unknown_group_is_refused(params_data, tmp_path):
    params_data["caps"]["individuals_per_group"] = {"hop_tac_xa": 1}
    assert_refused(tmp_path, params_data, "caps.individuals_per_group.hop_tac_xa")


def test_fractional_cap_is_refused(params_data, tmp_path):
    params_data["caps"]["individuals_per_unit"] = 1.5
    assert_refused(tmp_path, params_data, "caps.individuals_per_unit")


def test_negative_reserve_count_is_refused(params_data, tmp_path):
    params_data["reserves"]["individuals"] = -1
    assert_refused(tmp_path, params_data, "reserves.individuals")


@pytest.mark.parametrize(
    "value", ["15/12/2023", 20231214, dt.datetime(2023, 12, 14, 17, 0)], ids=["text", "number", "datetime"]
)
def test_deadline_that_is_not_a_date_is_refused(params_data, tmp_path, value):
    params_data["award"]["deadline"] = value
    assert_refused(tmp_path, params_data, "award.deadline")


def test_unknown_unit_group_in_applies_to_is_refused(params_data, tmp_path):
    criterion(params_data, "TC06")["applies_to"].append("hop_tac_xa")
    message = assert_refused(tmp_path, params_data, "(TC06).applies_to")
    assert "hop_tac_xa" in message


def test_empty_applies_to_is_refused(params_data, tmp_path):
    criterion(params_data, "TC06")["applies_to"] = []
    assert_refused(tmp_path, params_data, "(TC06).applies_to")


def test_bands_not_listed_highest_first_are_refused(params_data, tmp_path):
    params_data["bands"].reverse()
    assert_refused(tmp_path, params_data, "bands")


def test_bands_without_a_zero_floor_are_refused(params_data, tmp_path):
    params_data["bands"][-1]["min"] = 10
    assert_refused(tmp_path, params_data, "bands")


@pytest.mark.parametrize(
    ("block", "key", "value", "total"),
    [("products_led", "max", 30, 90), ("initiative_level", "toan_quoc", 50, 110), ("annual_rating", "xuat_sac", 5, 95)],
    ids=["products_led", "initiative_level", "annual_rating"],
)
def test_rubric_maxima_not_adding_up_to_100_are_refused(params_data, tmp_path, block, key, value, total):
    params_data["individual_rubric"][block][key] = value
    message = assert_refused(tmp_path, params_data, "individual_rubric")
    assert str(total) in message


def test_negative_rubric_points_are_refused(params_data, tmp_path):
    params_data["individual_rubric"]["training_courses"]["points_each"] = -5
    assert_refused(tmp_path, params_data, "individual_rubric.training_courses.points_each")


def test_unknown_minimum_rating_is_refused(params_data, tmp_path):
    params_data["eligibility"]["individual"]["min_rating"] = "kha"
    assert_refused(tmp_path, params_data, "eligibility.individual.min_rating")


def test_minimum_score_above_100_is_refused(params_data, tmp_path):
    params_data["eligibility"]["collective"]["min_score"] = 120
    assert_refused(tmp_path, params_data, "eligibility.collective.min_score")


def test_kpi_on_a_criterion_not_in_params_is_refused(params_data, tmp_path):
    params_data["province_kpis"][0]["criterion"] = "TC99"
    assert_refused(tmp_path, params_data, "province_kpis[0].criterion")


def test_missing_required_key_is_refused(params_data, tmp_path):
    del params_data["caps"]["individuals"]
    message = assert_refused(tmp_path, params_data, "caps.individuals")
    assert "missing" in message


def test_file_that_is_not_a_mapping_is_refused(tmp_path):
    path = tmp_path / "params_data.yaml"
    path.write_text("- year: 2023\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="mapping"):
        load_params(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ParamsError, match="not found"):
        load_params(tmp_path / "absent.yaml")


@pytest.mark.parametrize(
    ("path", "value", "key"),
    [
        (("uncertainty", "samples"), 0, "uncertainty.samples"),
        (("uncertainty", "weights", "method"), "gaussian", "uncertainty.weights.method"),
        (("uncertainty", "weights", "spread"), 1.5, "uncertainty.weights.spread"),
        (("uncertainty", "attainment_methods"), ["capped", "log"], "uncertainty.attainment_methods"),
        (("uncertainty", "geometric_floor"), 0, "uncertainty.geometric_floor"),
        (("uncertainty", "borderline_stability"), 1.2, "uncertainty.borderline_stability"),
        (("chart_seed",), -1, "chart_seed"),
        (("award", "deadline"), dt.date(2019, 12, 14), "award.deadline"),
        (("individual_rubric", "annual_rating", "xuat_sac_dac_biet"), 0, "individual_rubric.annual_rating"),
    ],
)
def test_uncertainty_seed_deadline_and_rubric_mistakes_name_the_key(
    tmp_path: Path, params_data: dict, path: tuple[str, ...], value: object, key: str
) -> None:
    broken = params_data
    target = broken
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    file = tmp_path / "broken.yaml"
    file.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ParamsError, match=re.escape(key)):
        load_params(file)


# ---------------------------------------------------------------- coverage and implausible zeros


def test_the_2023_coverage_and_implausible_zero_values(params_2023):
    assert params_2023.eligibility.min_measured_share == 0.6
    for group in ("so_ban_nganh", "ubnd_huyen", "ubnd_xa"):
        assert params_2023.scoring.implausible_zero(group) == ("TC01", "TC05", "TC09")
    assert params_2023.scoring.implausible_zero("doanh_nghiep") == ()


@pytest.mark.parametrize("value", [-0.1, 1.5, "60%", True, None])
def test_min_measured_share_outside_zero_one_or_not_a_number_is_refused(params_data, tmp_path, value):
    params_data["eligibility"]["min_measured_share"] = value
    assert_refused(tmp_path, params_data, "eligibility.min_measured_share")


def test_min_measured_share_finer_than_a_tenth_of_a_percent_is_refused(params_data, tmp_path):
    # It would print rounded in the gate's reason, which could then read "60,0% < 60,0%".
    params_data["eligibility"]["min_measured_share"] = 0.6004
    message = assert_refused(tmp_path, params_data, "eligibility.min_measured_share")
    assert "three decimals" in message


def test_min_measured_share_is_required(params_data, tmp_path):
    del params_data["eligibility"]["min_measured_share"]
    assert_refused(tmp_path, params_data, "eligibility.min_measured_share")


@pytest.mark.parametrize(
    ("group", "codes", "named"),
    [
        ("ubnd_tinh", ["TC01"], "scoring.zero_not_plausible.ubnd_tinh"),  # unknown group
        ("ubnd_xa", ["TC13"], "TC13"),  # unknown criterion
        ("ubnd_xa", ["TC10"], "TC10 is a count"),  # a count has no denominator
        ("ubnd_xa", ["TC07"], "TC07 does not apply to ubnd_xa"),  # communes have no open-data catalogue
        ("ubnd_xa", "TC01", "scoring.zero_not_plausible.ubnd_xa"),  # not a list
        ("ubnd_xa", ["TC01", "TC01"], "listed twice"),
    ],
)
def test_bad_implausible_zero_lists_are_refused_naming_the_key(params_data, tmp_path, group, codes, named):
    params_data["scoring"]["zero_not_plausible"][group] = codes
    message = assert_refused(tmp_path, params_data, "scoring.zero_not_plausible")
    assert named in message


def test_scoring_block_is_required(params_data, tmp_path):
    del params_data["scoring"]
    assert_refused(tmp_path, params_data, "scoring")


def test_implausible_zero_lists_are_frozen(params):
    with pytest.raises(AttributeError):
        params.scoring.zero_not_plausible["ubnd_xa"].append("TC02")  # a tuple, not a list


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2000", "ingest.max_text_kept: expected int, got '2000'"),
        (2000.0, "ingest.max_text_kept: expected int, got 2000.0"),
        (True, "ingest.max_text_kept: expected int, got True"),
        (0, "ingest.max_text_kept: must be ≥ 1, got 0"),
        (5001, "ingest.max_text_kept: must be ≤ ingest.limits.max_text_chars (5000), got 5001"),
        (None, "ingest.max_text_kept: required key is missing"),
    ],
)
def test_the_kept_text_length_is_validated_naming_the_key(params_data, tmp_path, value, expected):
    """Free text is cut at max_text_kept; it cannot exceed the length at which a cell is refused unread."""
    if value is None:
        del params_data["ingest"]["max_text_kept"]
    else:
        params_data["ingest"]["max_text_kept"] = value
    assert expected in assert_refused(tmp_path, params_data, "ingest.max_text_kept")


def test_the_kept_text_length_may_equal_the_refusal_limit(params_data):
    params_data["ingest"]["max_text_kept"] = params_data["ingest"]["limits"]["max_text_chars"]
    assert parse_params(params_data).ingest.max_text_kept == 5000


def test_the_2023_prize_money_is_decree_91_on_the_1_800_000_base_salary(params_2023):
    """Điều 73: 1.0 × 1,800,000 for an individual, twice that for a collective; both already round."""
    money = params_2023.prize_money
    assert (money.base_salary, money.base_salary_from) == (1_800_000, dt.date(2023, 7, 1))
    assert money.individual() == 1_800_000
    assert money.collective() == 3_600_000


@pytest.mark.parametrize(
    ("base", "coefficient", "multiple", "individual", "collective"),
    [
        # Giấy khen of a commune chairman on the 2019 base salary: 0.15 × 1,490,000 = 223,500 → 230,000 (up);
        # the collective's 0.30 × 1,490,000 = 447,000 → 450,000 (rounded once, not 2 × 230,000).
        (1_490_000, 0.15, 2, 230_000, 450_000),
        # 1.1 × 1,800,000 is 1,980,000 exactly: no step up from floating-point dust.
        (1_800_000, 1.1, 2, 1_980_000, 3_960_000),
        (1_490_000, 1.0, 2, 1_490_000, 2_980_000),
    ],
)
def test_prize_money_is_rounded_up_to_ten_thousand_dong(params, base, coefficient, multiple, individual, collective):
    changed = params.with_changes(
        {
            "prize_money.base_salary": base,
            "prize_money.individual_coefficient": coefficient,
            "prize_money.collective_multiple": multiple,
        }
    ).prize_money
    assert (changed.individual(), changed.collective()) == (individual, collective)


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("base_salary", -1, "prize_money.base_salary"),
        ("base_salary", "1.800.000", "prize_money.base_salary"),
        ("individual_coefficient", 0, "prize_money.individual_coefficient"),
        ("collective_multiple", True, "prize_money.collective_multiple"),
        ("rounding_unit", 0, "prize_money.rounding_unit"),
        ("base_salary_from", "01/07/2023", "prize_money.base_salary_from"),
        ("base_salary_from", dt.date(2024, 7, 1), "prize_money.base_salary_from"),
    ],
)
def test_prize_money_mistakes_name_the_key(params_data, tmp_path, key, value, named):
    params_data["prize_money"][key] = value
    assert_refused(tmp_path, params_data, named)


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        (("documents", "page", "left_mm"), 0, "documents.page.left_mm"),
        (("documents", "header", "left_mm"), 70, "documents.header"),
        (("documents", "fonts", "body_pt"), "14pt", "documents.fonts.body_pt"),
        (("documents", "to_trinh", "issuer"), [], "documents.to_trinh.issuer"),
        (("documents", "quyet_dinh", "symbol"), None, "documents.quyet_dinh.symbol"),
        (("documents", "paragraph", "line_spacing"), -1, "documents.paragraph.line_spacing"),
    ],
)
def test_document_layout_mistakes_name_the_key(params_data, tmp_path, path, value, named):
    block = params_data
    for key in path[:-1]:
        block = block[key]
    block[path[-1]] = value
    assert_refused(tmp_path, params_data, named)


def test_the_2023_documents_keep_within_decree_30_appendix_1(params_2023):
    """A4; margins top/bottom 20-25, left 30-35, right 15-20 mm; body 13-14 pt, Quốc hiệu 12-13, Tiêu ngữ 13-14."""
    page, fonts = params_2023.documents.page, params_2023.documents.fonts
    assert (page.width_mm, page.height_mm) == (210, 297)
    assert 20 <= page.top_mm <= 25 and 20 <= page.bottom_mm <= 25
    assert 30 <= page.left_mm <= 35 and 15 <= page.right_mm <= 20
    assert fonts.name == "Times New Roman" and 13 <= fonts.body_pt <= 14
    assert 12 <= fonts.national_title_pt <= 13 and 13 <= fonts.motto_pt <= 14
    assert (fonts.recipients_title_pt, fonts.recipients_pt) == (12, 11)


def test_the_annex_line_prints_dots_until_the_document_is_numbered(params_2023):
    assert params_2023.annex.attached_line() == (
        "(Kèm theo Tờ trình số ……/TTr-STTTT ngày ……/……/2023 của Sở Thông tin và Truyền thông tỉnh Ninh Thuận)"
    )
    decided = params_2023.with_changes(
        {
            "annex.document": "Quyết định",
            "annex.symbol": "QĐ-UBND",
            "annex.number": "2150",
            "annex.date": dt.date(2023, 12, 28),
            "annex.issuer": "Chủ tịch Ủy ban nhân dân tỉnh Ninh Thuận",
        }
    )
    assert decided.annex.attached_line() == (
        "(Kèm theo Quyết định số 2150/QĐ-UBND ngày 28/12/2023 của Chủ tịch Ủy ban nhân dân tỉnh Ninh Thuận)"
    )


@pytest.mark.parametrize(("key", "value"), [("line", "(Kèm theo {so})"), ("date", 20231220), ("issuer", None)])
def test_a_wrong_annex_entry_is_refused_naming_it(params_data, tmp_path, key, value):
    params_data["annex"][key] = value
    assert_refused(tmp_path, params_data, f"annex.{key}")
