"""Criterion attainments and unit scores, exactly as the methodology states.

Vectorised over a unit × criterion table. Three states are kept apart all the
way through: not applicable (excluded from the weights), missing (scores 0 and
marks the unit's data incomplete) and a real zero.

The scoring rule is written once, over unit × criterion matrices
(:class:`CriterionMatrices`): :func:`attainment` and :func:`aggregate`. The
published scores use the nominal options (capped attainment, arithmetic mean,
the weights of params); the Monte Carlo robustness calls the same two
functions with its alternatives and a criterion × samples weight matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from lib.contract.labels import EXCLUDED_STATUSES, MEASURED, MISSING, NOT_APPLICABLE, NOT_ARISING
from lib.contract.params import Band, Params, Rubric
from lib.scoring.gates import is_yes

# Attainment formulas and aggregations (the names params.uncertainty may list; the first of each is nominal).
CAPPED = "capped"  # min(value / target, 1)
LINEAR = "linear"  # value / target, no cap
MINMAX = "minmax"  # value rescaled between the lowest and highest measured value of the unit's group
ARITHMETIC = "arithmetic"  # weighted arithmetic mean
GEOMETRIC = "geometric"  # weighted geometric mean, attainments floored so that a zero does not annihilate


@dataclass(frozen=True)
class CriterionMatrices:
    """Unit × criterion arrays: units in code order, criteria in the order of params.

    ``missing``: applies but has no valid value (attains 0). ``excluded``: not
    applicable or not arising (left out of the weights). ``weights``: the
    nominal weight of each criterion.
    """

    unit_codes: np.ndarray
    unit_groups: np.ndarray
    value: np.ndarray
    target: np.ndarray
    missing: np.ndarray
    excluded: np.ndarray
    weights: np.ndarray

    @property
    def counted(self) -> np.ndarray:
        """Where the criterion counts for the unit (measured or missing)."""
        return ~self.excluded


def criterion_matrices(table: pd.DataFrame) -> CriterionMatrices:
    """The matrices of a criterion table (as :func:`criterion_table` builds it, or as read back).

    Rows may come in any order (they are put in unit-code, criterion order);
    the table must hold exactly one row per unit and criterion.
    """
    unit_pos, units = pd.factorize(table["unit_code"], sort=True)
    order = table["order"].to_numpy(dtype=np.int64)
    n_units, n_crit = len(units), (int(order.max()) + 1 if len(order) else 0)
    key = unit_pos * n_crit + order
    rows = np.argsort(key, kind="stable")
    if not np.array_equal(key[rows], np.arange(n_units * n_crit)):
        raise ValueError("the criterion table must hold exactly one row per unit and criterion")
    shape = (n_units, n_crit)

    def cells(values: pd.Series) -> np.ndarray:
        """One column of the table as a unit × criterion matrix."""
        return values.to_numpy()[rows].reshape(shape)

    # Comparisons on the pandas columns, not on object arrays: the labels are categoricals in memory.
    return CriterionMatrices(
        unit_codes=np.asarray(units, dtype=object),
        unit_groups=table["unit_group"].take(rows[::n_crit] if n_crit else rows).to_numpy(dtype=object),
        value=cells(table["value"].astype(float)),
        target=cells(table["target"].astype(float)),
        missing=cells(table["status"] == MISSING),
        excluded=cells(table["status"].isin(EXCLUDED_STATUSES)),
        weights=table["weight"].to_numpy(dtype=float)[rows[:n_crit]],
    )


def _ratio(m: CriterionMatrices) -> np.ndarray:
    """value / target (the unit's own target, so communes meet the commune target)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return m.value / m.target


def _capped(m: CriterionMatrices) -> np.ndarray:
    """The nominal formula: beyond the target earns nothing more."""
    return np.minimum(_ratio(m), 1.0)


def _rescaled_within_group(m: CriterionMatrices) -> np.ndarray:
    """(value - lowest) / (highest - lowest) among the measured units of the unit's group; 1 if all equal."""
    measured = np.where(m.missing | m.excluded, np.nan, m.value)
    group, _ = pd.factorize(m.unit_groups, use_na_sentinel=False)
    low, high = np.empty_like(measured), np.empty_like(measured)
    for g in range(int(group.max()) + 1 if len(group) else 0):
        rows = group == g
        low[rows] = np.fmin.reduce(measured[rows], axis=0, initial=np.inf)
        high[rows] = np.fmax.reduce(measured[rows], axis=0, initial=-np.inf)
    span = high - low
    with np.errstate(invalid="ignore"):
        return np.where(span > 0, (measured - low) / np.where(span > 0, span, 1.0), 1.0)


_ATTAINMENT: dict[str, Callable[[CriterionMatrices], np.ndarray]] = {
    CAPPED: _capped,
    LINEAR: _ratio,
    MINMAX: _rescaled_within_group,
}


def attainment(matrices: CriterionMatrices, method: str = CAPPED) -> np.ndarray:
    """Unit × criterion attainment: the formula where measured, 0 where missing, NaN where excluded.

    ``capped`` is the published method; ``linear`` and ``minmax`` are the
    alternatives the robustness analysis tries.
    """
    if method not in _ATTAINMENT:
        raise ValueError(f"unknown attainment formula {method!r}")
    formula = _ATTAINMENT[method](matrices)
    measured = ~(matrices.missing | matrices.excluded)
    return np.where(measured, formula, np.where(matrices.missing, 0.0, np.nan))


def _sum_over_criteria(terms: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Units × samples Σ_c terms[u, c] · weights[c, s], adding criterion after criterion.

    One fixed summation order for one weight vector and for many, so that a
    sample drawn at the nominal weights reproduces the published score to the
    last bit (a matrix product may add in another order). Laid out samples ×
    units while adding, so that every step streams contiguous memory.
    """
    by_criterion = np.ascontiguousarray(terms.T)
    total = np.zeros((weights.shape[1], terms.shape[0]))
    product = np.empty_like(total)
    for c, column in enumerate(by_criterion):
        np.multiply(weights[c][:, None], column, out=product)
        total += product
    return total.T


def aggregate(
    attained: np.ndarray,
    counted: np.ndarray,
    weights: np.ndarray,
    *,
    how: str = ARITHMETIC,
    floor: float | None = None,
) -> np.ndarray:
    """Score 0-100: weighted mean of the attainments over the criteria that count for the unit.

    Weights are re-normalised over the counted criteria, so a commune is not
    punished for a criterion that does not concern it. ``weights`` is one
    vector (criteria,), giving a score per unit, or a criteria × samples
    matrix, giving units × samples. ``geometric`` needs ``floor`` (params:
    uncertainty.geometric_floor). A unit with nothing counted has no score (NaN).
    A score stays within 0-100 whatever the formula: ``linear`` attainment may
    exceed 1 on a criterion (over-achievement compensates shortfalls), up to a score of 100.
    """
    w = np.asarray(weights, dtype=float)
    matrix = w.reshape(w.shape[0], -1)
    if how == ARITHMETIC:
        terms = np.where(counted, np.nan_to_num(attained, nan=0.0), 0.0)
    elif how == GEOMETRIC:
        if floor is None:
            raise ValueError("the geometric aggregation needs a floor (params: uncertainty.geometric_floor)")
        terms = np.where(counted, np.log(np.maximum(np.nan_to_num(attained, nan=1.0), floor)), 0.0)
    else:
        raise ValueError(f"unknown aggregation {how!r}")
    summed = _sum_over_criteria(terms, matrix)
    total = _sum_over_criteria(counted.astype(float), matrix)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = 100.0 * summed / total if how == ARITHMETIC else 100.0 * np.exp(summed / total)
    score = np.where(total > 0, np.minimum(mean, 100.0), np.nan)
    return score if w.ndim == 2 else score[:, 0]


def criterion_table(
    registry: pd.DataFrame,
    submitted: pd.Series,
    indicators: pd.DataFrame,
    products: pd.DataFrame,
    params: Params,
) -> pd.DataFrame:
    """One row per registry unit × criterion with value, target, status, attainment.

    ``submitted`` is the set of unit codes whose latest workbook was accepted.
    A denominator of 0 is "not arising" (left out of the weights) unless params
    ``scoring.zero_not_plausible`` lists the criterion for the unit's group:
    then it is missing, or a unit could type 0/0 to drop its weakest criteria.
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
    # A 0 denominator the group cannot plausibly have (params scoring.zero_not_plausible) is not "not arising".
    implausible = np.array(
        [[c.code in params.scoring.implausible_zero(g) for c in crits] for g in groups], dtype=bool
    ).reshape(len(groups), n_crit)[group_idx]
    level_idx, levels = pd.factorize(reg["admin_level"].fillna("default").astype(str))
    target = np.array([[c.target_for(lv) for c in crits] for lv in levels]).reshape(len(levels), n_crit)[level_idx]

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
    zero = ~is_count & (denominator == 0)
    status = np.select([~applicable, zero & implausible, zero, ~np.isnan(value)], [0, 2, 1, 3], default=2)
    measured, missing = status == 3, status == 2
    matrices = CriterionMatrices(codes, np.asarray(groups)[group_idx], value, target, missing, status < 2, weight)
    attained = attainment(matrices)
    with np.errstate(invalid="ignore"):
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
            "attainment": attained.ravel(),
            "met_target": met.ravel(),
            "weight": np.tile(weight, n_units),
            "counted_weight": counted.ravel(),
        },
        copy=False,
    )


def unit_scores(table: pd.DataFrame) -> pd.DataFrame:
    """Score 0-100 per unit (units in code order): the nominal rule of :func:`aggregate`, and its coverage.

    Capped attainment, arithmetic mean, the weights of params re-normalised
    over the unit's applicable criteria. Unrounded; rounding is for display only.
    ``measured_share`` (:func:`measured_share`) is what the coverage gate reads.
    """
    matrices = criterion_matrices(table)
    score = aggregate(attainment(matrices), matrices.counted, matrices.weights)
    return pd.DataFrame(
        {
            "unit_code": matrices.unit_codes,
            "score": score,
            "n_missing": matrices.missing.sum(axis=1).astype(int),
            "measured_share": measured_share(table).reindex(matrices.unit_codes).to_numpy(dtype=float),
        }
    )


def measured_share(table: pd.DataFrame) -> pd.Series:
    """Per unit code: the share of the weight of its applicable criteria that was measured (0-1).

    The score re-normalises over what counts, so it cannot tell how much of the
    unit it rests on; this share can (not arising, missing and rejected values
    are not measured). NaN for a unit to which no criterion applies.
    """
    weight = table["weight"].astype(float)
    by_unit = (
        pd.DataFrame(
            {
                "applicable": weight.where(table["status"] != NOT_APPLICABLE, 0.0),
                "measured": weight.where(table["status"] == MEASURED, 0.0),
            }
        )
        .groupby(table["unit_code"].astype(object), sort=True)
        .sum()
    )
    return by_unit["measured"] / by_unit["applicable"].where(by_unit["applicable"] > 0)


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


RUBRIC_PARTS = ("points_products", "points_achievement", "points_training", "points_rating")


def individual_points(individuals: pd.DataFrame, unit_scores_by_code: pd.Series, rubric: Rubric) -> pd.DataFrame:
    """The four parts of the achievement points per nominated person (:data:`RUBRIC_PARTS`), heads and staff alike.

    Staff: products led, recognised initiative, training, annual rating. A
    unit head is judged on the collective they lead: the unit's products
    (``n_products``) take the place of products led and the collective's
    score, through params ``individual_rubric.unit_head``, the place of an
    initiative; training and rating are the head's own. The maxima are the
    same, so a head and a staff member can tie and the priority rule decides.
    """
    head = is_yes(individuals["is_head"])
    # A value dropped at reading (blank or invalid, with its finding) earns no points.
    own = individuals["products_led"].astype(float).fillna(0.0)
    led = own.where(~head, individuals["n_products"].astype(float))
    initiative = individuals["initiative_level"].map(dict(rubric.initiative_level)).astype(float).fillna(0.0)
    collective = head_points(individuals["unit_code"].map(unit_scores_by_code).astype(float), rubric)
    parts = {
        "points_products": np.minimum(led * rubric.products_led.points_each, rubric.products_led.max),
        "points_achievement": initiative.where(~head, collective),
        "points_training": np.minimum(
            individuals["training_courses"].astype(float).fillna(0.0) * rubric.training_courses.points_each,
            rubric.training_courses.max,
        ),
        "points_rating": individuals["annual_rating"].map(dict(rubric.annual_rating)).astype(float).fillna(0.0),
    }
    return pd.DataFrame(parts, index=individuals.index).astype(float)


def rubric_maxima(rubric: Rubric) -> np.ndarray:
    """The most each part of :data:`RUBRIC_PARTS` can give (they add up to 100)."""
    return np.array(
        [
            rubric.products_led.max,
            max(rubric.initiative_level.values()),
            rubric.training_courses.max,
            max(rubric.annual_rating.values()),
        ],
        dtype=float,
    )


def head_points(collective_score: pd.Series, rubric: Rubric) -> pd.Series:
    """The points a unit head takes from the collective's score (params ``individual_rubric.unit_head``)."""
    points = rubric.unit_head.points_array(collective_score.to_numpy(dtype=float))
    return pd.Series(points, index=collective_score.index)
