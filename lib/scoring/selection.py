"""Turn eligible nominees into the recommended list and the reserves.

The order is fixed and documented: higher unrounded score first; at equal
score the law's priority (Law on Emulation and Commendation): a direct worker
before a leader, then the commune level before higher levels; then the
nominee code in ascending order, so that the result never depends on the
order of input rows. Caps are maxima, not targets.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from lib.contract.labels import BEYOND, EXCLUDED, RECOMMENDED, RESERVE

ORDER_DOC_VI = (
    "Xếp theo điểm (không làm tròn) từ cao xuống thấp; bằng điểm thì ưu tiên người trực tiếp lao động, công tác "
    "trước người giữ chức vụ lãnh đạo, rồi cấp xã trước các cấp cao hơn; sau cùng theo mã (tăng dần) để kết quả "
    "không phụ thuộc thứ tự dòng dữ liệu."
)


def merit_order(candidates: pd.DataFrame) -> pd.DataFrame:
    """Candidates sorted by the documented key (stable, total)."""
    keyed = candidates.assign(
        _neg_score=-candidates["score"].astype(float),
        _leader=candidates["is_leader"].astype(bool).astype(int),
        _level=(candidates["admin_level"] != "xa").astype(int),
    )
    ordered = keyed.sort_values(["_neg_score", "_leader", "_level", "nominee_code"], kind="stable")
    return ordered.drop(columns=["_neg_score", "_leader", "_level"])


def select(
    candidates: pd.DataFrame,
    *,
    cap: int,
    reserves: int,
    group_caps: dict[str, int] | None = None,
    unit_cap: int | None = None,
) -> pd.DataFrame:
    """Assign status and merit rank to every candidate.

    Eligible candidates get ranks 1..n in merit order. The first ``cap`` that
    respect the per-group and per-unit ceilings are recommended; the next
    ``reserves`` eligible ones are the reserve list; any others are eligible
    but beyond the list. Ineligible candidates keep no rank.
    """
    group_caps = group_caps or {}
    eligible = merit_order(candidates[candidates["eligible"].astype(bool)])
    eligible = eligible.assign(rank=range(1, len(eligible) + 1))
    # Walk the merit order once; a ceiling counts only those already recommended,
    # so a candidate passed over for a full unit does not use up a group's place.
    unit_limit = unit_cap if unit_cap is not None else float("inf")
    taken_group: Counter[object] = Counter()
    taken_unit: Counter[object] = Counter()
    chosen_flags, group_full, unit_full = [], [], []
    n_taken = 0
    for group, unit in zip(eligible["unit_group"], eligible["unit_code"], strict=True):
        g_full = taken_group[group] >= group_caps.get(group, float("inf"))
        u_full = taken_unit[unit] >= unit_limit
        take = not g_full and not u_full and n_taken < cap
        if take:
            n_taken += 1
            taken_group[group] += 1
            taken_unit[unit] += 1
        chosen_flags.append(take)
        group_full.append(g_full)
        unit_full.append(u_full)
    chosen = pd.Series(chosen_flags, index=eligible.index, dtype=bool)
    rest = ~chosen
    reserve = rest & (rest.cumsum() <= reserves)
    eligible["status"] = BEYOND
    eligible.loc[reserve, "status"] = RESERVE
    eligible.loc[chosen, "status"] = RECOMMENDED
    eligible["cap_note"] = ""
    eligible.loc[rest & pd.Series(group_full, index=eligible.index, dtype=bool), "cap_note"] = (
        "vượt giới hạn số lượng của khối"
    )
    eligible.loc[rest & pd.Series(unit_full, index=eligible.index, dtype=bool), "cap_note"] = (
        "vượt giới hạn số lượng của đơn vị"
    )
    excluded = candidates[~candidates["eligible"].astype(bool)].assign(status=EXCLUDED, rank=pd.NA, cap_note="")
    out = pd.concat([eligible, merit_order(excluded)], ignore_index=True)
    out["rank"] = out["rank"].astype("Int64")
    return out
