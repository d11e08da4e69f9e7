"""Province-level KPIs of the plan (lib.scoring.kpis): pooled and share_full, with level filters.

The criterion table is built by lib.scoring.scores from a handful of units so that
the statuses (measured, not arising, missing, not applicable) are the real ones.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lib.scoring.kpis import province_kpis
from lib.scoring.scores import score_units

UNITS = [
    ("S1", "so_ban_nganh", "tinh"),
    ("S2", "so_ban_nganh", "tinh"),
    ("M1", "mttq_doan_the", "tinh"),
    ("H1", "ubnd_huyen", "huyen"),
    ("H2", "ubnd_huyen", "huyen"),
    ("X1", "ubnd_xa", "xa"),
    ("X2", "ubnd_xa", "xa"),
    ("X3", "ubnd_xa", "xa"),
    ("X4", "ubnd_xa", "xa"),
]
# (unit, criterion, numerator, denominator); X4 sends nothing for TC04 (missing)
VALUES = [
    ("S1", "TC04", 30, 100),
    ("H1", "TC04", 60, 100),
    ("H2", "TC04", 180, 200),
    ("X1", "TC04", 80, 100),
    ("X2", "TC04", 10, 50),
    ("X3", "TC04", 0, 0),  # no dossier received: not arising
    ("S1", "TC06", 12, 12),
    ("S2", "TC06", 6, 12),
    ("M1", "TC06", 10, 10),
    ("H1", "TC06", 0, 0),  # not arising
    ("S1", "TC07", 20, 20),
    ("S2", "TC07", 3, 20),
    ("H1", "TC07", 9, 10),
    ("H2", "TC07", 4, 4),
    ("M1", "TC07", 0, 5),  # TC07 does not apply to mttq_doan_the
]


def criterion_table(params) -> pd.DataFrame:
    """The criterion table of the units above, every unit submitted."""
    registry = pd.DataFrame(
        [
            {"unit_code": c, "unit_name": f"Đơn vị {c}", "unit_group": g, "admin_level": lv, "parent_code": None}
            for c, g, lv in UNITS
        ]
    )
    indicators = pd.DataFrame(
        [
            {
                "unit_code": u,
                "criterion_code": k,
                "numerator": float(n),
                "denominator": float(d),
                "rate": n / d if d else None,
            }
            for u, k, n, d in VALUES
        ]
    ).astype({"rate": float})
    submissions = pd.DataFrame({"unit_code": [c for c, _, _ in UNITS], "status": "accepted"})
    products = pd.DataFrame(columns=["unit_code", "product_name"])
    table, _ = score_units(registry, submissions, indicators, products, params)
    return table


def kpi(kpis: pd.DataFrame, code: str) -> pd.Series:
    """One KPI row."""
    row = kpis[kpis["code"] == code]
    assert len(row) == 1
    return row.iloc[0]


def test_online_dossiers_are_pooled_over_province_and_district_units(params):
    row = kpi(province_kpis(criterion_table(params), params), "KPI4a")
    # (30 + 60 + 180) / (100 + 100 + 200); the mean of the rates would be 0.6
    assert row["value"] == pytest.approx(270 / 400)
    assert row["levels"] == "tinh, huyen"
    assert row["n_units"] == 3
    assert row["target"] == 0.75
    assert bool(row["met"]) is False


def test_online_dossiers_of_communes_are_pooled_separately_leaving_out_not_arising_and_missing(params):
    row = kpi(province_kpis(criterion_table(params), params), "KPI4b")
    # X1 and X2 only: (80 + 10) / (100 + 50); X3 (denominator 0) is not concerned, X4 (missing) is concerned
    # but has no counts: the coverage says 2 of 3
    assert row["value"] == pytest.approx(0.6)
    assert row["levels"] == "xa"
    assert row["n_units"] == 2
    assert (row["n_concerned"], row["n_reported"]) == (3, 2)
    assert row["coverage"] == pytest.approx(2 / 3)
    assert row["target"] == 0.5
    assert bool(row["met"]) is True


def test_share_full_counts_every_unit_concerned_and_a_non_reporter_as_not_compliant(params):
    row = kpi(province_kpis(criterion_table(params), params), "KPI6")
    # TC06, state bodies only (params groups: so_ban_nganh, ubnd_huyen, ubnd_xa; M1 of mttq_doan_the is out):
    # S1 12/12 full, S2 6/12; H1 not arising (out); H2, X1, X2, X3, X4 sent no TC06 value: concerned, not
    # compliant. 1 of 7; 2 of the 7 reported.
    assert row["method"] == "share_full"
    assert row["groups"] == "so_ban_nganh, ubnd_huyen, ubnd_xa"
    assert row["value"] == pytest.approx(1 / 7)
    assert (row["n_units"], row["n_concerned"], row["n_reported"]) == (7, 7, 2)
    assert row["coverage"] == pytest.approx(2 / 7)
    assert bool(row["met"]) is False


def test_share_full_only_counts_units_the_criterion_applies_to(params):
    row = kpi(province_kpis(criterion_table(params), params), "KPI7")
    # TC07: S1 full, S2 not, H1 not, H2 full; M1 (mttq_doan_the) does not count -> 2 / 4 = target 0.5
    assert row["value"] == pytest.approx(0.5)
    assert row["n_units"] == 4
    assert bool(row["met"]) is True  # at the target is met


def test_kpi_without_any_measured_unit_has_no_value_and_is_not_met(params):
    row = kpi(province_kpis(criterion_table(params), params), "KPI1")
    assert math.isnan(row["value"])
    assert row["n_units"] == 0
    assert bool(row["met"]) is False


def test_one_row_per_kpi_of_params_in_params_order(params):
    kpis = province_kpis(criterion_table(params), params)
    assert list(kpis["code"]) == [k.code for k in params.province_kpis]


def test_kpi_method_and_levels_come_from_params(params):
    params = params.with_changes(
        {
            "province_kpis": [
                {"code": "K", "label_vi": "Thử", "criterion": "TC04", "method": "share_full", "target": 0.2},
                {"code": "P", "label_vi": "Thử", "criterion": "TC04", "method": "pooled", "target": 0.2},
            ]
        }
    )
    kpis = province_kpis(criterion_table(params), params)
    # share_full over every unit TC04 concerns: S1, H1, H2, X1, X2 measured, S2 and X4 missing, X3 not
    # arising (out): none of the 7 at 100 %
    assert kpi(kpis, "K")["value"] == 0.0
    assert kpi(kpis, "K")["n_units"] == 7
    # pooled over every level: (30 + 60 + 180 + 80 + 10) / (100 + 100 + 200 + 100 + 50)
    assert kpi(kpis, "P")["value"] == pytest.approx(360 / 550)
    assert kpi(kpis, "P")["levels"] == ""
