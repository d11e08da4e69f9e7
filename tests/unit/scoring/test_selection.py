"""Merit order, caps and reserves (lib.scoring.selection, SPEC §4 "Selection").

Ties are broken by the law's priority: a direct worker before a leader, the
commune level before higher levels, then the nominee code ascending. The
kernel (``rank_and_cap``) is checked against ``select`` and against a small
reference implementation written here, which imports nothing from lib.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.scoring.selection import (
    BEYOND,
    EXCLUDED,
    GROUP_FULL_VI,
    RECOMMENDED,
    RESERVE,
    UNIT_FULL_VI,
    merit_keys,
    merit_order,
    rank_and_cap,
    select,
)


def candidate(code: str, score: float, **overrides: Any) -> dict[str, Any]:
    """An eligible candidate of a commune, not a leader."""
    row = {
        "nominee_code": code,
        "unit_code": f"U-{code}",
        "unit_group": "ubnd_xa",
        "admin_level": "xa",
        "is_leader": False,
        "score": score,
        "eligible": True,
    }
    row.update(overrides)
    return row


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    """Candidates as a frame."""
    return pd.DataFrame(list(rows))


def codes(ordered: pd.DataFrame) -> list[str]:
    """The nominee codes in frame order."""
    return list(ordered["nominee_code"])


def status_of(judged: pd.DataFrame) -> dict[str, str]:
    """nominee code -> status."""
    return dict(zip(judged["nominee_code"], judged["status"], strict=True))


# ---------------------------------------------------------------- merit order


def test_higher_unrounded_score_comes_first():
    ordered = merit_order(frame(candidate("A", 80.04), candidate("B", 80.06), candidate("C", 95.0)))
    assert codes(ordered) == ["C", "B", "A"]


def test_at_equal_score_a_direct_worker_comes_before_a_leader():
    ordered = merit_order(
        frame(
            candidate("A1", 75.0, is_leader=True),  # would win every later tie-break
            candidate("Z9", 75.0, is_leader=False, admin_level="tinh", unit_group="so_ban_nganh"),
        )
    )
    assert codes(ordered) == ["Z9", "A1"]


def test_at_equal_score_and_role_the_commune_level_comes_before_higher_levels():
    ordered = merit_order(
        frame(
            candidate("A1", 75.0, admin_level="tinh", unit_group="so_ban_nganh"),
            candidate("B2", 75.0, admin_level="huyen", unit_group="ubnd_huyen"),
            candidate("Z9", 75.0, admin_level="xa"),
        )
    )
    assert codes(ordered)[0] == "Z9"
    assert set(codes(ordered)[1:]) == {"A1", "B2"}


def test_enterprise_without_admin_level_is_not_treated_as_commune_level():
    ordered = merit_order(
        frame(candidate("A1", 75.0, admin_level=None, unit_group="doanh_nghiep"), candidate("Z9", 75.0))
    )
    assert codes(ordered) == ["Z9", "A1"]


def test_at_equal_score_role_and_level_the_nominee_code_ascending_decides():
    ordered = merit_order(
        frame(
            candidate("CN-03", 75.0, admin_level="huyen"),
            candidate("CN-01", 75.0, admin_level="huyen"),
            candidate("CN-02", 75.0, admin_level="huyen"),
        )
    )
    assert codes(ordered) == ["CN-01", "CN-02", "CN-03"]


def test_score_outranks_every_tie_break():
    ordered = merit_order(
        frame(
            candidate("A", 70.0, is_leader=False, admin_level="xa"),
            candidate("B", 70.000001, is_leader=True, admin_level="tinh"),
        )
    )
    assert codes(ordered) == ["B", "A"]


# ---------------------------------------------------------------- select


def six() -> pd.DataFrame:
    """Six eligible communes, A best, F worst."""
    return frame(*(candidate(c, 90.0 - i) for i, c in enumerate("ABCDEF")))


def test_cap_recommends_the_best_then_reserves_then_the_rest():
    judged = select(six(), cap=2, reserves=3)
    assert status_of(judged) == {
        "A": RECOMMENDED,
        "B": RECOMMENDED,
        "C": RESERVE,
        "D": RESERVE,
        "E": RESERVE,
        "F": BEYOND,
    }
    assert dict(zip(judged["nominee_code"], judged["rank"], strict=True)) == dict(
        zip("ABCDEF", range(1, 7), strict=True)
    )


def test_cap_is_a_maximum_not_a_target():
    judged = select(six().iloc[:3], cap=5, reserves=3)
    assert set(judged["status"]) == {RECOMMENDED}


def test_zero_cap_recommends_nobody():
    judged = select(six(), cap=0, reserves=2)
    assert Counter(judged["status"]) == {RESERVE: 2, BEYOND: 4}


def test_ineligible_candidates_get_no_rank_and_do_not_use_a_place():
    cands = six()
    cands.loc[cands["nominee_code"] == "A", "eligible"] = False
    judged = select(cands, cap=2, reserves=1)
    assert status_of(judged) == {
        "A": EXCLUDED,
        "B": RECOMMENDED,
        "C": RECOMMENDED,
        "D": RESERVE,
        "E": BEYOND,
        "F": BEYOND,
    }
    assert pd.isna(judged.loc[judged["nominee_code"] == "A", "rank"].iloc[0])
    assert judged.loc[judged["nominee_code"] == "B", "rank"].iloc[0] == 1


def test_group_cap_passes_over_a_group_that_is_full():
    cands = six()
    cands.loc[cands["nominee_code"].isin(["D", "E", "F"]), "unit_group"] = "so_ban_nganh"
    judged = select(cands, cap=4, reserves=1, group_caps={"ubnd_xa": 2})
    assert status_of(judged) == {
        "A": RECOMMENDED,
        "B": RECOMMENDED,
        "C": RESERVE,
        "D": RECOMMENDED,
        "E": RECOMMENDED,
        "F": BEYOND,
    }
    assert judged.loc[judged["nominee_code"] == "C", "cap_note"].iloc[0] == "vượt giới hạn số lượng của khối"


def test_unit_cap_limits_people_of_one_unit():
    cands = six()
    cands["unit_code"] = ["U1", "U1", "U1", "U2", "U2", "U3"]
    judged = select(cands, cap=5, reserves=0, unit_cap=1)
    assert status_of(judged) == {
        "A": RECOMMENDED,
        "B": BEYOND,
        "C": BEYOND,
        "D": RECOMMENDED,
        "E": BEYOND,
        "F": RECOMMENDED,
    }
    assert set(judged.loc[judged["status"] == BEYOND, "cap_note"]) == {"vượt giới hạn số lượng của đơn vị"}


def test_a_person_passed_over_for_the_unit_cap_does_not_use_up_the_group_cap():
    # Regression: the group ceiling used to count B, who was passed over for the unit cap,
    # so C was refused although only one commune person was recommended.
    cands = frame(
        candidate("A", 90.0, unit_code="X"),
        candidate("B", 80.0, unit_code="X"),
        candidate("C", 70.0, unit_code="Y"),
        candidate("D", 60.0, unit_code="Z", unit_group="so_ban_nganh", admin_level="tinh"),
    )
    judged = select(cands, cap=5, reserves=3, group_caps={"ubnd_xa": 2}, unit_cap=1)
    assert status_of(judged) == {"A": RECOMMENDED, "B": RESERVE, "C": RECOMMENDED, "D": RECOMMENDED}


def test_a_candidate_passed_over_for_the_group_cap_does_not_use_up_the_unit_cap():
    cands = frame(
        candidate("A", 90.0, unit_code="X", unit_group="ubnd_xa"),
        candidate("B", 80.0, unit_code="Y", unit_group="ubnd_xa"),
        candidate("C", 70.0, unit_code="Y", unit_group="so_ban_nganh", admin_level="tinh"),
    )
    judged = select(cands, cap=5, reserves=0, group_caps={"ubnd_xa": 1}, unit_cap=1)
    assert status_of(judged) == {"A": RECOMMENDED, "B": BEYOND, "C": RECOMMENDED}


def test_three_of_one_group_two_of_one_unit_group_cap_2_unit_cap_1_recommends_the_first_and_the_third():
    # Worked by hand. A (90, unit X) is taken: group 1 of 2, unit X 1 of 1. B (80, unit X): unit X is full,
    # so B is passed over and uses up nothing. C (70, unit Y): group 1 of 2 taken, unit Y empty: taken.
    cands = frame(
        candidate("A", 90.0, unit_code="X"), candidate("B", 80.0, unit_code="X"), candidate("C", 70.0, unit_code="Y")
    )
    judged = select(cands, cap=5, reserves=1, group_caps={"ubnd_xa": 2}, unit_cap=1)
    assert status_of(judged) == {"A": RECOMMENDED, "B": RESERVE, "C": RECOMMENDED}
    assert dict(zip(judged["nominee_code"], judged["cap_note"], strict=True)) == {"A": "", "B": UNIT_FULL_VI, "C": ""}

    outcome = rank_and_cap(
        cands[["score"]].to_numpy(dtype=float), merit_keys(cands), cap=5, group_caps={"ubnd_xa": 2}, unit_cap=1
    )
    assert outcome.chosen[:, 0].tolist() == [True, False, True]
    assert outcome.rank[:, 0].tolist() == [1, 2, 3]
    assert outcome.unit_full[:, 0].tolist() == [False, True, False]
    assert outcome.group_full[:, 0].tolist() == [False, False, False]


def test_the_kernel_ranks_and_caps_each_sample_column_on_its_own():
    cands = frame(
        candidate("A", 0.0, unit_code="X"), candidate("B", 0.0, unit_code="X"), candidate("C", 0.0, unit_code="Y")
    )
    scores = np.array([[90.0, 10.0, 50.0], [80.0, 30.0, 50.0], [70.0, 20.0, 50.0]])  # sample 3: a three-way tie
    outcome = rank_and_cap(scores, merit_keys(cands), cap=1, unit_cap=1)
    assert outcome.rank.tolist() == [[1, 3, 1], [2, 1, 2], [3, 2, 3]]
    assert outcome.chosen.tolist() == [[True, False, True], [False, True, False], [False, False, False]]


def test_after_the_cap_is_filled_later_nominees_still_get_their_rank_and_cap_note():
    cands = frame(*(candidate(c, 90.0 - i, unit_code="X" if c in "AC" else c) for i, c in enumerate("ABCD")))
    judged = select(cands, cap=2, reserves=0, unit_cap=1)
    assert status_of(judged) == {"A": RECOMMENDED, "B": RECOMMENDED, "C": BEYOND, "D": BEYOND}
    assert dict(zip(judged["nominee_code"], judged["cap_note"], strict=True)) == {
        "A": "",
        "B": "",
        "C": UNIT_FULL_VI,
        "D": "",
    }
    assert list(judged["rank"]) == [1, 2, 3, 4]


def test_no_candidates_gives_an_empty_result():
    judged = select(six().iloc[:0], cap=5, reserves=3, group_caps={"ubnd_xa": 1}, unit_cap=1)
    assert judged.empty
    assert {"status", "rank", "cap_note"} <= set(judged.columns)


# ---------------------------------------------------------------- properties

GROUPS = ["so_ban_nganh", "ubnd_huyen", "ubnd_xa", "doanh_nghiep"]
LEVEL = {"so_ban_nganh": "tinh", "ubnd_huyen": "huyen", "ubnd_xa": "xa", "doanh_nghiep": None}


@st.composite
def candidates(draw):
    """Up to 14 candidates with tied scores likely, across groups and units."""
    n = draw(st.integers(0, 14))
    rows = []
    for i in range(n):
        group = draw(st.sampled_from(GROUPS))
        rows.append(
            {
                "nominee_code": f"N{i:02d}",
                "unit_code": f"U{draw(st.integers(0, 4))}",
                "unit_group": group,
                "admin_level": LEVEL[group],
                "is_leader": draw(st.booleans()),
                "score": float(draw(st.sampled_from([40.0, 55.5, 70.0, 70.0, 88.25, 100.0]))),
                "eligible": draw(st.booleans()) or draw(st.booleans()),
            }
        )
    columns = ["nominee_code", "unit_code", "unit_group", "admin_level", "is_leader", "score", "eligible"]
    return pd.DataFrame(rows, columns=columns).astype({"score": float, "is_leader": bool, "eligible": bool})


caps_strategy = st.fixed_dictionaries(
    {
        "cap": st.integers(0, 6),
        "reserves": st.integers(0, 4),
        "group_caps": st.dictionaries(st.sampled_from(GROUPS), st.integers(0, 3), max_size=3),
        "unit_cap": st.one_of(st.none(), st.integers(0, 3)),
    }
)


@settings(max_examples=100, deadline=None)
@given(cands=candidates(), caps=caps_strategy)
def test_property_caps_are_never_exceeded(cands, caps):
    judged = select(cands, **caps)
    chosen = judged[judged["status"] == RECOMMENDED]
    assert len(chosen) <= caps["cap"]
    for group, n in Counter(chosen["unit_group"]).items():
        assert n <= caps["group_caps"].get(group, float("inf"))
    if caps["unit_cap"] is not None:
        assert max(Counter(chosen["unit_code"]).values(), default=0) <= caps["unit_cap"]
    assert (judged["status"] == RESERVE).sum() <= caps["reserves"]


@settings(max_examples=100, deadline=None)
@given(cands=candidates(), caps=caps_strategy)
def test_property_recommended_and_reserves_are_eligible_and_ranked_in_merit_order(cands, caps):
    judged = select(cands, **caps)
    assert len(judged) == len(cands)
    eligible = judged[judged["status"] != EXCLUDED].sort_values("rank")
    assert set(eligible["nominee_code"]) == set(cands.loc[cands["eligible"], "nominee_code"])
    assert judged.loc[judged["status"] == EXCLUDED, "rank"].isna().all()
    assert list(eligible["rank"]) == list(range(1, len(eligible) + 1))
    assert eligible["score"].is_monotonic_decreasing
    # a reserve never ranks above a candidate left beyond the list
    reserve_ranks = eligible.loc[eligible["status"] == RESERVE, "rank"]
    beyond_ranks = eligible.loc[eligible["status"] == BEYOND, "rank"]
    if len(reserve_ranks) and len(beyond_ranks):
        assert reserve_ranks.max() < beyond_ranks.min()


@settings(max_examples=100, deadline=None)
@given(cands=candidates(), caps=caps_strategy)
def test_property_nobody_is_passed_over_while_a_place_is_free(cands, caps):
    """Greedy by merit: an eligible candidate left out had a full cap, group or unit at that point."""
    judged = select(cands, **caps).sort_values("rank")
    eligible = judged[judged["status"] != EXCLUDED]
    taken = 0
    per_group: Counter[str] = Counter()
    per_unit: Counter[str] = Counter()
    for row in eligible.itertuples():
        free = (
            taken < caps["cap"]
            and per_group[row.unit_group] < caps["group_caps"].get(row.unit_group, float("inf"))
            and (caps["unit_cap"] is None or per_unit[row.unit_code] < caps["unit_cap"])
        )
        assert (row.status == RECOMMENDED) is free, row.nominee_code
        if free:
            taken += 1
            per_group[row.unit_group] += 1
            per_unit[row.unit_code] += 1


@settings(max_examples=100, deadline=None)
@given(cands=candidates(), caps=caps_strategy, seed=st.integers(0, 2**32 - 1))
def test_property_shuffling_candidates_never_changes_the_result(cands, caps, seed):
    judged = select(cands, **caps)
    shuffled = cands.sample(frac=1, random_state=np.random.default_rng(seed)).reset_index(drop=True)
    again = select(shuffled, **caps)
    pd.testing.assert_frame_equal(judged.reset_index(drop=True), again.reset_index(drop=True))


# ---------------------------------------------------------------- the kernel against select and an oracle


@st.composite
def capped_cases(draw):
    """Candidates (many ties) with caps; the group cap and the unit cap are often both set."""
    cands = draw(candidates())
    both = draw(st.booleans())
    group_caps = draw(
        st.dictionaries(st.sampled_from(GROUPS), st.integers(0, 3), min_size=1 if both else 0, max_size=3)
    )
    unit_cap = draw(st.integers(0, 3)) if both else draw(st.one_of(st.none(), st.integers(0, 3)))
    caps = {
        "cap": draw(st.integers(0, 6)),
        "reserves": draw(st.integers(0, 4)),
        "group_caps": group_caps,
        "unit_cap": unit_cap,
    }
    return cands, caps


def _kernel_caps(caps: dict[str, Any]) -> dict[str, Any]:
    return {key: caps[key] for key in ("cap", "group_caps", "unit_cap")}


@settings(max_examples=200, deadline=None)
@given(case=capped_cases(), copies=st.integers(1, 4))
def test_property_the_kernel_on_the_nominal_scores_is_the_published_selection(case, copies):
    """One column (copies = 1) or several identical columns: each is exactly what select publishes."""
    cands, caps = case
    judged = select(cands, **caps).set_index("nominee_code")
    eligible = cands[cands["eligible"]]
    scores = np.repeat(eligible[["score"]].to_numpy(dtype=float), copies, axis=1)
    outcome = rank_and_cap(scores, merit_keys(eligible), **_kernel_caps(caps))
    published = judged.loc[eligible["nominee_code"]]
    note = np.select(
        [outcome.chosen, outcome.unit_full, outcome.group_full], ["", UNIT_FULL_VI, GROUP_FULL_VI], default=""
    )
    for col in range(copies):
        assert (outcome.chosen[:, col] == (published["status"] == RECOMMENDED).to_numpy()).all()
        assert (outcome.rank[:, col] == published["rank"].to_numpy(dtype=int)).all()
        assert (note[:, col] == published["cap_note"].to_numpy(dtype=object)).all()


def _oracle(rows: list[dict[str, Any]], cap: int, group_caps: dict[str, int], unit_cap: int | None) -> tuple[list, set]:
    """Reference: (nominee codes in merit order, chosen codes), by sorting and walking with counters."""
    order = sorted(rows, key=lambda r: (-r["score"], bool(r["is_leader"]), r["admin_level"] != "xa", r["nominee_code"]))
    chosen: set[str] = set()
    per_group: dict[str, int] = {}
    per_unit: dict[str, int] = {}
    for r in order:
        group_ok = per_group.get(r["unit_group"], 0) < group_caps.get(r["unit_group"], float("inf"))
        unit_ok = unit_cap is None or per_unit.get(r["unit_code"], 0) < unit_cap
        if group_ok and unit_ok and len(chosen) < cap:
            chosen.add(r["nominee_code"])
            per_group[r["unit_group"]] = per_group.get(r["unit_group"], 0) + 1
            per_unit[r["unit_code"]] = per_unit.get(r["unit_code"], 0) + 1
    return [r["nominee_code"] for r in order], chosen


@settings(max_examples=200, deadline=None)
@given(case=capped_cases(), data=st.data())
def test_property_the_kernel_agrees_with_a_reference_walk_in_every_sample(case, data):
    """Several independent score columns (ties likely); each column against the pure-Python oracle."""
    cands, caps = case
    eligible = cands[cands["eligible"]].reset_index(drop=True)
    n_samples = data.draw(st.integers(1, 5))
    levels = [40.0, 55.5, 70.0, 88.25, 100.0]
    scores = np.array(
        [[data.draw(st.sampled_from(levels)) for _ in range(n_samples)] for _ in range(len(eligible))], dtype=float
    ).reshape(len(eligible), n_samples)
    outcome = rank_and_cap(scores, merit_keys(eligible), **_kernel_caps(caps))
    codes = list(eligible["nominee_code"])
    for col in range(n_samples):
        rows = [{**r, "score": float(scores[i, col])} for i, r in enumerate(eligible.to_dict("records"))]
        expected_order, expected_chosen = _oracle(rows, caps["cap"], caps["group_caps"], caps["unit_cap"])
        assert {c for c, taken in zip(codes, outcome.chosen[:, col], strict=True) if taken} == expected_chosen
        assert sorted(codes, key=lambda c: outcome.rank[codes.index(c), col]) == expected_order
