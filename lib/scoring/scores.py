"""Criterion attainments and unit scores, exactly as the methodology states.

Vectorised over a unit × criterion table. Three states are kept apart all the
way through: not applicable (excluded from the weights), missing (scores 0 and
marks the unit's data incomplete) and a real zero.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from lib.contract.labels import MEASURED, MISSING, NOT_APPLICABLE, NOT_ARISING
from lib.contract.params import Band, Params, Rubric


def criterion_table(
    registry: pd.DataFrame,
    submitted: pd.Series,
    indicators: pd.DataFrame,
    products: pd.DataFrame,
    params: Params,
) -> pd.DataFrame:
    """One row per registry unit × criterion with value, target, status, attainment.

    ``submitted`` is the set of unit codes whose latest workbook was accepted.
    The count criterion (TC10) is the number of valid products the unit listed.
    Built on unit × criterion arrays (no joins, no row loops): rows come out
    ordered by unit code, then by the criteria's order in params.
    """
    crits = params.criteria
    n_crit = len(crits)
    reg = registry.sort_values("unit_code", kind="stable")
    codes = reg["unit_code"].to_numpy(dtype=object)
    unit_index = pd.Index(codes)
    n_units = len(codes)
    is_submitted = reg["unit_code"].isin(submitted).to_numpy()
    crit_codes = np.array([c.code for c in crits], dtype=object)
    is_count = np.array([c.measure == "count" for c in crits])
    weight = np.array([float(c.weight) for c in crits])

    group_idx, groups = pd.factorize(reg["unit_group"].astype(str))
    applicable = np.array([[g in c.applies_to for c in crits] for g in groups], dtype=bool).reshape(
        len(groups), n_crit
    )[group_idx]
    level_idx, levels = pd.factorize(reg["admin_level"].fillna("default").astype(str))
    target = np.array([[c.target_for(lv) for c in crits] for lv in levels]).reshape(
        len(levels), n_crit
    )[level_idx]

    numerator, denominator, rate = (np.full((n_units, n_crit), np.nan) for _ in range(3))
    u_pos = unit_index.get_indexer(indicators["unit_code"])
    c_pos = pd.Index(crit_codes).get_indexer(indicators["criterion_code"])
    keep = (u_pos >= 0) & (c_pos >= 0)
    flat = u_pos[keep] * n_crit + c_pos[keep]
    if len(flat) and np.bincount(flat).max() > 1:
        raise ValueError("indicators hold two rows for one unit and criterion")
    for array, column in ((numerator, "numerator"), (denominator, "denominator"), (rate, "rate")):
        array.ravel()[flat] = indicators[column].to_numpy(dtype=float)[keep]
    product_units = unit_index.get_indexer(products["unit_code"])
    counts = np.bincount(product_units[product_units >= 0], minlength=n_units).astype(float)
    numerator[:, is_count] = np.where(is_submitted, counts, np.nan)[:, None]
    denominator[:, is_count] = np.nan
    value = np.where(is_count, numerator, rate)

    status_labels = [NOT_APPLICABLE, NOT_ARISING, MISSING, MEASURED]
    status = np.select([~applicable, ~is_count & (denominator == 0), ~np.isnan(value)], [0, 1, 3], default=2)
    measured, missing = status == 3, status == 2
    with np.errstate(invalid="ignore", divide="ignore"):
        attainment = np.where(measured, np.minimum(value / target, 1.0), np.where(missing, 0.0, np.nan))
        met = measured & (value >= target)
    counted = np.where(measured | missing, weight, 0.0)
    # Repeated labels as categoricals: a million rows of text cost a million objects otherwise.
    unit_rows = np.repeat(np.arange(n_units), n_crit)
    crit_rows = np.tile(np.arange(n_crit), n_units)
    level_codes, level_labels = pd.factorize(reg["admin_level"], use_na_sentinel=True)
    return pd.DataFrame(
        {
            "unit_code": pd.Categorical.from_codes(unit_rows, categories=pd.Index(codes)),
            "unit_group": pd.Categorical.from_codes(np.asarray(group_idx)[unit_rows], categories=groups),
            "admin_level": pd.Categorical.from_codes(np.asarray(level_codes)[unit_rows], categories=level_labels),
            "submitted": is_submitted[unit_rows],
            "criterion_code": pd.Categorical.from_codes(crit_rows, categories=pd.Index(crit_codes)),
            "order": crit_rows,
            "measure": pd.Categorical.from_codes(is_count.astype(int)[crit_rows], categories=["rate", "count"]),
            "applicable": applicable.ravel(),
            "numerator": numerator.ravel(),
            "denominator": denominator.ravel(),
            "value": value.ravel(),
            "target": target.ravel(),
            "status": pd.Categorical.from_codes(status.ravel(), categories=status_labels),
            "attainment": attainment.ravel(),
            "met_target": met.ravel(),
            "weight": np.tile(weight, n_units),
            "counted_weight": counted.ravel(),
        },
        copy=False,
    )


def unit_scores(table: pd.DataFrame) -> pd.DataFrame:
    """Score 0-100 per unit: weighted mean attainment over the criteria that count.

    Weights are re-normalised over the unit's applicable criteria, so a
    commune is not punished for a criterion that does not concern it.
    Unrounded; rounding is for display only.
    """
    codes, units = pd.factorize(table["unit_code"], sort=True)
    weights = table["counted_weight"].to_numpy(dtype=float)
    weighted = np.bincount(
        codes, weights=weights * np.nan_to_num(table["attainment"].to_numpy(dtype=float)), minlength=len(units)
    )
    total = np.bincount(codes, weights=weights, minlength=len(units))
    missing = np.bincount(codes, weights=(table["status"] == MISSING).to_numpy(dtype=float), minlength=len(units))
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(total > 0, 100.0 * weighted / total, np.nan)
    return pd.DataFrame(
        {"unit_code": np.asarray(units, dtype=object), "score": score, "n_missing": missing.astype(int)}
    )


def band_of(scores: pd.Series, bands: tuple[Band, ...]) -> pd.Series:
    """Band code per score (bands listed highest first, lower bound inclusive)."""
    conditions = [scores >= b.min for b in bands]
    return pd.Series(np.select(conditions, [b.code for b in bands], default=None), index=scores.index).where(
        scores.notna()
    )


def score_units(
    registry: pd.DataFrame,
    submissions: pd.DataFrame,
    indicators: pd.DataFrame,
    products: pd.DataFrame,
    params: Params,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(criterion table, one row per registry unit with score, band, rank_in_group)."""
    submitted = submissions.loc[submissions["status"] == "accepted", "unit_code"]
    table = criterion_table(registry, submitted, indicators, products, params)
    per_unit = unit_scores(table).set_index("unit_code")
    scores = registry[["unit_code", "unit_name", "unit_group", "admin_level"]].reset_index(drop=True)
    scores = scores.join(per_unit, on="unit_code")
    scores["submitted"] = scores["unit_code"].isin(submitted)
    scores["data_complete"] = scores["submitted"] & (scores["n_missing"] == 0)
    scores["band"] = band_of(scores["score"], params.bands)
    ranked = scores["submitted"]
    # Competition ranking on the unrounded score ("1, 2, 2, 4"); non-submitters are not ranked.
    scores["rank_in_group"] = (
        scores.loc[ranked].groupby("unit_group")["score"].rank(method="min", ascending=False).astype("Int64")
    )
    scores = scores.join(_wide_criteria(table).set_index("unit_code"), on="unit_code")
    # Order: group, rank (unranked last), code; lexsort on integer keys is ~5x a multi-key sort_values.
    group_key = pd.factorize(scores["unit_group"], sort=True)[0]
    rank_key = scores["rank_in_group"].fillna(len(scores) + 1).to_numpy(dtype=np.int64)
    code_key = pd.factorize(scores["unit_code"], sort=True)[0]
    order = np.lexsort((code_key, rank_key, group_key))
    return table, scores.iloc[order].reset_index(drop=True)


def _wide_criteria(table: pd.DataFrame) -> pd.DataFrame:
    """Per criterion: rate (or count for a count criterion), attainment and status columns.

    Relies on the layout of :func:`criterion_table` (unit-major, criteria in order).
    """
    firsts = table.drop_duplicates("criterion_code").sort_values("order")
    n_crit = len(firsts)
    units = np.asarray(table["unit_code"].to_numpy()[::n_crit], dtype=object)
    columns: dict[str, Any] = {"unit_code": units}
    blocks = {key: table[key].to_numpy().reshape(len(units), n_crit) for key in ("value", "attainment", "status")}
    for j, (code, measure) in enumerate(zip(firsts["criterion_code"], firsts["measure"], strict=True)):
        columns[f"{code}_{measure}"] = blocks["value"][:, j]
        columns[f"{code}_attainment"] = blocks["attainment"][:, j]
        columns[f"{code}_status"] = blocks["status"][:, j]
    return pd.DataFrame(columns)


def individual_scores(individuals: pd.DataFrame, unit_scores_by_code: pd.Series, rubric: Rubric) -> pd.Series:
    """Rubric points 0-100 per nominated person; a unit head takes the unit's score.

    The plan judges a unit head by the achievements of the collective they
    lead; everyone else by products led, recognised initiative, training and
    annual rating.
    """
    products = np.minimum(
        individuals["products_led"] * rubric.products_led.points_each, rubric.products_led.max
    )
    training = np.minimum(
        individuals["training_courses"] * rubric.training_courses.points_each, rubric.training_courses.max
    )
    initiative = individuals["initiative_level"].map(dict(rubric.initiative_level)).astype(float)
    rating = individuals["annual_rating"].map(dict(rubric.annual_rating)).astype(float)
    points = (products + training + initiative + rating).astype(float)
    leader_score = individuals["unit_code"].map(unit_scores_by_code).astype(float)
    return points.where(~individuals["is_leader"].astype(bool), leader_score)
