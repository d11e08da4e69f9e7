"""What a difference found by the audit does to the results: scores that moved, award-list entries that moved.

The published ``scores.csv`` and ``award_list.csv`` (what the auditor holds) are
compared with the re-run's, in words a person reads: unit and nominee names,
never codes; scores with one decimal and a decimal comma.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib.contract.labels import AWARD_STATUS_EN, AWARD_STATUS_VI, NOMINEE_KINDS_EN, NOMINEE_KINDS_VI, RECOMMENDED

SCORES_FILE = "scores.csv"
AWARD_FILE = "award_list.csv"


@dataclass(frozen=True)
class Effect:
    """One result that differs: which file, who (in words), before and after, and the two sentences."""

    file: str
    item: str
    old: str
    new: str
    difference: str  # changed, entered (only in the re-run) or left (only in the publication)
    vi: str
    en: str
    size: float = 0.0  # how much it moved (scores: points), to show the largest first


def _read(path: Path) -> pd.DataFrame | None:
    if not path.exists():
        return None
    return pd.read_csv(path, encoding="utf-8-sig", dtype={"unit_code": str, "nominee_code": str})


def _decimals(a: float, b: float) -> int:
    """One decimal, or as many as it takes (up to 6) for two different scores not to print the same."""
    if pd.isna(a) or pd.isna(b):
        return 1
    return next((d for d in range(1, 7) if f"{a:.{d}f}" != f"{b:.{d}f}"), 6)


def _score(value: float, decimals: int, comma: bool) -> str:
    if pd.isna(value):
        return "không có" if comma else "none"
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if comma else text


def score_changes(old: pd.DataFrame, new: pd.DataFrame) -> list[Effect]:
    """Units whose unrounded score differs (or that appear in one run only), the largest change first."""
    both = old[["unit_code", "unit_name", "score"]].merge(
        new[["unit_code", "unit_name", "score"]],
        on="unit_code",
        how="outer",
        suffixes=("_old", "_new"),
        indicator="side",
    )
    effects = []
    for row in both.itertuples(index=False):
        a, b = row.score_old, row.score_new
        if row.side == "both" and ((pd.isna(a) and pd.isna(b)) or a == b):
            continue
        name = row.unit_name_new if isinstance(row.unit_name_new, str) else row.unit_name_old
        difference = {"both": "changed", "right_only": "entered", "left_only": "left"}[row.side]
        d = _decimals(a, b)
        vi = f"{name}: {_score(a, d, True)} → {_score(b, d, True)} điểm"
        en = f"score {_score(a, d, False)} → {_score(b, d, False)}"
        if difference != "changed":
            vi += " (đơn vị mới)" if difference == "entered" else " (không còn trong danh sách đơn vị)"
            en += " (new unit)" if difference == "entered" else " (no longer a unit)"
        size = abs(b - a) if not (pd.isna(a) or pd.isna(b)) else float("inf")
        effects.append(Effect(SCORES_FILE, str(name), _score(a, d, True), _score(b, d, True), difference, vi, en, size))
    return sorted(effects, key=lambda e: -e.size)


def _standing(status: str, rank: float, labels: dict[str, str], rank_word: str) -> str:
    return labels[status] if pd.isna(rank) else f"{labels[status]}, {rank_word} {int(rank)}"


def _who(kind: str, name: str, unit: str, labels: dict[str, str]) -> str:
    """A collective by its name; a person by name and unit (two people may share a name)."""
    return f"{labels[kind]} {name}" if name == unit else f"{labels[kind]} {name} ({unit})"


def award_changes(old: pd.DataFrame, new: pd.DataFrame, unit_names: dict[str, str]) -> list[Effect]:
    """Nominees whose status or rank differs, and nominees in one list only, in the re-run's order."""
    key = ["kind", "unit_code", "nominee_name"]
    columns = [*key, "status", "rank"]
    ordered = new[columns].assign(order=range(len(new)))
    both = ordered.merge(old[columns], on=key, how="outer", suffixes=("_new", "_old"), indicator="side")
    both = both.sort_values("order", na_position="last", kind="stable")
    effects = []
    for row in both.itertuples(index=False):
        was = (row.status_old, row.rank_old)
        now = (row.status_new, row.rank_new)
        same_rank = (pd.isna(was[1]) and pd.isna(now[1])) or was[1] == now[1]
        if row.side == "both" and was[0] == now[0] and same_rank:
            continue
        unit = unit_names.get(row.unit_code, row.nominee_name)
        vi_who, en_who = _who(row.kind, row.nominee_name, unit, NOMINEE_KINDS_VI), NOMINEE_KINDS_EN[row.kind]
        old_vi = _standing(*was, AWARD_STATUS_VI, "hạng") if row.side != "left_only" else "không có trong danh sách"
        new_vi = _standing(*now, AWARD_STATUS_VI, "hạng") if row.side != "right_only" else "không còn trong danh sách"
        old_en = _standing(*was, AWARD_STATUS_EN, "rank") if row.side != "left_only" else "not listed"
        new_en = _standing(*now, AWARD_STATUS_EN, "rank") if row.side != "right_only" else "no longer listed"
        vi, en = f"{vi_who}: {old_vi} → {new_vi}", f"{en_who}: {old_en} → {new_en}"
        if was[0] != RECOMMENDED and now[0] == RECOMMENDED:
            vi, en = vi + " (vào danh sách đề nghị)", en + " (enters the recommended list)"
        elif was[0] == RECOMMENDED and now[0] != RECOMMENDED:
            vi, en = vi + " (ra khỏi danh sách đề nghị)", en + " (leaves the recommended list)"
        difference = {"both": "changed", "left_only": "entered", "right_only": "left"}[row.side]
        effects.append(Effect(AWARD_FILE, vi_who, old_vi, new_vi, difference, vi, en))
    return effects


def effects(published: Path, rerun: Path) -> list[Effect]:
    """Scores, then award-list entries, that differ between the publication and the re-run."""
    found: list[Effect] = []
    old_scores, new_scores = _read(published / SCORES_FILE), _read(rerun / SCORES_FILE)
    if old_scores is not None and new_scores is not None:
        found += score_changes(old_scores, new_scores)
    old_awards, new_awards = _read(published / AWARD_FILE), _read(rerun / AWARD_FILE)
    if old_awards is not None and new_awards is not None:
        names = {}
        for scores in (old_scores, new_scores):
            if scores is not None:
                names |= dict(zip(scores["unit_code"], scores["unit_name"], strict=True))
        found += award_changes(old_awards, new_awards, names)
    return found
