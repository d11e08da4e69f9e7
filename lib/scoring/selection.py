"""Turn eligible nominees into the recommended list and the reserves.

The order is fixed and documented: higher unrounded score first; at equal
score the law's priority (Law on Emulation and Commendation): a direct worker
before a leader, then the commune level before higher levels; then the
nominee code, then the unit code, in ascending order, so that the result never depends on the
order of input rows. Caps are maxima, not targets.

One kernel, :func:`rank_and_cap`, ranks and applies the caps for many score
samples at once; the published list (:func:`select`) is that kernel on the
nominal scores, and the Monte Carlo robustness runs the same kernel on its
sampled scores, so the two can never disagree about who is within the caps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.contract.labels import BEYOND, EXCLUDED, RECOMMENDED, RESERVE
from lib.contract.params import Structure

ORDER_DOC_VI = (
    "Xếp theo điểm (không làm tròn) từ cao xuống thấp; bằng điểm thì ưu tiên người trực tiếp lao động, công tác "
    "trước người giữ chức vụ lãnh đạo, rồi cấp xã trước các cấp cao hơn; sau cùng theo mã (tăng dần), rồi mã đơn "
    "vị, để kết quả không phụ thuộc thứ tự dòng dữ liệu."
)
GROUP_FULL_VI = "vượt giới hạn số lượng của khối"
UNIT_FULL_VI = "vượt giới hạn số lượng của đơn vị"


@dataclass(frozen=True)
class MeritKeys:
    """What ranks and caps a nominee apart from the score; the same in every sample.

    ``tiebreak`` lists the nominees (positions 0..n-1) in the order that decides
    at equal score. ``group`` and ``unit`` are integer codes; ``group_names``
    maps a group code back to the label the per-group caps are keyed by.
    """

    tiebreak: np.ndarray
    group: np.ndarray
    group_names: np.ndarray
    unit: np.ndarray

    @property
    def n_units(self) -> int:
        """Number of distinct units (the unit codes run 0..n_units-1)."""
        return int(self.unit.max()) + 1 if len(self.unit) else 0


@dataclass(frozen=True)
class CapOutcome:
    """The kernel's answer for every nominee × sample, rows in the nominees' input order.

    ``group_full`` / ``unit_full``: when the nominee's turn came, its group /
    unit already had as many chosen as its cap allows (whether or not the
    nominee was then chosen); they explain a nominee passed over.
    """

    rank: np.ndarray
    chosen: np.ndarray
    group_full: np.ndarray
    unit_full: np.ndarray


def merit_keys(candidates: pd.DataFrame, commune_level: str) -> MeritKeys:
    """The fixed tie-break order and the group and unit of each candidate (row order kept).

    The one place where the law's priority is written down: direct worker
    before leader, commune level (params ``structure.commune_level``) before any other (or none), then the
    nominee code ascending (an individual's is derived: unit code, then the
    row's order in the unit's sheet), then the unit code; what is still equal
    keeps its row order (a stable sort).
    """
    leader = candidates["is_leader"].astype(bool).to_numpy(dtype=np.int64)
    level = (candidates["admin_level"] != commune_level).to_numpy(dtype=np.int64)
    code, _ = pd.factorize(candidates["nominee_code"], sort=True)
    code = np.where(code < 0, len(code), code)  # a missing code sorts last, as pandas sorts
    # Codes of other formulations may repeat across units ("01" in two): the unit code decides between them.
    unit_order, _ = pd.factorize(candidates["unit_code"], sort=True)
    group, group_names = pd.factorize(candidates["unit_group"], use_na_sentinel=False)
    unit, _ = pd.factorize(candidates["unit_code"], use_na_sentinel=False)
    tiebreak = np.lexsort((unit_order, code, level, leader))
    return MeritKeys(tiebreak, group, np.asarray(group_names, dtype=object), unit)


def tie_reason(first: pd.Series, second: pd.Series, structure: Structure) -> str:
    """Why ``first`` comes before ``second`` at an equal score, in the priority rule's words (:func:`merit_keys`)."""
    commune = structure.commune_level
    if bool(first["is_leader"]) != bool(second["is_leader"]):
        return "người trực tiếp lao động, công tác được ưu tiên trước người giữ chức vụ lãnh đạo"
    if (first["admin_level"] == commune) != (second["admin_level"] == commune):
        return f"{structure.level_label(commune).lower()} được ưu tiên trước cấp cao hơn"
    if first["nominee_code"] != second["nominee_code"]:
        return "cùng ưu tiên: theo mã (tăng dần)"
    return "cùng ưu tiên, cùng mã: theo mã đơn vị (tăng dần)"


# Samples sorted at a time: each column is sorted on its own, and a block bounds the sort's temporary
# copies (at national scale, 30,000 nominees × 1,000 samples is 240 MB per copy of the whole matrix).
_SORT_BLOCK = 64
# Positions and ranks of n × s matrices are stored in 32 bits: half the memory, and no list has 2^31 nominees.
_POSITION = np.int32


def merit_positions(scores: np.ndarray, keys: MeritKeys) -> np.ndarray:
    """n × s: the nominee at each merit position of each sample (higher score first).

    A stable sort of the scores laid out in tie-break order is the same as
    sorting on (-score, tie-break keys); a missing score sorts last.
    """
    n, s = scores.shape
    order = np.empty((n, s), dtype=_POSITION)
    for first in range(0, s, _SORT_BLOCK):
        block = slice(first, min(first + _SORT_BLOCK, s))
        by_tiebreak = scores[keys.tiebreak, block]
        order[:, block] = keys.tiebreak[np.argsort(-by_tiebreak, axis=0, kind="stable")]
    return order


def merit_order(candidates: pd.DataFrame, commune_level: str) -> pd.DataFrame:
    """Candidates sorted by the documented key (stable, total)."""
    scores = candidates["score"].to_numpy(dtype=float)[:, None]
    return candidates.iloc[merit_positions(scores, merit_keys(candidates, commune_level))[:, 0]]


def _limits(keys: MeritKeys, n: int, group_caps: dict[str, int], unit_cap: int | None) -> tuple[np.ndarray, int]:
    """Per-group ceilings (by group code) and the unit ceiling; n + 1 stands for "no ceiling"."""
    unlimited = n + 1
    group_limit = np.array([group_caps.get(name, unlimited) for name in keys.group_names], dtype=np.int64)
    return group_limit, unlimited if unit_cap is None else unit_cap


def _walk_caps(
    order: np.ndarray, keys: MeritKeys, cap: int, group_limit: np.ndarray, unit_limit: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(taken, group full, unit full) per merit position × sample, walking the merit order once.

    Only those already taken count against a ceiling, so a nominee passed over
    uses up nothing. Once every sample has taken ``cap`` nobody further can be
    taken and the counters are final: the remaining flags are read in one go.
    """
    n, s = order.shape
    cols = np.arange(s)
    taken_group = np.zeros((len(group_limit), s), dtype=np.int64)
    taken_unit = np.zeros((keys.n_units, s), dtype=np.int64)
    n_taken = np.zeros(s, dtype=np.int64)
    taken, group_full, unit_full = (np.zeros((n, s), dtype=bool) for _ in range(3))
    for p in range(n):
        if (n_taken >= cap).all():
            for first in range(0, s, _SORT_BLOCK):  # a block of samples at a time: the lookups are n × block
                block = slice(first, min(first + _SORT_BLOCK, s))
                group, unit = keys.group[order[p:, block]], keys.unit[order[p:, block]]
                group_full[p:, block] = taken_group[group, cols[block]] >= group_limit[group]
                unit_full[p:, block] = taken_unit[unit, cols[block]] >= unit_limit
            break
        group, unit = keys.group[order[p]], keys.unit[order[p]]
        group_full[p] = taken_group[group, cols] >= group_limit[group]
        unit_full[p] = taken_unit[unit, cols] >= unit_limit
        taken[p] = ~group_full[p] & ~unit_full[p] & (n_taken < cap)
        taken_group[group, cols] += taken[p]
        taken_unit[unit, cols] += taken[p]
        n_taken += taken[p]
    return taken, group_full, unit_full


def rank_and_cap(
    scores: np.ndarray,
    keys: MeritKeys,
    *,
    cap: int,
    group_caps: dict[str, int] | None = None,
    unit_cap: int | None = None,
) -> CapOutcome:
    """Merit rank and the caps for n nominees × s score samples (``scores`` is n × s).

    In each sample, walk the merit order: a nominee is chosen iff fewer than
    ``cap`` are chosen so far, fewer than its group's cap from its group and
    fewer than ``unit_cap`` from its unit. Groups absent from ``group_caps``
    and a ``unit_cap`` of None are not limited.
    """
    n, s = scores.shape
    order = merit_positions(scores, keys)
    cols = np.arange(s)
    group_limit, unit_limit = _limits(keys, n, group_caps or {}, unit_cap)
    by_position = list(_walk_caps(order, keys, cap, group_limit, unit_limit))
    rank = np.empty((n, s), dtype=_POSITION)
    rank[order, cols] = np.arange(1, n + 1, dtype=_POSITION)[:, None]
    by_nominee = []
    while by_position:  # each flag matrix is released once laid out by nominee (national scale: 30 MB each)
        flags = by_position.pop(0)
        out = np.empty((n, s), dtype=bool)
        out[order, cols] = flags
        by_nominee.append(out)
    return CapOutcome(rank, *by_nominee)


def select(
    candidates: pd.DataFrame,
    *,
    cap: int,
    reserves: int,
    group_caps: dict[str, int] | None = None,
    unit_cap: int | None = None,
    commune_level: str,
) -> pd.DataFrame:
    """Assign status and merit rank to every candidate.

    Eligible candidates get ranks 1..n in merit order. The first ``cap`` that
    respect the per-group and per-unit ceilings are recommended (the kernel on
    the nominal scores); the next ``reserves`` eligible ones are the reserve
    list; any others are eligible but beyond the list. Ineligible candidates
    keep no rank.
    """
    is_eligible = candidates["eligible"].astype(bool)
    eligible = candidates[is_eligible]
    scores = eligible["score"].to_numpy(dtype=float)[:, None]
    outcome = rank_and_cap(
        scores, merit_keys(eligible, commune_level), cap=cap, group_caps=group_caps, unit_cap=unit_cap
    )
    by_rank = np.argsort(outcome.rank[:, 0])
    ranked = eligible.iloc[by_rank].assign(rank=outcome.rank[by_rank, 0])
    chosen, group_full, unit_full = (
        flags[by_rank, 0] for flags in (outcome.chosen, outcome.group_full, outcome.unit_full)
    )
    rest = ~chosen
    reserve = rest & (np.cumsum(rest) <= reserves)
    ranked["status"] = BEYOND
    ranked.loc[reserve, "status"] = RESERVE
    ranked.loc[chosen, "status"] = RECOMMENDED
    ranked["cap_note"] = ""
    ranked.loc[rest & group_full, "cap_note"] = GROUP_FULL_VI
    ranked.loc[rest & unit_full, "cap_note"] = UNIT_FULL_VI
    excluded = candidates[~is_eligible].assign(status=EXCLUDED, rank=pd.NA, cap_note="")
    out = pd.concat([ranked, merit_order(excluded, commune_level)], ignore_index=True)
    out["rank"] = out["rank"].astype("Int64")
    return out
