"""How robust is each award? Monte Carlo uncertainty analysis of the ranking.

Weights and the scoring method are value judgements. Following composite-
indicator practice (OECD/JRC Handbook, COINr), every sample perturbs the
criterion weights and may switch the attainment formula and the aggregation;
scores are recomputed for every unit and the whole selection (caps, priorities,
ties) is re-applied to the nominees that passed the gates. The gates
themselves are fixed at their nominal outcome.

Nothing of the rules is restated here: the scores come from
:mod:`lib.scoring.scores` (attainment and aggregation over unit × criterion
matrices, given a criterion × samples weight matrix) and the selection from
the kernel of :mod:`lib.scoring.selection`, run on every sample column at
once. This module only draws the samples, prunes hopeless nominees at
national scale and summarises stability and rank intervals.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from lib.contract.labels import COLLECTIVE, EXCLUDED, INDIVIDUAL, RECOMMENDED, RESERVE
from lib.contract.params import Params
from lib.contract.tables import AWARDS, STABILITY_COLUMNS
from lib.scoring.gates import is_yes
from lib.scoring.scores import RUBRIC_PARTS, CriterionMatrices, aggregate, attainment, criterion_matrices, rubric_maxima
from lib.scoring.selection import merit_keys, rank_and_cap


@dataclass(frozen=True)
class UncertaintyModel:
    """The uncertainty model of params (``uncertainty``)."""

    samples: int
    seed: int
    weight_method: str
    spread: float  # uniform: each weight × U(1 - spread, 1 + spread)
    concentration: float  # dirichlet: alpha = concentration × nominal share
    attainment_methods: tuple[str, ...]
    aggregations: tuple[str, ...]
    geometric_floor: float
    borderline_stability: float
    rubric_spread: float  # individuals: each rubric part's weight × U(1 - spread, 1 + spread)

    @classmethod
    def from_params(cls, params: Params) -> UncertaintyModel:
        """The uncertainty block of params (validated by lib.contract.params)."""
        u = params.uncertainty
        return cls(
            samples=int(u.samples),
            seed=int(u.seed),
            weight_method=u.weights.method,
            spread=float(u.weights.spread),
            concentration=float(u.weights.concentration),
            attainment_methods=tuple(u.attainment_methods),
            aggregations=tuple(u.aggregations),
            geometric_floor=float(u.geometric_floor),
            borderline_stability=float(u.borderline_stability),
            rubric_spread=float(u.rubric_spread),
        )


def sample_weights(rng: np.random.Generator, nominal: np.ndarray, model: UncertaintyModel, n: int) -> np.ndarray:
    """Criteria × n weight draws around the nominal weights (one column per sample)."""
    if model.weight_method == "uniform":
        return (nominal * rng.uniform(1 - model.spread, 1 + model.spread, size=(n, len(nominal)))).T
    alpha = model.concentration * nominal / nominal.sum()
    return (rng.dirichlet(alpha, size=n) * nominal.sum()).T


def unit_score_samples(matrices: CriterionMatrices, model: UncertaintyModel, rng: np.random.Generator) -> np.ndarray:
    """Units × samples: each sample draws weights, an attainment formula and an aggregation.

    The scores are those of lib.scoring.scores (:func:`attainment`,
    :func:`aggregate`) under the drawn choices; only the draws live here.
    """
    n = model.samples
    weights = sample_weights(rng, matrices.weights, model, n)
    method = rng.integers(0, len(model.attainment_methods), size=n)
    how = rng.integers(0, len(model.aggregations), size=n)
    scores = np.empty((len(matrices.unit_codes), n))
    for i, name in enumerate(model.attainment_methods):
        attained = attainment(matrices, name)
        for j, agg in enumerate(model.aggregations):
            pick = (method == i) & (how == j)
            if pick.any():
                scores[:, pick] = aggregate(
                    attained, matrices.counted, weights[:, pick], how=agg, floor=model.geometric_floor
                )
    return scores


def rubric_factors(rng: np.random.Generator, model: UncertaintyModel, n: int) -> np.ndarray:
    """4 × n weights of the individual rubric's parts (:data:`RUBRIC_PARTS`), each × U(1 ± rubric_spread)."""
    return rng.uniform(1 - model.rubric_spread, 1 + model.rubric_spread, size=(len(RUBRIC_PARTS), n))


# Samples computed at a time: a nominee's score in one sample needs only that sample's column, and a block
# bounds the temporaries (at national scale, 30,000 nominees × 1,000 samples is 240 MB per full matrix).
_SAMPLE_BLOCK = 64


def nominee_score_samples(
    eligible: pd.DataFrame,
    unit_samples: pd.DataFrame,
    factors: np.ndarray,
    params: Params,
) -> np.ndarray:
    """Scores per nominee and sample (rows: ``eligible``; columns: the unit samples' columns).

    Collectives follow their unit's sampled score. An individual's four rubric
    parts are re-weighted by the sample's ``factors`` and the score re-normalised
    to 0-100 (a weighted mean, as for units); a unit head's part from the
    collective's score (params ``individual_rubric.unit_head``) follows the
    unit's sampled score. Factors of one give the nominal scores. A nominee
    whose unit has no sampled score gets none (NaN).
    """
    rubric = params.individual_rubric
    n_samples = unit_samples.shape[1]
    # A row of NaN after the units: get_indexer's -1 (a unit without samples) picks it.
    values = np.vstack([unit_samples.to_numpy(dtype=float), np.full((1, n_samples), np.nan)])
    where = unit_samples.index.get_indexer(eligible["unit_code"])
    parts = eligible[list(RUBRIC_PARTS)].to_numpy(dtype=float)
    head = is_yes(eligible["is_head"]).to_numpy(dtype=bool)[:, None]
    collective = (eligible["kind"] == COLLECTIVE).to_numpy()[:, None]
    maxima = rubric_maxima(rubric) @ factors
    out = np.empty((len(eligible), n_samples))
    for first in range(0, n_samples, _SAMPLE_BLOCK):
        block = slice(first, min(first + _SAMPLE_BLOCK, n_samples))
        unit_rows, weights = values[where, block], factors[:, block]
        achievement = np.where(head, rubric.unit_head.points_array(unit_rows), parts[:, [1]])
        weighted = parts[:, [0]] * weights[0] + achievement * weights[1] + parts[:, [2]] * weights[2]
        weighted = weighted + parts[:, [3]] * weights[3]
        people = 100.0 * weighted / maxima[block]
        out[:, block] = np.where(collective, unit_rows, people)
    return out


def _score_bounds(
    eligible: pd.DataFrame, unit_samples: pd.DataFrame, model: UncertaintyModel, params: Params
) -> np.ndarray:
    """n × 2: the lowest and highest score each nominee can reach in any sample (for pruning at scale).

    Every part rises with the unit's score; re-weighting the rubric's parts
    by factors within 1 ± spread moves a weighted mean by at most the ratio
    (1 - spread) / (1 + spread) either way.
    """
    ones = np.ones((len(RUBRIC_PARTS), 1))
    low = nominee_score_samples(eligible, unit_samples.min(axis=1).to_frame(), ones, params)[:, 0]
    high = nominee_score_samples(eligible, unit_samples.max(axis=1).to_frame(), ones, params)[:, 0]
    widen = (1 - model.rubric_spread) / (1 + model.rubric_spread)
    person = (eligible["kind"] != COLLECTIVE).to_numpy()
    return np.column_stack([np.where(person, low * widen, low), np.where(person, np.minimum(high / widen, 100), high)])


def _caps(kind: str, params: Params) -> tuple[int, dict[str, int], int | None]:
    caps = params.caps
    if kind == COLLECTIVE:
        return caps.collectives, dict(caps.collectives_per_group), None
    return caps.individuals, dict(caps.individuals_per_group), caps.individuals_per_unit


def _reserves(kind: str, params: Params) -> int:
    return params.reserves.collectives if kind == COLLECTIVE else params.reserves.individuals


PRUNE_ABOVE = 2_000
# One nominee: two units may both number a person "01".
NOMINEE_KEY = ["kind", "unit_code", "nominee_code"]


def _contenders(eligible: pd.DataFrame, bounds: np.ndarray, listed: int) -> pd.DataFrame:
    """At national scale, only the nominees that can reach the list in some sample.

    Kept: the nominal top ``20 × listed`` and everyone whose best sampled score
    reaches the ``listed``-th best worst-case score. Others cannot be listed in
    any sample (bar group or unit ceilings far down the order); their ranks
    are not reported anyway. Below PRUNE_ABOVE nominees nothing is dropped.
    """
    if len(eligible) <= PRUNE_ABOVE:
        return eligible
    low, high = bounds[:, 0], bounds[:, 1]
    threshold = np.sort(low)[::-1][min(listed, len(low)) - 1]
    top = eligible["rank"].astype(float).to_numpy() <= 20 * listed
    return eligible[top | (high >= threshold)].reset_index(drop=True)


def _percentile(ranks: np.ndarray, q: float) -> np.ndarray:
    return np.percentile(ranks, q, axis=1, method="inverted_cdf").astype(int)


def run(
    table: pd.DataFrame, awards: pd.DataFrame, params: Params, model: UncertaintyModel | None = None
) -> pd.DataFrame:
    """Stability and rank interval per eligible nominee (kind, unit_code, nominee_code: a person code is the unit's).

    stability = share of samples in which the nominee is within the caps.
    """
    model = model or UncertaintyModel.from_params(params)
    rng = np.random.default_rng(model.seed)
    matrices = criterion_matrices(table)
    unit_samples = pd.DataFrame(unit_score_samples(matrices, model, rng), index=matrices.unit_codes)
    factors = rubric_factors(rng, model, model.samples)
    parts = []
    for kind in (COLLECTIVE, INDIVIDUAL):
        eligible = awards[(awards["kind"] == kind) & (awards["status"] != EXCLUDED)].reset_index(drop=True)
        cap, group_caps, unit_cap = _caps(kind, params)
        bounds = _score_bounds(eligible, unit_samples, model, params)
        eligible = _contenders(eligible, bounds, cap + _reserves(kind, params))
        samples = nominee_score_samples(eligible, unit_samples, factors, params)
        outcome = rank_and_cap(
            samples,
            merit_keys(eligible, params.structure.commune_level),
            cap=cap,
            group_caps=group_caps,
            unit_cap=unit_cap,
        )
        parts.append(
            pd.DataFrame(
                {
                    "kind": kind,
                    "unit_code": eligible["unit_code"],
                    "nominee_code": eligible["nominee_code"],
                    "stability": outcome.chosen.mean(axis=1),
                    "rank_p05": _percentile(outcome.rank, 5),
                    "rank_median": _percentile(outcome.rank, 50),
                    "rank_p95": _percentile(outcome.rank, 95),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def with_stability(awards: pd.DataFrame, stats: pd.DataFrame) -> pd.DataFrame:
    """The award list with stability and rank interval for recommended and reserve nominees."""
    out = awards.merge(stats, on=NOMINEE_KEY, how="left", validate="one_to_one")
    shown = out["status"].isin([RECOMMENDED, RESERVE])
    for col in STABILITY_COLUMNS:
        out[col] = out[col].where(shown)
        if AWARDS.kind_of(col) == "Int64":
            out[col] = out[col].astype("Int64")
    return out


def one_at_a_time(table: pd.DataFrame, awards: pd.DataFrame, params: Params) -> pd.DataFrame:
    """Which choice moves the ranking most: vary one source at a time, others nominal.

    For each source, the mean absolute rank change of the eligible nominees and
    the share of nominees whose in/out-of-list status changes in some sample.
    """
    base = UncertaintyModel.from_params(params)
    nominal = {
        "weight_method": "uniform",
        "spread": 0.0,
        "attainment_methods": ("capped",),
        "aggregations": ("arithmetic",),
    }
    variants = {
        "Trọng số": {**nominal, "weight_method": base.weight_method, "spread": base.spread},
        "Cách tính mức đạt": {**nominal, "attainment_methods": base.attainment_methods},
        "Cách tổng hợp": {**nominal, "aggregations": base.aggregations},
    }
    reference = run(table, awards, params, replace(base, **nominal))
    rows = []
    for label, change in variants.items():
        stats = run(table, awards, params, replace(base, **change))
        merged = stats.merge(reference, on=NOMINEE_KEY, suffixes=("", "_0"))
        shift = np.maximum(
            (merged["rank_p95"] - merged["rank_median_0"]).abs(), (merged["rank_p05"] - merged["rank_median_0"]).abs()
        )
        unsettled = (merged["stability"] > 0) & (merged["stability"] < 1)
        rows.append(
            {
                "source": label,
                "mean_abs_rank_change": float((merged["rank_median"] - merged["rank_median_0"]).abs().mean()),
                "max_rank_shift": int(shift.max()) if len(merged) else 0,
                "share_status_changes": float(unsettled.mean()) if len(merged) else 0.0,
            }
        )
    return pd.DataFrame(rows)
