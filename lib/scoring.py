"""Criterion attainments and unit scores, exactly as the methodology states.

Vectorised over a unit × criterion table. Three states are kept apart all the
way through: not applicable (excluded from the weights), missing (scores 0 and
marks the unit's data incomplete) and a real zero.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

# Criterion status codes (shown in the report through STATUS_VI).
NOT_APPLICABLE = "khong_ap_dung"  # the criterion does not concern the unit's group
NOT_ARISING = "khong_phat_sinh"  # denominator 0: nothing to measure at this unit
MISSING = "thieu_so_lieu"  # applies, but no valid value
MEASURED = "co_so_lieu"
STATUS_VI = {
    NOT_APPLICABLE: "không áp dụng",
    NOT_ARISING: "không phát sinh",
    MISSING: "thiếu số liệu",
    MEASURED: "có số liệu",
}
EXCLUDED_STATUSES = (NOT_APPLICABLE, NOT_ARISING)


def criteria_frame(params: dict[str, Any]) -> pd.DataFrame:
    """The criteria of params as a frame (order kept)."""
    return pd.DataFrame(
        [
            {
                "criterion_code": c["code"],
                "measure": c["measure"],
                "weight": float(c["weight"]),
                "applies_to": tuple(c["applies_to"]),
                "target_default": float(c["target"]["default"]),
                "targets": dict(c["target"]),
                "order": i,
            }
            for i, c in enumerate(params["criteria"])
        ]
    )


def criterion_table(
    registry: pd.DataFrame,
    submitted: pd.Series,
    indicators: pd.DataFrame,
    products: pd.DataFrame,
    params: dict[str, Any],
) -> pd.DataFrame:
    """One row per registry unit × criterion with value, target, status, attainment.

    ``submitted`` is the set of unit codes whose latest workbook was accepted.
    The count criterion (TC10) is the number of valid products the unit listed.
    """
    crit = criteria_frame(params)
    units = registry[["unit_code", "unit_group", "admin_level"]].assign(submitted=registry["unit_code"].isin(submitted))
    table = units.merge(crit, how="cross")
    table["applicable"] = [g in a for g, a in zip(table["unit_group"], table["applies_to"], strict=True)]
    values = indicators[["unit_code", "criterion_code", "numerator", "denominator", "rate"]]
    table = table.merge(values, on=["unit_code", "criterion_code"], how="left", validate="one_to_one")
    counts = products.groupby("unit_code").size()
    is_count = table["measure"] == "count"
    table.loc[is_count, "numerator"] = table.loc[is_count, "unit_code"].map(counts).fillna(0).astype(float)
    table.loc[is_count & ~table["submitted"], "numerator"] = np.nan
    table.loc[is_count, "denominator"] = np.nan
    table["value"] = table["rate"].where(~is_count, table["numerator"])
    table["target"] = [
        t.get(level, t["default"]) if isinstance(level, str) else t["default"]
        for t, level in zip(table["targets"], table["admin_level"], strict=True)
    ]
    table["status"] = np.select(
        [~table["applicable"], (~is_count) & (table["denominator"] == 0), table["value"].notna()],
        [NOT_APPLICABLE, NOT_ARISING, MEASURED],
        default=MISSING,
    )
    table["attainment"] = np.where(
        table["status"] == MEASURED,
        np.minimum(table["value"] / table["target"], 1.0),
        np.where(table["status"] == MISSING, 0.0, np.nan),
    )
    table["met_target"] = (table["status"] == MEASURED) & (table["value"] >= table["target"])
    table["counted_weight"] = np.where(table["status"].isin(EXCLUDED_STATUSES), 0.0, table["weight"])
    keep = [
        "unit_code",
        "unit_group",
        "admin_level",
        "submitted",
        "criterion_code",
        "order",
        "measure",
        "applicable",
        "numerator",
        "denominator",
        "value",
        "target",
        "status",
        "attainment",
        "met_target",
        "weight",
        "counted_weight",
    ]
    return table[keep].sort_values(["unit_code", "order"], kind="stable").reset_index(drop=True)


def unit_scores(table: pd.DataFrame) -> pd.DataFrame:
    """Score 0-100 per unit: weighted mean attainment over the criteria that count.

    Weights are re-normalised over the unit's applicable criteria, so a
    commune is not punished for a criterion that does not concern it.
    Unrounded; rounding is for display only.
    """
    weighted = table["counted_weight"] * table["attainment"].fillna(0.0)
    grouped = pd.DataFrame(
        {
            "unit_code": table["unit_code"],
            "weighted": weighted,
            "w": table["counted_weight"],
            "missing": table["status"] == MISSING,
        }
    ).groupby("unit_code", sort=True)
    sums = grouped.agg(weighted=("weighted", "sum"), w=("w", "sum"), n_missing=("missing", "sum"))
    sums["score"] = np.where(sums["w"] > 0, 100.0 * sums["weighted"] / sums["w"].where(sums["w"] > 0), np.nan)
    return sums[["score", "n_missing"]].reset_index()


def band_of(scores: pd.Series, bands: list[dict[str, Any]]) -> pd.Series:
    """Band code per score (bands listed highest first, lower bound inclusive)."""
    conditions = [scores >= b["min"] for b in bands]
    return pd.Series(np.select(conditions, [b["code"] for b in bands], default=None), index=scores.index).where(
        scores.notna()
    )


def score_units(
    registry: pd.DataFrame,
    submissions: pd.DataFrame,
    indicators: pd.DataFrame,
    products: pd.DataFrame,
    params: dict[str, Any],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(criterion table, one row per registry unit with score, band, rank_in_group)."""
    submitted = submissions.loc[submissions["status"] == "accepted", "unit_code"]
    table = criterion_table(registry, submitted, indicators, products, params)
    scores = registry[["unit_code", "unit_name", "unit_group", "admin_level"]].merge(
        unit_scores(table), on="unit_code", how="left", validate="one_to_one"
    )
    scores["submitted"] = scores["unit_code"].isin(submitted)
    scores["data_complete"] = scores["submitted"] & (scores["n_missing"] == 0)
    scores["band"] = band_of(scores["score"], params["bands"])
    ranked = scores["submitted"]
    # Competition ranking on the unrounded score ("1, 2, 2, 4"); non-submitters are not ranked.
    scores["rank_in_group"] = (
        scores.loc[ranked].groupby("unit_group")["score"].rank(method="min", ascending=False).astype("Int64")
    )
    wide = _wide_criteria(table)
    scores = scores.merge(wide, on="unit_code", how="left", validate="one_to_one")
    return table, scores.sort_values(
        ["unit_group", "rank_in_group", "unit_code"], kind="stable", na_position="last"
    ).reset_index(drop=True)


def _wide_criteria(table: pd.DataFrame) -> pd.DataFrame:
    """Per criterion: rate (or count for a count criterion), attainment and status columns."""
    pivot = table.pivot(index="unit_code", columns="criterion_code", values=["value", "attainment", "status"])
    firsts = table.drop_duplicates("criterion_code").sort_values("order")
    columns = {}
    for code, measure in zip(firsts["criterion_code"], firsts["measure"], strict=True):
        columns[f"{code}_{measure}"] = pivot[("value", code)]
        columns[f"{code}_attainment"] = pivot[("attainment", code)]
        columns[f"{code}_status"] = pivot[("status", code)]
    return pd.DataFrame(columns).reset_index()


def individual_scores(individuals: pd.DataFrame, unit_scores_by_code: pd.Series, rubric: dict[str, Any]) -> pd.Series:
    """Rubric points 0-100 per nominated person; a unit head takes the unit's score.

    The plan judges a unit head by the achievements of the collective they
    lead; everyone else by products led, recognised initiative, training and
    annual rating.
    """
    products = np.minimum(
        individuals["products_led"] * rubric["products_led"]["points_each"], rubric["products_led"]["max"]
    )
    training = np.minimum(
        individuals["training_courses"] * rubric["training_courses"]["points_each"], rubric["training_courses"]["max"]
    )
    initiative = individuals["initiative_level"].map(rubric["initiative_level"]).astype(float)
    rating = individuals["annual_rating"].map(rubric["annual_rating"]).astype(float)
    points = (products + training + initiative + rating).astype(float)
    leader_score = individuals["unit_code"].map(unit_scores_by_code).astype(float)
    return points.where(~individuals["is_leader"].astype(bool), leader_score)
