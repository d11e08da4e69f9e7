"""The data contract: each pandera model takes a good typed row and rejects each kind of bad one (contract.schemas)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pytest

from lib.contract import schemas as sc
from lib.contract.params import load_params
from tests.support.pipeline import ROOT

# The schemas are checked as a run sees them: titled by params/2023.yaml (its groups, levels, criterion codes).
PARAMS_2023 = load_params(ROOT / "params" / "2023.yaml")

DAY = dt.date(2023, 12, 8)

GOOD: dict[type[pa.DataFrameModel], dict[str, Any]] = {
    sc.RegistryModel: {
        "unit_code": "22903",
        "unit_name": "Ủy ban nhân dân xã Phước Dinh",
        "unit_group": "ubnd_xa",
        "admin_level": "xa",
        "parent_code": "589",
    },
    sc.UnitInfoModel: {
        "unit_code": "22903",
        "unit_name": "Ủy ban nhân dân xã Phước Dinh",
        "district_name": "Thuận Nam",
        "submitted_on": DAY,
        "reporter": "Nguyễn Văn A, chuyên viên",
    },
    sc.IndicatorModel: {
        "criterion_code": "TC04",
        "criterion_name": "Hồ sơ trực tuyến",
        "numerator": 1245.0,
        "denominator": 1660.0,
        "reported_rate": 0.75,
        "evidence_ref": "Báo cáo số 125/BC-UBND",
    },
    sc.ProductModel: {
        "product_name": "Phần mềm quản lý hồ sơ một cửa",
        "in_use_on": dt.date(2023, 6, 15),
        "lead_person_code": "CN-22903-01",
        "evidence_ref": None,
    },
    sc.CollectiveNominationModel: {
        "has_proposal": True,
        "has_achievement_report": True,
        "has_council_minutes": True,
        "has_movement_plan": True,
        "has_results_report": False,
        "dossier_sent_on": DAY,
        "disciplined": False,
        "under_investigation": False,
        "achievement_summary": "Hai sản phẩm chuyển đổi số.",
    },
    sc.IndividualNominationModel: {
        "person_code": "CN-22903-01",
        "full_name": "Trần Thị Bình",
        "position": "Công chức Văn phòng - Thống kê",
        "is_leader": False,
        "leads_declared": False,
        "annual_rating": "tot",
        "products_led": 1.0,
        "initiative_name": "Số hóa sổ hộ tịch",
        "initiative_level": "co_so",
        "training_courses": 2.0,
        "achievement_summary": "Chủ trì số hóa 12.000 hồ sơ hộ tịch.",
        "has_proposal": True,
        "has_achievement_report": True,
        "has_council_minutes": True,
        "dossier_sent_on": DAY,
        "disciplined": False,
        "under_investigation": False,
        "birth_date": dt.date(1990, 5, 20),
        "id_number": "058090001234",
        "phone": "0912 345 678",
        "email": "binh.tt@ninhthuan.gov.vn",
    },
    sc.RegisterModel: {"register_no": "TN-2023-001", "unit_code": "22903", "received_on": DAY},
}


def frame(model: type[pa.DataFrameModel], *changes: dict[str, Any]) -> pd.DataFrame:
    """One typed row per change set, each the good row with the changes applied, in schema column order."""
    rows = [{**GOOD[model], **change} for change in (changes or ({},))]
    return pd.DataFrame(rows, columns=list(sc.fields(model))).astype(
        {n: "float64" for n, c in sc.fields(model).items() if str(c.dtype).startswith("float")}
    )


def failures(model: type[pa.DataFrameModel], data: pd.DataFrame) -> set[tuple[str, str]]:
    """(column, check) of every failure under lazy validation by the run's schema; empty when the frame is valid."""
    try:
        sc.titled_schema(model, PARAMS_2023).validate(data, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        return {(str(col), str(check)) for col, check in zip(cases["column"], cases["check"], strict=True)}
    return set()


@pytest.mark.parametrize("model", list(GOOD), ids=lambda m: m.__name__)
def test_good_row_is_accepted(model: type[pa.DataFrameModel]) -> None:
    assert failures(model, frame(model)) == set()


def test_nullable_columns_may_be_blank() -> None:
    assert failures(sc.IndicatorModel, frame(sc.IndicatorModel, {"numerator": None, "denominator": None})) == set()
    blank_personal = {"id_number": None, "phone": None, "email": None, "position": None}
    assert failures(sc.IndividualNominationModel, frame(sc.IndividualNominationModel, blank_personal)) == set()
    assert failures(sc.UnitInfoModel, frame(sc.UnitInfoModel, {"unit_code": None, "reporter": None})) == set()


def test_registry_rejects_an_unknown_unit_group() -> None:
    found = failures(sc.RegistryModel, frame(sc.RegistryModel, {"unit_group": "hop_tac_xa"}))
    assert {col for col, _ in found} == {"unit_group"}
    assert any(check.startswith("isin") for _, check in found)


def test_registry_rejects_a_duplicate_unit_code() -> None:
    data = frame(sc.RegistryModel, {}, {"unit_name": "Ủy ban nhân dân xã Phước Hòa"})
    assert failures(sc.RegistryModel, data) == {("unit_code", "field_uniqueness")}


def test_registry_rejects_an_unknown_admin_level_and_an_empty_code() -> None:
    found = failures(sc.RegistryModel, frame(sc.RegistryModel, {"admin_level": "thon", "unit_code": ""}))
    assert {col for col, _ in found} == {"admin_level", "unit_code"}


def test_registry_is_strict_about_extra_columns() -> None:
    """Another year's registry with an unexpected column is refused rather than half-read."""
    with pytest.raises(pa.errors.SchemaErrors) as caught:
        sc.RegistryModel.validate(frame(sc.RegistryModel).assign(note="x"), lazy=True)
    cases = caught.value.failure_cases
    assert list(cases["check"]) == ["column_in_schema"]
    assert list(cases["failure_case"]) == ["note"]


def test_unit_info_requires_a_name_and_a_date() -> None:
    found = failures(sc.UnitInfoModel, frame(sc.UnitInfoModel, {"unit_name": "X", "submitted_on": None}))
    assert ("unit_name", "str_length(2, 200)") in found
    assert ("submitted_on", "not_nullable") in found


def test_indicator_numerator_above_denominator_fails_the_dataframe_check() -> None:
    try:
        sc.IndicatorModel.validate(frame(sc.IndicatorModel, {}, {"numerator": 25.0, "denominator": 18.0}), lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        pytest.fail("numerator above denominator was accepted")
    assert set(cases["check"]) == {"numerator_above_denominator"}
    assert set(cases["schema_context"]) == {"DataFrameSchema"}
    assert set(cases["index"]) == {1}


def test_indicator_numerator_equal_to_denominator_or_missing_one_side_passes() -> None:
    data = frame(
        sc.IndicatorModel,
        {"numerator": 18.0, "denominator": 18.0},
        {"numerator": 25.0, "denominator": None},
        {"numerator": None, "denominator": 0.0},
    )
    assert failures(sc.IndicatorModel, data) == set()


@pytest.mark.parametrize("code", ["TC1", "tc01", "TC001", "XX01", "TC 01"])
def test_indicator_rejects_a_bad_criterion_code(code: str) -> None:
    found = failures(sc.IndicatorModel, frame(sc.IndicatorModel, {"criterion_code": code}))
    assert found == {("criterion_code", "unknown_criterion")}  # not a code of params/2023.yaml criteria


@pytest.mark.parametrize("column", ["numerator", "denominator"])
def test_indicator_rejects_negative_counts(column: str) -> None:
    found = failures(sc.IndicatorModel, frame(sc.IndicatorModel, {column: -5.0}))
    assert (column, "greater_than_or_equal_to(0)") in found


def test_indicator_rejects_implausible_counts_and_rates_above_one() -> None:
    found = failures(
        sc.IndicatorModel, frame(sc.IndicatorModel, {"denominator": sc.MAX_COUNT + 1.0, "reported_rate": 1.2})
    )
    assert ("denominator", f"less_than_or_equal_to({sc.MAX_COUNT})") in found
    assert ("reported_rate", "less_than_or_equal_to(1)") in found


def test_product_rejects_a_short_name_and_a_missing_date() -> None:
    found = failures(sc.ProductModel, frame(sc.ProductModel, {"product_name": "AB", "in_use_on": None}))
    assert found == {("product_name", "str_length(3, 300)"), ("in_use_on", "not_nullable")}


def test_collective_nomination_rejects_a_missing_date_but_not_a_long_summary() -> None:
    """Optional free text has no length check in the schema: the reader cuts it (max_text_kept), the row stays."""
    found = failures(
        sc.CollectiveNominationModel,
        frame(sc.CollectiveNominationModel, {"dossier_sent_on": None, "achievement_summary": "x" * 6000}),
    )
    assert found == {("dossier_sent_on", "not_nullable")}


def test_no_optional_free_text_has_a_length_that_rejects_the_row() -> None:
    for model in sc.SUBMISSION_SHEETS:
        for name, column in sc.fields(model).items():
            if (column.metadata or {}).get("kind") == "text" and column.nullable:
                assert not [c for c in column.checks if "str_length" in str(c)], (model.__name__, name)


def test_collective_nomination_flags_must_be_booleans() -> None:
    found = failures(sc.CollectiveNominationModel, frame(sc.CollectiveNominationModel, {"disciplined": "Không"}))
    assert {col for col, _ in found} == {"disciplined"}


@pytest.mark.parametrize("rating", ["gioi", "Hoàn thành tốt nhiệm vụ", "", None])
def test_individual_rejects_a_bad_annual_rating(rating: str | None) -> None:
    """The model holds codes; labels are turned into codes by the reader before validation."""
    found = failures(sc.IndividualNominationModel, frame(sc.IndividualNominationModel, {"annual_rating": rating}))
    assert {col for col, _ in found} == {"annual_rating"}


@pytest.mark.parametrize("id_number", ["05809000123", "58090001234X", "058 090 001 234", "12345678", "0580900012345"])
def test_individual_rejects_a_bad_id_number(id_number: str) -> None:
    found = failures(sc.IndividualNominationModel, frame(sc.IndividualNominationModel, {"id_number": id_number}))
    assert found == {("id_number", "str_matches('^\\d{9}(\\d{3})?$')")}


@pytest.mark.parametrize("id_number", ["058090001234", "123456789"])
def test_individual_accepts_old_and_new_id_numbers(id_number: str) -> None:
    """12-digit CCCD and 9-digit CMND."""
    assert (
        failures(sc.IndividualNominationModel, frame(sc.IndividualNominationModel, {"id_number": id_number})) == set()
    )


def test_individual_rejects_negative_counts_and_an_unknown_initiative_level() -> None:
    found = failures(
        sc.IndividualNominationModel,
        frame(sc.IndividualNominationModel, {"products_led": -1.0, "training_courses": -2.0, "initiative_level": "xa"}),
    )
    assert {col for col, _ in found} == {"products_led", "training_courses", "initiative_level"}


def test_register_requires_its_three_columns() -> None:
    """A register row needs its unit; a row without a readable date stays, to fail its unit's on-time gate."""
    found = failures(sc.RegisterModel, frame(sc.RegisterModel, {"received_on": None, "unit_code": None}))
    assert found == {("unit_code", "not_nullable")}
    missing = failures(sc.RegisterModel, frame(sc.RegisterModel).drop(columns="register_no"))
    assert {check for _, check in missing} == {"column_in_dataframe"}


def test_personal_fields_are_declared() -> None:
    """The columns kept out of every public output."""
    assert {"id_number", "phone", "email", "reporter"} <= sc.PERSONAL_FIELDS
    assert "full_name" not in sc.PERSONAL_FIELDS


def test_every_submission_sheet_has_a_distinct_sheet_name() -> None:
    names = [sc.sheet_name(m) for m in sc.SUBMISSION_SHEETS]
    assert names == ["DonVi", "ChiTieu", "SanPham", "KhenTapThe", "KhenCaNhan"]
