"""Year over year: this run's units against the previous run's (params ``previous_run``).

The previous run is read from what it published (``outputs/<previous>/scores.csv``
and ``province_kpis.csv``), never recomputed: the comparison is with the result the
council saw. Units are matched by code, or through the crosswalk
(:mod:`lib.ingest.crosswalk`): several previous codes on one unit code are a merge,
one previous code on several unit codes a split. The rules, once:

- a merged unit is compared with the mean score of its predecessors that have one
  (each predecessor counts once, whatever its size); a rank change is not
  meaningful for it (its predecessors ranked separately), so it has none;
- each successor of a split is compared with the predecessor (score and rank);
- a score is compared only where the unit submitted (a unit that sent nothing scores 0
  and has no rank: nothing to compare);
- a rank change is ``previous rank - rank`` (positive: moved up) within the group,
  only when both ranks exist and the group is the same.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.contract.labels import GONE_UNIT, MERGED, NEW_UNIT, PREVIOUS_FILES, RECODED, SAME_CODE, SPLIT
from lib.contract.params import Params
from lib.contract.tables import COMPARISON, KPI_TREND

LINKS = ("previous_code", "unit_code", "link")


def unit_links(crosswalk: pd.DataFrame, previous_codes: list[str], current_codes: list[str]) -> pd.DataFrame:
    """(previous_code, unit_code, link) for every unit of either run; a missing side is None.

    A code the crosswalk names (on either side) is matched only through it; any other
    code matches itself when both registries hold it.
    """
    pairs = crosswalk[["previous_code", "unit_code"]].drop_duplicates()
    predecessors = pairs.groupby("unit_code")["previous_code"].size()
    successors = pairs.groupby("previous_code")["unit_code"].size()
    rows = []
    for prev, unit in pairs.itertuples(index=False):
        if predecessors[unit] > 1:
            link = MERGED
        elif successors[prev] > 1:
            link = SPLIT
        else:
            link = SAME_CODE if prev == unit else RECODED
        rows.append((prev, unit, link))
    named_prev, named_unit = set(pairs["previous_code"]), set(pairs["unit_code"])
    previous = [c for c in previous_codes if c not in named_prev]
    current_free = [c for c in current_codes if c not in named_unit]
    both = set(previous) & set(current_free)
    rows += [(c, c, SAME_CODE) for c in current_free if c in both]
    rows += [(None, c, NEW_UNIT) for c in current_free if c not in both]
    rows += [(c, None, GONE_UNIT) for c in previous if c not in both]
    return pd.DataFrame(rows, columns=list(LINKS), dtype=object)  # None stays None (no NaN)


def compare_units(scores: pd.DataFrame, previous: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Table ``comparison``: one row per unit of ``scores`` (its order), then one per previous unit gone."""
    before = previous.set_index("unit_code")
    rows = []
    for unit in scores.to_dict("records"):
        mine = links[links["unit_code"] == unit["unit_code"]]
        prev_codes = [c for c in mine["previous_code"] if c is not None]
        link = mine["link"].iloc[0] if len(mine) else NEW_UNIT
        rows.append(_unit_row(unit, link, [before.loc[c] for c in prev_codes], prev_codes))
    for code in links.loc[links["link"] == GONE_UNIT, "previous_code"]:
        old = before.loc[code]
        rows.append(
            {
                **dict.fromkeys(COMPARISON.names()),
                "unit_code": "",
                "unit_name": old["unit_name"],
                "unit_group": old["unit_group"],
                "link": GONE_UNIT,
                "previous_codes": code,
                "previous_names": old["unit_name"],
                "previous_group": old["unit_group"],
                "previous_score": old["score"] if _scored(old) else None,
                "previous_rank": old["rank_in_group"],
            }
        )
    frame = pd.DataFrame(rows, columns=COMPARISON.names())
    for column in ("previous_rank", "rank", "rank_change"):
        frame[column] = frame[column].astype("Int64")
    for column in ("previous_score", "score", "score_change"):
        frame[column] = frame[column].astype(float)
    return frame


def _scored(unit: dict | pd.Series) -> bool:
    """A score is a result only for a unit that submitted (the 0 of a unit that sent nothing is not compared)."""
    return bool(unit["submitted"]) and pd.notna(unit["score"])


def _unit_row(unit: dict, link: str, olds: list[pd.Series], codes: list[str]) -> dict:
    """One unit of this run against its predecessors (none for a new unit)."""
    old_scores = [float(o["score"]) for o in olds if _scored(o)]
    previous_score = sum(old_scores) / len(old_scores) if old_scores else None
    score = float(unit["score"]) if _scored(unit) else None
    rank = unit["rank_in_group"] if pd.notna(unit["rank_in_group"]) else None
    previous_rank = None
    if olds and link != MERGED and pd.notna(olds[0]["rank_in_group"]):
        previous_rank = int(olds[0]["rank_in_group"])
    same_group = bool(olds) and olds[0]["unit_group"] == unit["unit_group"]
    return {
        "unit_code": unit["unit_code"],
        "unit_name": unit["unit_name"],
        "unit_group": unit["unit_group"],
        "link": link,
        "previous_codes": ", ".join(codes),
        "previous_names": "; ".join(str(o["unit_name"]) for o in olds),
        "previous_group": olds[0]["unit_group"] if olds else None,
        "previous_score": previous_score,
        "score": score,
        "score_change": score - previous_score if score is not None and previous_score is not None else None,
        "previous_rank": previous_rank,
        "rank": rank,
        "rank_change": previous_rank - int(rank)
        if previous_rank is not None and rank is not None and same_group
        else None,
    }


def kpi_trend(kpis: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Table ``kpi_trend``: this run's KPIs (its params' targets) with the previous run's value of the same code."""
    before = dict(zip(previous["code"], previous["value"], strict=True))
    frame = kpis[["code", "label_vi", "value", "target", "met"]].copy()
    frame["previous_value"] = frame["code"].map(before).astype(float)
    frame["change"] = frame["value"] - frame["previous_value"]
    frame["previous_met"] = (frame["previous_value"] >= frame["target"]).fillna(False).astype(bool)
    frame["met"] = frame["met"].astype(bool)
    return frame[KPI_TREND.names()]


def read_previous(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(scores, province KPIs) as the previous run published them; a missing file names the run to publish."""
    missing = [name for name in PREVIOUS_FILES if not (folder / name).exists()]
    if missing:
        raise FileNotFoundError(
            f"{folder}/{missing[0]} is missing: publish run {folder.name} first (python -m lib report --run "
            f"{folder.name})"
        )
    scores = pd.read_csv(
        folder / PREVIOUS_FILES[0],
        usecols=["unit_code", "unit_name", "unit_group", "submitted", "score", "rank_in_group"],
        dtype={"unit_code": str, "unit_name": str, "unit_group": str},
        encoding="utf-8-sig",
    )
    scores["rank_in_group"] = scores["rank_in_group"].astype("Int64")
    scores["submitted"] = scores["submitted"].astype(str).str.lower().eq("true")
    kpis = pd.read_csv(folder / PREVIOUS_FILES[1], dtype={"code": str}, encoding="utf-8-sig")
    return scores, kpis


def compare_with_previous(
    scores: pd.DataFrame, kpis: pd.DataFrame, crosswalk: pd.DataFrame, outputs: Path, params: Params
) -> dict[str, pd.DataFrame]:
    """Tables ``comparison`` and ``kpi_trend`` against ``outputs/<params.previous_run>/``; empty without one."""
    if params.previous_run is None:
        return {
            "comparison": pd.DataFrame(columns=COMPARISON.names()),
            "kpi_trend": pd.DataFrame(columns=KPI_TREND.names()),
        }
    previous, previous_kpis = read_previous(Path(outputs) / params.previous_run)
    links = unit_links(crosswalk, previous["unit_code"].tolist(), scores["unit_code"].tolist())
    return {"comparison": compare_units(scores, previous, links), "kpi_trend": kpi_trend(kpis, previous_kpis)}
