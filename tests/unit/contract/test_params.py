"""The params file is refused at once, naming the bad key (lib.contract.params).

Each test takes a copy of params/2023.yaml, makes one mistake of the kind a
council secretary could make, writes it back with yaml and loads it.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from lib.contract.params import ParamsError, load_params, target_for


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
    assert params_2023["year"] == 2023
    assert params_2023["award"]["deadline"] == dt.date(2023, 12, 14)
    assert load_params(write(tmp_path, params_2023)) == params_2023


def test_target_for_uses_the_level_target_and_falls_back_to_default(params):
    tc04 = criterion(params, "TC04")
    assert target_for(tc04, "xa") == 0.5
    assert target_for(tc04, "huyen") == 0.75
    assert target_for(tc04, None) == 0.75
    assert target_for(criterion(params, "TC03"), "xa") == 0.75


def test_year_given_as_text_is_refused(params, tmp_path):
    params["year"] = "2023"
    message = assert_refused(tmp_path, params, "year")
    assert "expected int" in message


def test_weight_given_as_boolean_is_refused(params, tmp_path):
    criterion(params, "TC02")["weight"] = True
    assert_refused(tmp_path, params, "(TC02).weight")


def test_unknown_criterion_code_is_refused(params, tmp_path):
    criterion(params, "TC12")["code"] = "TC13"
    message = assert_refused(tmp_path, params, "code")
    assert "TC13" in message


def test_criterion_listed_twice_is_refused(params, tmp_path):
    params["criteria"].append(copy.deepcopy(criterion(params, "TC01")))
    assert_refused(tmp_path, params, "criteria[12] (TC01).code")


@pytest.mark.parametrize("weight", [0, -3], ids=["zero", "negative"])
def test_weight_not_above_zero_is_refused(params, tmp_path, weight):
    criterion(params, "TC05")["weight"] = weight
    assert_refused(tmp_path, params, "(TC05).weight")


@pytest.mark.parametrize("target", [0, 1.5], ids=["zero", "above_one"])
def test_rate_target_outside_zero_one_is_refused(params, tmp_path, target):
    criterion(params, "TC04")["target"]["xa"] = target
    assert_refused(tmp_path, params, "(TC04).target.xa")


def test_default_rate_target_above_one_is_refused(params, tmp_path):
    criterion(params, "TC01")["target"]["default"] = 100
    assert_refused(tmp_path, params, "(TC01).target.default")


def test_target_for_unknown_admin_level_is_refused(params, tmp_path):
    criterion(params, "TC04")["target"]["thon"] = 0.3
    assert_refused(tmp_path, params, "(TC04).target.thon")


@pytest.mark.parametrize("key", ["collectives", "individuals"])
def test_negative_cap_is_refused(params, tmp_path, key):
    params["caps"][key] = -1
    assert_refused(tmp_path, params, f"caps.{key}")


def test_negative_per_group_cap_is_refused(params, tmp_path):
    params["caps"]["collectives_per_group"] = {"ubnd_xa": -2}
    assert_refused(tmp_path, params, "caps.collectives_per_group.ubnd_xa")


def test_per_group_cap_for_unknown_group_is_refused(params, tmp_path):
    params["caps"]["individuals_per_group"] = {"hop_tac_xa": 1}
    assert_refused(tmp_path, params, "caps.individuals_per_group.hop_tac_xa")


def test_fractional_cap_is_refused(params, tmp_path):
    params["caps"]["individuals_per_unit"] = 1.5
    assert_refused(tmp_path, params, "caps.individuals_per_unit")


def test_negative_reserve_count_is_refused(params, tmp_path):
    params["reserves"]["individuals"] = -1
    assert_refused(tmp_path, params, "reserves.individuals")


@pytest.mark.parametrize(
    "value", ["15/12/2023", 20231214, dt.datetime(2023, 12, 14, 17, 0)], ids=["text", "number", "datetime"]
)
def test_deadline_that_is_not_a_date_is_refused(params, tmp_path, value):
    params["award"]["deadline"] = value
    assert_refused(tmp_path, params, "award.deadline")


def test_unknown_unit_group_in_applies_to_is_refused(params, tmp_path):
    criterion(params, "TC06")["applies_to"].append("hop_tac_xa")
    message = assert_refused(tmp_path, params, "(TC06).applies_to")
    assert "hop_tac_xa" in message


def test_empty_applies_to_is_refused(params, tmp_path):
    criterion(params, "TC06")["applies_to"] = []
    assert_refused(tmp_path, params, "(TC06).applies_to")


def test_bands_not_listed_highest_first_are_refused(params, tmp_path):
    params["bands"].reverse()
    assert_refused(tmp_path, params, "bands")


def test_bands_without_a_zero_floor_are_refused(params, tmp_path):
    params["bands"][-1]["min"] = 10
    assert_refused(tmp_path, params, "bands")


@pytest.mark.parametrize(
    ("block", "key", "value", "total"),
    [("products_led", "max", 30, 90), ("initiative_level", "toan_quoc", 50, 110), ("annual_rating", "xuat_sac", 5, 95)],
    ids=["products_led", "initiative_level", "annual_rating"],
)
def test_rubric_maxima_not_adding_up_to_100_are_refused(params, tmp_path, block, key, value, total):
    params["individual_rubric"][block][key] = value
    message = assert_refused(tmp_path, params, "individual_rubric")
    assert str(total) in message


def test_negative_rubric_points_are_refused(params, tmp_path):
    params["individual_rubric"]["training_courses"]["points_each"] = -5
    assert_refused(tmp_path, params, "individual_rubric.training_courses.points_each")


def test_unknown_minimum_rating_is_refused(params, tmp_path):
    params["eligibility"]["individual"]["min_rating"] = "kha"
    assert_refused(tmp_path, params, "eligibility.individual.min_rating")


def test_minimum_score_above_100_is_refused(params, tmp_path):
    params["eligibility"]["collective"]["min_score"] = 120
    assert_refused(tmp_path, params, "eligibility.collective.min_score")


def test_kpi_on_a_criterion_not_in_params_is_refused(params, tmp_path):
    params["province_kpis"][0]["criterion"] = "TC99"
    assert_refused(tmp_path, params, "province_kpis[0].criterion")


def test_missing_required_key_is_refused(params, tmp_path):
    del params["caps"]["individuals"]
    message = assert_refused(tmp_path, params, "caps.individuals")
    assert "missing" in message


def test_file_that_is_not_a_mapping_is_refused(tmp_path):
    path = tmp_path / "params.yaml"
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
    tmp_path: Path, params_2023: dict, path: tuple[str, ...], value: object, key: str
) -> None:
    broken = copy.deepcopy(params_2023)
    target = broken
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    file = tmp_path / "broken.yaml"
    file.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ParamsError, match=re.escape(key)):
        load_params(file)
