"""Criterion attainments and unit scores (SPEC §3, default scoring method).

Every expected number is computed by hand from params/2023.yaml: the commune
group (ubnd_xa) has TC01-TC06 and TC09-TC12, weights 12+10+10+14+10+8+8+6+4+4
= 86; a district (ubnd_huyen) has all twelve criteria, weights adding to 100;
an enterprise only TC10-TC12, weights 6+4+4 = 14.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.contract.labels import MEASURED, MISSING, NOT_APPLICABLE, NOT_ARISING
from lib.contract.params import AGGREGATIONS, ATTAINMENT_METHODS, Params
from lib.scoring.scores import (
    CriterionMatrices,
    aggregate,
    attainment,
    band_of,
    criterion_matrices,
    individual_points,
    score_units,
)

LEVEL_OF_GROUP = {
    "so_ban_nganh": "tinh",
    "mttq_doan_the": "tinh",
    "ubnd_huyen": "huyen",
    "ubnd_xa": "xa",
    "doanh_nghiep": None,
    "to_chuc_khac": None,
}
COMMUNE_WEIGHT_TOTAL = 86.0


# ---------------------------------------------------------------- builders


def registry(*units: tuple[str, str]) -> pd.DataFrame:
    """Registry rows from (unit_code, unit_group); the admin level follows the group."""
    return pd.DataFrame(
        [
            {
                "unit_code": code,
                "unit_name": f"Đơn vị {code}",
                "unit_group": group,
                "admin_level": LEVEL_OF_GROUP[group],
                "parent_code": None,
            }
            for code, group in units
        ]
    )


def indicator(unit_code: str, criterion_code: str, numerator: float | None, denominator: float | None) -> dict:
    """One clean indicator row; the rate is derived as the ingest derives it."""
    rate = numerator / denominator if numerator is not None and denominator else None
    return {
        "unit_code": unit_code,
        "criterion_code": criterion_code,
        "numerator": numerator,
        "denominator": denominator,
        "rate": rate,
    }


def indicators(rows: list[dict]) -> pd.DataFrame:
    """An indicator frame (typed even when empty)."""
    frame = pd.DataFrame(rows, columns=["unit_code", "criterion_code", "numerator", "denominator", "rate"])
    return frame.astype({"numerator": float, "denominator": float, "rate": float})


def _position(params: Params, code: str) -> int:
    """Where a criterion sits in params (for a dotted change such as "criteria.3.weight")."""
    return [c.code for c in params.criteria].index(code)


def full_rates(
    unit_code: str, group: str, params: Params, overrides: dict[str, tuple | None] | None = None
) -> list[dict]:
    """Rows at 100 % for every applicable rate criterion; overrides give (num, den) or None (no row)."""
    overrides = overrides or {}
    rows = []
    for crit in params.criteria:
        if crit.measure != "rate" or group not in crit.applies_to:
            continue
        pair = overrides.get(crit.code, (10.0, 10.0))
        if pair is not None:
            rows.append(indicator(unit_code, crit.code, *pair))
    return rows


def products(counts: dict[str, int]) -> pd.DataFrame:
    """Product rows: ``counts[unit]`` products for each unit."""
    rows = [{"unit_code": unit, "product_name": f"Sản phẩm {unit}-{i}"} for unit, n in counts.items() for i in range(n)]
    return pd.DataFrame(rows, columns=["unit_code", "product_name"])


def submissions(codes: list[str], status: str = "accepted") -> pd.DataFrame:
    """One submission row per unit code."""
    return pd.DataFrame({"unit_code": list(codes), "status": [status] * len(codes)}, columns=["unit_code", "status"])


def run(reg: pd.DataFrame, rows: list[dict], prods: dict[str, int], params: Params, submitted=None):
    """score_units on the small frames; every registry unit submitted unless told."""
    codes = list(reg["unit_code"]) if submitted is None else submitted
    return score_units(reg, submissions(codes), indicators(rows), products(prods), params)


def cell(table: pd.DataFrame, unit: str, code: str, column: str) -> Any:
    """One value of the criterion table."""
    row = table[(table["unit_code"] == unit) & (table["criterion_code"] == code)]
    assert len(row) == 1
    return row.iloc[0][column]


def unit_row(scores: pd.DataFrame, unit: str) -> pd.Series:
    """The scores row of a unit."""
    row = scores[scores["unit_code"] == unit]
    assert len(row) == 1
    return row.iloc[0]


# ---------------------------------------------------------------- golden cases


def test_commune_at_half_online_dossiers_meets_its_50_percent_target(params):
    reg = registry(("X1", "ubnd_xa"))
    table, scores = run(reg, [indicator("X1", "TC04", 50.0, 100.0)], {"X1": 1}, params)
    assert cell(table, "X1", "TC04", "target") == 0.5
    assert cell(table, "X1", "TC04", "attainment") == 1.0
    assert bool(cell(table, "X1", "TC04", "met_target")) is True
    # TC04 (14) and TC10 (6) at full attainment, everything else missing: 20 / 86
    assert unit_row(scores, "X1")["score"] == pytest.approx(100 * 20 / COMMUNE_WEIGHT_TOTAL)


def test_district_at_half_online_dossiers_attains_two_thirds_of_its_75_percent_target(params):
    reg = registry(("H1", "ubnd_huyen"))
    table, scores = run(reg, [indicator("H1", "TC04", 50.0, 100.0)], {"H1": 0}, params)
    assert cell(table, "H1", "TC04", "target") == 0.75
    assert cell(table, "H1", "TC04", "attainment") == pytest.approx(0.5 / 0.75)
    assert cell(table, "H1", "TC04", "attainment") == pytest.approx(0.6667, abs=1e-4)
    assert bool(cell(table, "H1", "TC04", "met_target")) is False
    # only TC04 counts (14 of 100 weight points), at 2/3
    assert unit_row(scores, "H1")["score"] == pytest.approx(14 * (2 / 3))


def test_department_uses_the_province_level_tc04_target(params):
    reg = registry(("S1", "so_ban_nganh"))
    table, _ = run(reg, [indicator("S1", "TC04", 60.0, 100.0)], {}, params)
    assert cell(table, "S1", "TC04", "target") == 0.75
    assert cell(table, "S1", "TC04", "attainment") == pytest.approx(0.8)


def test_enterprise_is_scored_only_on_tc10_to_tc12_with_renormalised_weights(params):
    reg = registry(("DN1", "doanh_nghiep"))
    rows = [
        indicator("DN1", "TC11", 4.0, 10.0),  # 0.4 of target 0.8 -> 0.5
        indicator("DN1", "TC12", 1.0, 2.0),  # 0.5 of target 1.0 -> 0.5
    ]
    table, scores = run(reg, rows, {"DN1": 1}, params)  # 1 product of target 1 -> 1.0
    for code in [f"TC{i:02d}" for i in range(1, 10)]:
        assert cell(table, "DN1", code, "status") == NOT_APPLICABLE
        assert cell(table, "DN1", code, "counted_weight") == 0.0
        assert math.isnan(cell(table, "DN1", code, "attainment"))
    row = unit_row(scores, "DN1")
    # 100 × (6·1 + 4·0.5 + 4·0.5) / (6 + 4 + 4) = 1000 / 14
    assert row["score"] == pytest.approx(1000 / 14)
    assert row["score"] == pytest.approx(71.428571, abs=1e-6)
    assert bool(row["data_complete"]) is True
    assert row["n_missing"] == 0


def test_enterprise_reporting_a_criterion_that_does_not_concern_it_is_not_counted(params):
    reg = registry(("DN1", "doanh_nghiep"))
    rows = [indicator("DN1", "TC01", 0.0, 10.0), *full_rates("DN1", "doanh_nghiep", params)]
    table, scores = run(reg, rows, {"DN1": 1}, params)
    assert cell(table, "DN1", "TC01", "status") == NOT_APPLICABLE
    assert unit_row(scores, "DN1")["score"] == 100.0


def test_zero_denominator_missing_value_and_real_zero_are_three_different_things(params):
    # TC06 (portal) may plausibly have nothing to publish at a commune: params do not list it in zero_not_plausible.
    reg = registry(("XA", "ubnd_xa"), ("XB", "ubnd_xa"), ("XC", "ubnd_xa"), ("XD", "ubnd_xa"))
    rows = [
        *full_rates("XA", "ubnd_xa", params, {"TC06": (0.0, 0.0)}),  # nothing to publish: not arising
        *full_rates("XB", "ubnd_xa", params, {"TC06": (0.0, 8.0)}),  # a real 0 %
        *full_rates("XC", "ubnd_xa", params, {"TC06": None}),  # no row: missing
        *full_rates("XD", "ubnd_xa", params, {"TC06": (None, None)}),  # blank row: missing
    ]
    table, scores = run(reg, rows, {u: 1 for u in ("XA", "XB", "XC", "XD")}, params)

    assert cell(table, "XA", "TC06", "status") == NOT_ARISING
    assert math.isnan(cell(table, "XA", "TC06", "attainment"))
    assert cell(table, "XA", "TC06", "counted_weight") == 0.0
    xa = unit_row(scores, "XA")
    assert xa["score"] == 100.0  # TC06 left out of the weights, not counted as 0 or 100
    assert bool(xa["data_complete"]) is True
    assert xa["measured_share"] == pytest.approx((86 - 8) / 86)  # but it was not measured either

    assert cell(table, "XB", "TC06", "status") == MEASURED
    assert cell(table, "XB", "TC06", "attainment") == 0.0
    assert cell(table, "XB", "TC06", "counted_weight") == 8.0
    xb = unit_row(scores, "XB")
    assert xb["score"] == pytest.approx(100 * (86 - 8) / 86)
    assert bool(xb["data_complete"]) is True

    for unit in ("XC", "XD"):
        assert cell(table, unit, "TC06", "status") == MISSING
        assert cell(table, unit, "TC06", "attainment") == 0.0
        assert cell(table, unit, "TC06", "counted_weight") == 8.0
        row = unit_row(scores, unit)
        assert row["score"] == pytest.approx(100 * (86 - 8) / 86)
        assert bool(row["data_complete"]) is False
        assert row["n_missing"] == 1


def test_products_count_criterion_real_zero_and_cap_at_target(params):
    reg = registry(("X0", "ubnd_xa"), ("X3", "ubnd_xa"))
    rows = full_rates("X0", "ubnd_xa", params) + full_rates("X3", "ubnd_xa", params)
    table, scores = run(reg, rows, {"X3": 3}, params)
    assert cell(table, "X0", "TC10", "status") == MEASURED
    assert cell(table, "X0", "TC10", "value") == 0.0
    assert cell(table, "X0", "TC10", "attainment") == 0.0
    assert cell(table, "X3", "TC10", "value") == 3.0
    assert cell(table, "X3", "TC10", "attainment") == 1.0
    assert unit_row(scores, "X0")["score"] == pytest.approx(100 * 80 / 86)
    assert bool(unit_row(scores, "X0")["data_complete"]) is True
    assert unit_row(scores, "X3")["score"] == 100.0


def test_unit_without_accepted_workbook_has_every_applicable_criterion_missing_and_no_rank(params):
    reg = registry(("X1", "ubnd_xa"), ("X2", "ubnd_xa"))
    rows = full_rates("X1", "ubnd_xa", params)
    table, scores = run(reg, rows, {"X1": 1, "X2": 2}, params, submitted=["X1"])
    x2 = table[table["unit_code"] == "X2"]
    applicable = x2[x2["applicable"]]
    assert set(applicable["status"]) == {MISSING}
    assert len(applicable) == 10
    assert math.isnan(cell(table, "X2", "TC10", "value"))  # its products do not count without a workbook
    row = unit_row(scores, "X2")
    assert row["score"] == 0.0
    assert bool(row["submitted"]) is False
    assert bool(row["data_complete"]) is False
    assert pd.isna(row["rank_in_group"])
    assert unit_row(scores, "X1")["rank_in_group"] == 1


def test_rejected_or_superseded_submission_does_not_count_as_submitted(params):
    reg = registry(("X1", "ubnd_xa"))
    subs = pd.DataFrame({"unit_code": ["X1", "X1"], "status": ["superseded", "rejected"]})
    _, scores = score_units(reg, subs, indicators(full_rates("X1", "ubnd_xa", params)), products({"X1": 1}), params)
    assert bool(unit_row(scores, "X1")["submitted"]) is False


def test_rank_in_group_uses_unrounded_scores_and_competition_ranking(params):
    reg = registry(("XA", "ubnd_xa"), ("XB", "ubnd_xa"), ("XC", "ubnd_xa"), ("XD", "ubnd_xa"), ("H1", "ubnd_huyen"))
    rows = [
        *full_rates("XA", "ubnd_xa", params, {"TC12": (99999.0, 100000.0)}),  # 99.99995 -> displays 100,0
        *full_rates("XB", "ubnd_xa", params),
        *full_rates("XC", "ubnd_xa", params, {"TC12": (1.0, 2.0)}),
        *full_rates("XD", "ubnd_xa", params, {"TC12": (1.0, 2.0)}),
        *full_rates("H1", "ubnd_huyen", params, {"TC12": (1.0, 2.0)}),
    ]
    _, scores = run(reg, rows, {u: 1 for u in reg["unit_code"]}, params)
    ranks = dict(zip(scores["unit_code"], scores["rank_in_group"], strict=True))
    assert ranks == {"XB": 1, "XA": 2, "XC": 3, "XD": 3, "H1": 1}
    assert unit_row(scores, "XA")["score"] < 100.0


def test_band_lower_bounds_are_inclusive(params):
    # params/2023.yaml: Xuất sắc ≥ 90, Tốt ≥ 80, Khá ≥ 65, Trung bình ≥ 50, Yếu ≥ 0.
    scores = pd.Series([100.0, 90.0, 89.999, 80.0, 79.9, 65.0, 64.99, 50.0, 49.99, 0.0, np.nan])
    bands = band_of(scores, params.bands)
    assert list(bands[:10]) == [
        "xuat_sac",
        "xuat_sac",
        "tot",
        "tot",
        "kha",
        "kha",
        "trung_binh",
        "trung_binh",
        "yeu",
        "yeu",
    ]
    assert pd.isna(bands[10])


def test_raising_tc04_weight_raises_the_score_of_a_commune_strong_on_tc04(params):
    # TC04 at 50 % (full attainment at commune level), TC10 met, every other criterion at half its target.
    half = {
        "TC01": (5.0, 10.0),
        "TC02": (5.0, 10.0),
        "TC03": (3.0, 8.0),  # 0.375 / 0.75
        "TC04": (50.0, 100.0),
        "TC05": (19.0, 40.0),  # 0.475 / 0.95
        "TC06": (5.0, 10.0),
        "TC09": (5.0, 10.0),
        "TC11": (2.0, 5.0),  # 0.4 / 0.8
        "TC12": (5.0, 10.0),
    }
    reg = registry(("X1", "ubnd_xa"))
    rows = full_rates("X1", "ubnd_xa", params, half)
    _, before = run(reg, rows, {"X1": 1}, params)
    # (14·1 + 6·1 + 66·0.5) / 86
    assert unit_row(before, "X1")["score"] == pytest.approx(100 * 53 / 86)

    heavier = params.with_changes({f"criteria.{_position(params, 'TC04')}.weight": 28})
    _, after = run(reg, rows, {"X1": 1}, heavier)
    # (28·1 + 6·1 + 66·0.5) / 100
    assert unit_row(after, "X1")["score"] == pytest.approx(67.0)
    assert unit_row(after, "X1")["score"] > unit_row(before, "X1")["score"]


def test_raising_a_weak_criterion_weight_lowers_the_score(params):
    reg = registry(("X1", "ubnd_xa"))
    rows = full_rates("X1", "ubnd_xa", params, {"TC01": (0.0, 10.0)})
    _, before = run(reg, rows, {"X1": 1}, params)
    assert unit_row(before, "X1")["score"] == pytest.approx(100 * 74 / 86)
    changed = params.with_changes({"criteria.0.weight": 26})
    _, after = run(reg, rows, {"X1": 1}, changed)
    assert unit_row(after, "X1")["score"] == pytest.approx(74.0)


def test_changing_the_commune_tc04_target_changes_attainment(params):
    reg = registry(("X1", "ubnd_xa"))
    changed = params.with_changes({f"criteria.{_position(params, 'TC04')}.target.xa": 0.8})
    table, _ = run(reg, [indicator("X1", "TC04", 40.0, 100.0)], {"X1": 1}, changed)
    assert cell(table, "X1", "TC04", "attainment") == pytest.approx(0.5)


# ---------------------------------------------------------------- the rule over matrices (attainment, aggregate)

NAN = float("nan")


def three_units() -> CriterionMatrices:
    """A and B in group g, C in group h; three criteria weighted 5, 3, 2, targets 1.

    A: 0.5, 1.2, missing. B: 1.0, 0.6, 0.3. C: 0.2, not applicable, 0.9.
    """
    return CriterionMatrices(
        unit_codes=np.array(["A", "B", "C"], dtype=object),
        unit_groups=np.array(["g", "g", "h"], dtype=object),
        value=np.array([[0.5, 1.2, NAN], [1.0, 0.6, 0.3], [0.2, NAN, 0.9]]),
        target=np.ones((3, 3)),
        missing=np.array([[False, False, True], [False, False, False], [False, False, False]]),
        excluded=np.array([[False, False, False], [False, False, False], [False, True, False]]),
        weights=np.array([5.0, 3.0, 2.0]),
    )


def test_capped_attainment_stops_at_the_target_missing_is_0_and_excluded_is_nan():
    got = attainment(three_units())
    np.testing.assert_array_equal(got, [[0.5, 1.0, 0.0], [1.0, 0.6, 0.3], [0.2, NAN, 0.9]])


def test_linear_attainment_has_no_cap():
    got = attainment(three_units(), "linear")
    np.testing.assert_array_equal(got, [[0.5, 1.2, 0.0], [1.0, 0.6, 0.3], [0.2, NAN, 0.9]])


def test_minmax_attainment_rescales_within_the_units_group():
    # group g (A, B): TC1 0.5..1.0, TC2 0.6..1.2; TC3 has one measured value (B) -> 1. Group h has only C -> 1.
    got = attainment(three_units(), "minmax")
    np.testing.assert_array_equal(got, [[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1.0, NAN, 1.0]])


def test_arithmetic_mean_renormalises_over_the_criteria_that_count():
    m = three_units()
    got = aggregate(attainment(m), m.counted, m.weights)
    # A: (5·0.5 + 3·1 + 2·0) / 10; B: (5 + 1.8 + 0.6) / 10; C: (5·0.2 + 2·0.9) / 7 (criterion 2 left out)
    np.testing.assert_allclose(got, [55.0, 74.0, 40.0])


def test_geometric_mean_floors_a_zero_and_needs_the_floor():
    m = three_units()
    got = aggregate(attainment(m), m.counted, m.weights, how="geometric", floor=0.01)
    assert got[0] == pytest.approx(100 * 0.5**0.5 * 0.01**0.2)  # the missing 0 counts as the floor
    assert got[2] == pytest.approx(100 * 0.2 ** (5 / 7) * 0.9 ** (2 / 7))
    with pytest.raises(ValueError, match="floor"):
        aggregate(attainment(m), m.counted, m.weights, how="geometric")


def test_a_weight_matrix_gives_one_score_column_per_weight_sample():
    m = three_units()
    weights = np.column_stack([m.weights, [1.0, 1.0, 1.0]])
    got = aggregate(attainment(m), m.counted, weights)
    assert got.shape == (3, 2)
    np.testing.assert_allclose(got[:, 1], [100 * 1.5 / 3, 100 * 1.9 / 3, 100 * 1.1 / 2])


def test_a_unit_with_nothing_counted_has_no_score():
    m = three_units()
    nothing = np.zeros_like(m.excluded)
    assert np.isnan(aggregate(attainment(m), nothing, m.weights)).all()


def test_every_method_params_may_name_is_implemented_and_others_are_refused():
    m = three_units()
    for method in ATTAINMENT_METHODS:
        for how in AGGREGATIONS:
            assert aggregate(attainment(m, method), m.counted, m.weights, how=how, floor=0.01).shape == (3,)
    with pytest.raises(ValueError):
        attainment(m, "logistic")
    with pytest.raises(ValueError):
        aggregate(attainment(m), m.counted, m.weights, how="median")


@settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(
        st.tuples(st.sampled_from([0.0, 0.1, 1 / 3, 0.7, 1.0, 1.5, NAN]), st.sampled_from([True, True, False])),
        min_size=4,
        max_size=4 * 12,
    ),
    spread=st.lists(st.floats(0.5, 1.5), min_size=12, max_size=12),
    copies=st.integers(1, 4),
)
def test_property_one_weight_vector_is_bit_equal_to_identical_columns_of_a_weight_matrix(cells, spread, copies):
    """The published score and a Monte Carlo sample drawn at the same weights are the same float."""
    n_crit = 4
    n_units = len(cells) // n_crit
    counted = np.array([c for _, c in cells[: n_units * n_crit]]).reshape(n_units, n_crit)
    attained = np.array([a for a, _ in cells[: n_units * n_crit]]).reshape(n_units, n_crit)
    weights = np.array(spread[:n_crit]) * 10
    one = aggregate(attained, counted, weights)
    many = aggregate(attained, counted, np.repeat(weights[:, None], copies, axis=1))
    for col in range(copies):
        assert np.array_equal(one, many[:, col], equal_nan=True)


def test_criterion_matrices_do_not_depend_on_the_row_order_and_need_every_cell(params):
    reg = registry(("X1", "ubnd_xa"), ("H1", "ubnd_huyen"), ("DN1", "doanh_nghiep"))
    rows = full_rates("X1", "ubnd_xa", params, {"TC06": None}) + full_rates("H1", "ubnd_huyen", params)
    table, scores = run(reg, rows, {"X1": 1}, params)
    m = criterion_matrices(table)
    shuffled = criterion_matrices(table.sample(frac=1, random_state=0))
    assert list(m.unit_codes) == ["DN1", "H1", "X1"]
    for field in ("value", "target", "missing", "excluded", "weights"):
        np.testing.assert_array_equal(getattr(m, field), getattr(shuffled, field))
    assert list(m.unit_groups) == list(shuffled.unit_groups) == ["doanh_nghiep", "ubnd_huyen", "ubnd_xa"]
    published = scores.set_index("unit_code")["score"]
    assert aggregate(attainment(m), m.counted, m.weights)[2] == published["X1"] == pytest.approx(100 * 78 / 86)
    with pytest.raises(ValueError, match="one row per unit and criterion"):
        criterion_matrices(table.iloc[1:])


# ---------------------------------------------------------------- individual rubric


def _people(**columns: list) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {
        "unit_code": ["X1"] * n,
        "is_head": [False] * n,
        "n_products": [0] * n,
        "products_led": [0.0] * n,
        "training_courses": [0.0] * n,
        "initiative_level": ["khong"] * n,
        "annual_rating": ["tot"] * n,
    }
    base.update(columns)
    return pd.DataFrame(base)


def test_individual_rubric_points_are_capped_per_item(params):
    people = _people(
        products_led=[3.0, 1.0, 0.0],
        initiative_level=["tinh", "co_so", "khong"],
        training_courses=[1.0, 5.0, 0.0],
        annual_rating=["xuat_sac", "tot", "hoan_thanh"],
    )
    points = individual_points(people, pd.Series({"X1": 55.0}), params.individual_rubric)
    # min(3·20, 40) + 35 + 5 + 10 ; 20 + 20 + min(5·5, 10) + 5 ; 0
    assert points.to_dict("list") == {
        "points_products": [40.0, 20.0, 0.0],
        "points_achievement": [35.0, 20.0, 0.0],
        "points_training": [5.0, 10.0, 0.0],
        "points_rating": [10.0, 5.0, 0.0],
    }
    assert list(points.sum(axis=1)) == [90.0, 55.0, 0.0]


def test_individual_rubric_maximum_is_100(params):
    people = _people(
        products_led=[10.0], initiative_level=["toan_quoc"], training_courses=[10.0], annual_rating=["xuat_sac"]
    )
    assert list(individual_points(people, pd.Series({"X1": 1.0}), params.individual_rubric).sum(axis=1)) == [100.0]


def test_a_unit_head_is_scored_on_the_collective_on_the_staff_scale(params):
    """Head: the unit's products for products led, the collective's score step for the initiative (params)."""
    people = _people(
        unit_code=["X1", "X2", "X3"],
        is_head=[True, True, True],
        n_products=[3, 1, 0],
        products_led=[0.0, 5.0, 0.0],  # the head's own claim does not count
        initiative_level=["khong", "toan_quoc", "khong"],  # nor the head's own initiative
        training_courses=[2.0, 0.0, 0.0],
        annual_rating=["xuat_sac", "tot", "hoan_thanh"],
    )
    points = individual_points(people, pd.Series({"X1": 90.0, "X2": 89.99, "X3": 69.9}), params.individual_rubric)
    # X1: min(3·20, 40) + 40 (score 90 ≥ 90) + 10 + 10 = 100; X2: 20 + 35 (≥ 80) + 0 + 5 = 60; X3: 0 + 0 (< 70) + 0 + 0
    assert list(points.sum(axis=1)) == [100.0, 60.0, 0.0]


# ---------------------------------------------------------------- properties

GROUPS = list(LEVEL_OF_GROUP)
RATE_CODES = [f"TC{i:02d}" for i in range(1, 13) if i != 10]


@st.composite
def unit_data(draw, n_min: int = 1, n_max: int = 6):
    """Registry, indicator rows, product counts and submitters for a few units."""
    n = draw(st.integers(n_min, n_max))
    units = [(f"U{i:02d}", draw(st.sampled_from(GROUPS))) for i in range(n)]
    rows, counts, submitted = [], {}, []
    for code, _ in units:
        if draw(st.booleans()) or draw(st.booleans()):
            submitted.append(code)
        counts[code] = draw(st.integers(0, 3))
        for crit in RATE_CODES:
            kind = draw(st.sampled_from(["value", "value", "value", "missing", "zero_den", "blank"]))
            if kind == "missing":
                continue
            if kind == "zero_den":
                rows.append(indicator(code, crit, 0.0, 0.0))
            elif kind == "blank":
                rows.append(indicator(code, crit, None, None))
            else:
                den = float(draw(st.integers(1, 500)))
                num = float(draw(st.integers(0, int(den))))
                rows.append(indicator(code, crit, num, den))
    return registry(*units), rows, counts, submitted


def _canonical(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=unit_data())
def test_property_scores_lie_between_0_and_100(params_2023, data):
    reg, rows, counts, submitted = data
    table, scores = run(reg, rows, counts, params_2023, submitted=submitted)
    present = scores["score"].dropna()
    assert ((present >= 0) & (present <= 100)).all()
    attained = table["attainment"].dropna()
    assert ((attained >= 0) & (attained <= 1)).all()
    # a submitter always has TC10 counted, so it always has a score
    assert scores.loc[scores["submitted"], "score"].notna().all()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=unit_data(), pick=st.data())
def test_property_raising_any_rate_never_lowers_a_units_score(params_2023, data, pick):
    reg, rows, counts, submitted = data
    _, before = run(reg, rows, counts, params_2023, submitted=submitted)
    unit = pick.draw(st.sampled_from(list(reg["unit_code"])))
    crit = pick.draw(st.sampled_from(RATE_CODES))
    others = [r for r in rows if not (r["unit_code"] == unit and r["criterion_code"] == crit)]
    old = next((r for r in rows if r["unit_code"] == unit and r["criterion_code"] == crit), None)
    if old is not None and old["denominator"] == 0:
        raised = rows  # not arising: there is no rate to raise
    elif old is not None and old["denominator"]:
        den = old["denominator"]
        num = pick.draw(st.integers(int(old["numerator"]), int(den)))  # same or higher rate
        raised = [*others, indicator(unit, crit, float(num), den)]
    else:  # a missing value (scored 0) becomes a real one
        den = float(pick.draw(st.integers(1, 50)))
        num = pick.draw(st.integers(0, int(den)))
        raised = [*others, indicator(unit, crit, float(num), den)]
    more_products = {**counts, unit: counts[unit] + pick.draw(st.integers(0, 2))}
    _, after = run(reg, raised, more_products, params_2023, submitted=submitted)
    old_score = before.set_index("unit_code")["score"]
    new_score = after.set_index("unit_code")["score"]
    for code in reg["unit_code"]:
        if pd.isna(old_score[code]):
            continue
        assert new_score[code] >= old_score[code], code


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=unit_data(n_min=2), seed=st.integers(0, 2**32 - 1))
def test_property_shuffling_input_rows_never_changes_scores(params_2023, data, seed):
    reg, rows, counts, submitted = data
    table, scores = run(reg, rows, counts, params_2023, submitted=submitted)
    rng = np.random.default_rng(seed)
    reg2 = reg.sample(frac=1, random_state=rng).reset_index(drop=True)
    ind2 = indicators(rows).sample(frac=1, random_state=rng).reset_index(drop=True)
    prod2 = products(counts).sample(frac=1, random_state=rng).reset_index(drop=True)
    subs2 = submissions(submitted).sample(frac=1, random_state=rng).reset_index(drop=True)
    table2, scores2 = score_units(reg2, subs2, ind2, prod2, params_2023)
    pd.testing.assert_frame_equal(
        _canonical(table, ["unit_code", "criterion_code"]), _canonical(table2, ["unit_code", "criterion_code"])
    )
    pd.testing.assert_frame_equal(_canonical(scores, ["unit_code"]), _canonical(scores2, ["unit_code"]))
    # the returned order itself is deterministic too
    assert list(scores["unit_code"]) == list(scores2["unit_code"])


# ---------------------------------------------------------------- coverage: a score needs data

ALL_ZERO = (0.0, 0.0)
DISTRICT_RATE_CODES = [f"TC{i:02d}" for i in range(1, 13) if i != 10]


def test_district_typing_0_over_0_everywhere_no_longer_scores_100(params):
    # The loophole: a district with 0/0 on every rate criterion and one product used to score 100,0 with complete
    # data (everything "not arising", weights re-normalised over TC10 alone). By params/2023.yaml a district
    # cannot lack TC01 (12), TC05 (10) or TC09 (8): those are missing and attain 0. Not arising: TC02 10, TC03 10,
    # TC04 14, TC06 8, TC07 8, TC08 6, TC11 4, TC12 4 (64). Counted: 12 + 10 + 8 + TC10 6 = 36, attained 6 × 1,
    # so the score is 100 × 6 / 36 = 16,67. Measured: TC10 only, 6 of the 100 weight points a district has: 0.06.
    reg = registry(("H1", "ubnd_huyen"))
    rows = [indicator("H1", code, *ALL_ZERO) for code in DISTRICT_RATE_CODES]
    table, scores = run(reg, rows, {"H1": 1}, params)
    for code in ("TC01", "TC05", "TC09"):
        assert cell(table, "H1", code, "status") == MISSING
        assert cell(table, "H1", code, "attainment") == 0.0
    for code in ("TC02", "TC03", "TC04", "TC06", "TC07", "TC08", "TC11", "TC12"):
        assert cell(table, "H1", code, "status") == NOT_ARISING
    h1 = unit_row(scores, "H1")
    assert h1["score"] == pytest.approx(100 * 6 / 36)
    assert bool(h1["data_complete"]) is False
    assert h1["n_missing"] == 3
    assert h1["measured_share"] == pytest.approx(0.06)


def test_implausible_zero_list_comes_from_params(params):
    # Take TC01 off the district list: its 0/0 is "not arising" again; TC05 and TC09 stay missing.
    changed = params.with_changes({"scoring.zero_not_plausible.ubnd_huyen": ["TC05", "TC09"]})
    reg = registry(("H1", "ubnd_huyen"))
    rows = [indicator("H1", code, *ALL_ZERO) for code in DISTRICT_RATE_CODES]
    table, scores = run(reg, rows, {"H1": 1}, changed)
    assert cell(table, "H1", "TC01", "status") == NOT_ARISING
    assert unit_row(scores, "H1")["n_missing"] == 2
    assert unit_row(scores, "H1")["score"] == pytest.approx(100 * 6 / 24)  # counted 10 + 8 + 6


def test_implausible_zero_applies_only_to_the_groups_listed(params):
    # An enterprise has TC11 and TC12 with nothing listed for its group: 0/0 there is not arising.
    reg = registry(("DN1", "doanh_nghiep"))
    rows = [indicator("DN1", "TC11", *ALL_ZERO), indicator("DN1", "TC12", *ALL_ZERO)]
    table, scores = run(reg, rows, {"DN1": 1}, params)
    assert cell(table, "DN1", "TC11", "status") == NOT_ARISING
    assert bool(unit_row(scores, "DN1")["data_complete"]) is True
    assert unit_row(scores, "DN1")["measured_share"] == pytest.approx(6 / 14)


def test_measured_share_counts_missing_and_not_arising_as_not_measured(params):
    # A district measuring TC01, TC04, TC05, TC09 and TC10 (12 + 14 + 10 + 8 + 6 = 50 of 100), the rest 0/0
    # where plausible: data complete, score 100, measured share 0,5. Non-submitters measured nothing.
    reg = registry(("H1", "ubnd_huyen"), ("H2", "ubnd_huyen"))
    zeros = {code: ALL_ZERO for code in ("TC02", "TC03", "TC06", "TC07", "TC08", "TC11", "TC12")}
    _, scores = run(reg, full_rates("H1", "ubnd_huyen", params, zeros), {"H1": 1}, params, submitted=["H1"])
    h1 = unit_row(scores, "H1")
    assert (h1["score"], bool(h1["data_complete"]), h1["measured_share"]) == (100.0, True, 0.5)
    assert unit_row(scores, "H2")["measured_share"] == 0.0


def _reference_measured_share(group: str, rows: list[dict], submitted: bool, params: Params) -> float:
    """Measured weight / applicable weight, written out from SPEC §3 without lib.scoring.

    Measured: a rate criterion with a row whose denominator is positive and numerator present; the
    product count whenever the unit submitted. A denominator of 0 is never measured, plausible or not.
    """
    by_code = {r["criterion_code"]: r for r in rows}
    applicable = measured = 0.0
    for crit in params.criteria:
        if group not in crit.applies_to:
            continue
        applicable += crit.weight
        if crit.measure == "count":
            measured += crit.weight if submitted else 0.0
            continue
        row = by_code.get(crit.code)
        if row is not None and row["numerator"] is not None and row["denominator"]:
            measured += crit.weight
    return measured / applicable


@st.composite
def coverage_data(draw):
    """A few units; only submitters have indicator rows (as the ingest hands them on)."""
    n = draw(st.integers(1, 5))
    units = [(f"U{i:02d}", draw(st.sampled_from(GROUPS))) for i in range(n)]
    rows, submitted = [], []
    for code, _ in units:
        if not draw(st.booleans()) and n > 1:
            continue
        submitted.append(code)
        for crit in RATE_CODES:
            kind = draw(st.sampled_from(["value", "none", "zero", "blank"]))
            if kind == "value":
                den = float(draw(st.integers(1, 50)))
                rows.append(indicator(code, crit, float(draw(st.integers(0, int(den)))), den))
            elif kind == "zero":
                rows.append(indicator(code, crit, 0.0, 0.0))
            elif kind == "blank":
                rows.append(indicator(code, crit, None, None))
    return registry(*units), rows, submitted


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=coverage_data())
def test_property_measured_share_matches_a_reference_computation(params_2023, data):
    reg, rows, submitted = data
    _, scores = run(reg, rows, {}, params_2023, submitted=submitted)
    for code, group in zip(reg["unit_code"], reg["unit_group"], strict=True):
        mine = [r for r in rows if r["unit_code"] == code]
        expected = _reference_measured_share(group, mine, code in submitted, params_2023)
        assert unit_row(scores, code)["measured_share"] == pytest.approx(expected, abs=1e-12), code
