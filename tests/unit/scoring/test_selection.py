"""Merit order, caps and reserves (lib.scoring.selection, SPEC §4 "Selection").

Ties are broken by the law's priority: a direct worker before a leader, the
commune level before higher levels, then the nominee code ascending. Expected
results are worked out by hand (the cases spell out their reasoning) or by
``_oracle``, written here from SPEC §4 and params and importing nothing from
lib: a pairwise order, ranks as counts, the recommended list as the best of all
subsets that respect the caps (not a walk), the reserves and notes by
definition. ``select`` and the kernel (``rank_and_cap``) are both checked
against it.
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
    RECOMMENDED,
    RESERVE,
    UNIT_FULL_VI,
    merit_keys,
    merit_order,
    rank_and_cap,
    select,
)


def in_merit_order(candidates):
    """merit_order with the 2023 structure's commune level (params structure.commune_level: xa)."""
    return merit_order(candidates, "xa")


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


def listing(judged: pd.DataFrame) -> list[tuple[str, int | None, str, str]]:
    """(code, rank or None, status, cap note) per row, in the frame's order."""
    return [
        (code, None if pd.isna(rank) else int(rank), status, note)
        for code, rank, status, note in zip(
            judged["nominee_code"], judged["rank"], judged["status"], judged["cap_note"], strict=True
        )
    ]


def status_of(judged: pd.DataFrame) -> dict[str, str]:
    """nominee code -> status."""
    return dict(zip(judged["nominee_code"], judged["status"], strict=True))


# ---------------------------------------------------------------- merit order


def test_higher_unrounded_score_comes_first():
    ordered = in_merit_order(frame(candidate("A", 80.04), candidate("B", 80.06), candidate("C", 95.0)))
    assert codes(ordered) == ["C", "B", "A"]


def test_at_equal_score_a_direct_worker_comes_before_a_leader():
    ordered = in_merit_order(
        frame(
            candidate("A1", 75.0, is_leader=True),  # would win every later tie-break
            candidate("Z9", 75.0, is_leader=False, admin_level="tinh", unit_group="so_ban_nganh"),
        )
    )
    assert codes(ordered) == ["Z9", "A1"]


def test_at_equal_score_and_role_the_commune_level_comes_before_higher_levels():
    ordered = in_merit_order(
        frame(
            candidate("A1", 75.0, admin_level="tinh", unit_group="so_ban_nganh"),
            candidate("B2", 75.0, admin_level="huyen", unit_group="ubnd_huyen"),
            candidate("Z9", 75.0, admin_level="xa"),
        )
    )
    assert codes(ordered)[0] == "Z9"
    assert set(codes(ordered)[1:]) == {"A1", "B2"}


def test_enterprise_without_admin_level_is_not_treated_as_commune_level():
    ordered = in_merit_order(
        frame(candidate("A1", 75.0, admin_level=None, unit_group="doanh_nghiep"), candidate("Z9", 75.0))
    )
    assert codes(ordered) == ["Z9", "A1"]


def test_at_equal_score_role_and_level_the_nominee_code_ascending_decides():
    ordered = in_merit_order(
        frame(
            candidate("CN-03", 75.0, admin_level="huyen"),
            candidate("CN-01", 75.0, admin_level="huyen"),
            candidate("CN-02", 75.0, admin_level="huyen"),
        )
    )
    assert codes(ordered) == ["CN-01", "CN-02", "CN-03"]


def test_score_outranks_every_tie_break():
    ordered = in_merit_order(
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
    judged = select(six(), cap=2, reserves=3, commune_level="xa")
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
    judged = select(six().iloc[:3], cap=5, reserves=3, commune_level="xa")
    assert set(judged["status"]) == {RECOMMENDED}


def test_zero_cap_recommends_nobody():
    judged = select(six(), cap=0, reserves=2, commune_level="xa")
    assert Counter(judged["status"]) == {RESERVE: 2, BEYOND: 4}


def test_ineligible_candidates_get_no_rank_and_do_not_use_a_place():
    cands = six()
    cands.loc[cands["nominee_code"] == "A", "eligible"] = False
    judged = select(cands, cap=2, reserves=1, commune_level="xa")
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
    judged = select(cands, cap=4, reserves=1, group_caps={"ubnd_xa": 2}, commune_level="xa")
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
    judged = select(cands, cap=5, reserves=0, unit_cap=1, commune_level="xa")
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
    judged = select(cands, cap=5, reserves=3, group_caps={"ubnd_xa": 2}, unit_cap=1, commune_level="xa")
    assert status_of(judged) == {"A": RECOMMENDED, "B": RESERVE, "C": RECOMMENDED, "D": RECOMMENDED}


def test_a_candidate_passed_over_for_the_group_cap_does_not_use_up_the_unit_cap():
    cands = frame(
        candidate("A", 90.0, unit_code="X", unit_group="ubnd_xa"),
        candidate("B", 80.0, unit_code="Y", unit_group="ubnd_xa"),
        candidate("C", 70.0, unit_code="Y", unit_group="so_ban_nganh", admin_level="tinh"),
    )
    judged = select(cands, cap=5, reserves=0, group_caps={"ubnd_xa": 1}, unit_cap=1, commune_level="xa")
    assert status_of(judged) == {"A": RECOMMENDED, "B": BEYOND, "C": RECOMMENDED}


def test_three_of_one_group_two_of_one_unit_group_cap_2_unit_cap_1_recommends_the_first_and_the_third():
    # Worked by hand. A (90, unit X) is taken: group 1 of 2, unit X 1 of 1. B (80, unit X): unit X is full,
    # so B is passed over and uses up nothing. C (70, unit Y): group 1 of 2 taken, unit Y empty: taken.
    cands = frame(
        candidate("A", 90.0, unit_code="X"), candidate("B", 80.0, unit_code="X"), candidate("C", 70.0, unit_code="Y")
    )
    judged = select(cands, cap=5, reserves=1, group_caps={"ubnd_xa": 2}, unit_cap=1, commune_level="xa")
    assert status_of(judged) == {"A": RECOMMENDED, "B": RESERVE, "C": RECOMMENDED}
    assert dict(zip(judged["nominee_code"], judged["cap_note"], strict=True)) == {"A": "", "B": UNIT_FULL_VI, "C": ""}

    outcome = rank_and_cap(
        cands[["score"]].to_numpy(dtype=float), merit_keys(cands, "xa"), cap=5, group_caps={"ubnd_xa": 2}, unit_cap=1
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
    outcome = rank_and_cap(scores, merit_keys(cands, "xa"), cap=1, unit_cap=1)
    assert outcome.rank.tolist() == [[1, 3, 1], [2, 1, 2], [3, 2, 3]]
    assert outcome.chosen.tolist() == [[True, False, True], [False, True, False], [False, False, False]]


def test_after_the_cap_is_filled_later_nominees_still_get_their_rank_and_cap_note():
    cands = frame(*(candidate(c, 90.0 - i, unit_code="X" if c in "AC" else c) for i, c in enumerate("ABCD")))
    judged = select(cands, cap=2, reserves=0, unit_cap=1, commune_level="xa")
    assert status_of(judged) == {"A": RECOMMENDED, "B": RECOMMENDED, "C": BEYOND, "D": BEYOND}
    assert dict(zip(judged["nominee_code"], judged["cap_note"], strict=True)) == {
        "A": "",
        "B": "",
        "C": UNIT_FULL_VI,
        "D": "",
    }
    assert list(judged["rank"]) == [1, 2, 3, 4]


def test_no_candidates_gives_an_empty_result():
    judged = select(six().iloc[:0], cap=5, reserves=3, group_caps={"ubnd_xa": 1}, unit_cap=1, commune_level="xa")
    assert judged.empty
    assert {"status", "rank", "cap_note"} <= set(judged.columns)


# ---------------------------------------------------------------- hand-worked cases


def test_hand_worked_nine_candidates_cap_5_reserves_3_group_cap_2_unit_cap_2_ties_at_55():
    # cap 5, reserves 3, at most 2 of so_ban_nganh, at most 2 per unit. Worked by hand:
    #
    # merit order: A 90, B 85, C 80, D 70, E 65, F 60, then the three at 55.0:
    #   I (direct worker, commune), H (direct worker, district), G (leader, commune). Direct workers
    #   before the leader (G last, although it is a commune and has the smallest code of the three);
    #   of the two direct workers the commune one (I) first; codes (G < H < I) would give the reverse.
    # walk:  A     so_ban_nganh 1/2, unit S1 1/2   -> recommended (1 of 5)
    #        B     so_ban_nganh 2/2, unit S2 1/2   -> recommended (2)
    #        C     so_ban_nganh already has 2      -> passed over, "khối" note
    #        D     unit H1 1/2                     -> recommended (3)
    #        E     unit H1 2/2                     -> recommended (4)
    #        F     unit H1 already has 2           -> passed over, "đơn vị" note
    #        I     unit X2 1/2                     -> recommended (5: the cap is reached)
    #        H, G  no place left; their units (H2, X1) and groups are not full -> no note
    # reserves: the next 3 eligible not recommended, in merit order: C, F, H; G is beyond the list.
    cands = frame(
        candidate("A", 90.0, unit_code="S1", unit_group="so_ban_nganh", admin_level="tinh"),
        candidate("B", 85.0, unit_code="S2", unit_group="so_ban_nganh", admin_level="tinh"),
        candidate("C", 80.0, unit_code="S3", unit_group="so_ban_nganh", admin_level="tinh"),
        candidate("D", 70.0, unit_code="H1", unit_group="ubnd_huyen", admin_level="huyen"),
        candidate("E", 65.0, unit_code="H1", unit_group="ubnd_huyen", admin_level="huyen"),
        candidate("F", 60.0, unit_code="H1", unit_group="ubnd_huyen", admin_level="huyen"),
        candidate("G", 55.0, unit_code="X1", is_leader=True),
        candidate("H", 55.0, unit_code="H2", unit_group="ubnd_huyen", admin_level="huyen"),
        candidate("I", 55.0, unit_code="X2"),
    )
    caps = {"cap": 5, "group_caps": {"so_ban_nganh": 2}, "unit_cap": 2}
    judged = select(cands.iloc[::-1], reserves=3, **caps, commune_level="xa")  # the input order plays no part
    assert listing(judged) == [
        ("A", 1, "de_nghi", ""),
        ("B", 2, "de_nghi", ""),
        ("C", 3, "du_bi", "vượt giới hạn số lượng của khối"),
        ("D", 4, "de_nghi", ""),
        ("E", 5, "de_nghi", ""),
        ("F", 6, "du_bi", "vượt giới hạn số lượng của đơn vị"),
        ("I", 7, "de_nghi", ""),
        ("H", 8, "du_bi", ""),
        ("G", 9, "ngoai_danh_sach", ""),
    ]
    outcome = rank_and_cap(cands[["score"]].to_numpy(dtype=float), merit_keys(cands, "xa"), **caps)
    #                                   A      B      C      D      E      F      G      H      I
    assert outcome.rank[:, 0].tolist() == [1, 2, 3, 4, 5, 6, 9, 8, 7]
    assert outcome.chosen[:, 0].tolist() == [True, True, False, True, True, False, False, False, True]
    assert outcome.group_full[:, 0].tolist() == [False, False, True, False, False, False, False, False, False]
    assert outcome.unit_full[:, 0].tolist() == [False, False, False, False, False, True, False, False, False]


def test_hand_worked_the_2023_individual_caps_7_reserves_3_two_per_unit():
    # params/2023.yaml: caps.individuals 7, reserves.individuals 3, individuals_per_unit 2, no group caps.
    # Z (99.0) is not eligible: no rank, uses no place. Merit order of the eligible, worked by hand:
    #   X1 95; X2 90; at 88: X3 (direct) before S1 (leader; its code S1 < X3 does not count);
    #   at 75: Y2 (direct, commune), H1 (direct, district), Y1 (leader); at 60 both direct, district and
    #   province level (neither is a commune): codes H2 < S2; then Y3 40, Y4 35.
    # walk: X1, X2 (unit X 2/2); X3 unit X full -> passed over; S1 (S 1/2); Y2 (Y 1/2); H1 (H 1/2);
    #       Y1 (Y 2/2); H2 (H 2/2) = 7, the cap; S2 no place (S has 1: no note); Y3, Y4 unit Y full (note).
    # reserves: X3, S2, Y3; Y4 beyond the list.
    cands = frame(
        candidate("Z", 99.0, unit_code="X", eligible=False),
        candidate("X1", 95.0, unit_code="X"),
        candidate("X2", 90.0, unit_code="X"),
        candidate("X3", 88.0, unit_code="X"),
        candidate("S1", 88.0, unit_code="S", unit_group="so_ban_nganh", admin_level="tinh", is_leader=True),
        candidate("Y1", 75.0, unit_code="Y", is_leader=True),
        candidate("Y2", 75.0, unit_code="Y"),
        candidate("H1", 75.0, unit_code="H", unit_group="ubnd_huyen", admin_level="huyen"),
        candidate("H2", 60.0, unit_code="H", unit_group="ubnd_huyen", admin_level="huyen"),
        candidate("S2", 60.0, unit_code="S", unit_group="so_ban_nganh", admin_level="tinh"),
        candidate("Y3", 40.0, unit_code="Y"),
        candidate("Y4", 35.0, unit_code="Y"),
    )
    judged = select(cands, cap=7, reserves=3, group_caps={}, unit_cap=2, commune_level="xa")
    full = "vượt giới hạn số lượng của đơn vị"
    assert listing(judged) == [
        ("X1", 1, "de_nghi", ""),
        ("X2", 2, "de_nghi", ""),
        ("X3", 3, "du_bi", full),
        ("S1", 4, "de_nghi", ""),
        ("Y2", 5, "de_nghi", ""),
        ("H1", 6, "de_nghi", ""),
        ("Y1", 7, "de_nghi", ""),
        ("H2", 8, "de_nghi", ""),
        ("S2", 9, "du_bi", ""),
        ("Y3", 10, "du_bi", full),
        ("Y4", 11, "ngoai_danh_sach", full),
        ("Z", None, "khong_du_dieu_kien", ""),
    ]


def test_hand_worked_a_leader_at_the_commune_level_after_a_direct_worker_at_the_province_level():
    # The priorities apply in the order the rule gives them: the role decides before the level.
    # At 55.0: P (direct worker, province) before Q (leader, commune), although Q is the commune one and has
    # no worse code (P < Q, the code is not what decides). cap 1: P recommended, Q the one reserve.
    cands = frame(
        candidate("Q", 55.0, is_leader=True),
        candidate("P", 55.0, unit_group="so_ban_nganh", admin_level="tinh"),
        candidate("R", 54.99, unit_group="so_ban_nganh", admin_level="tinh"),
    )
    judged = select(cands, cap=1, reserves=1, commune_level="xa")
    assert listing(judged) == [("P", 1, "de_nghi", ""), ("Q", 2, "du_bi", ""), ("R", 3, "ngoai_danh_sach", "")]


# ---------------------------------------------------------------- properties

GROUPS = ["so_ban_nganh", "ubnd_huyen", "ubnd_xa", "doanh_nghiep"]
LEVEL = {"so_ban_nganh": "tinh", "ubnd_huyen": "huyen", "ubnd_xa": "xa", "doanh_nghiep": None}


@st.composite
def candidates(draw, max_n: int = 14):
    """Up to ``max_n`` candidates with tied scores likely, across groups and units."""
    n = draw(st.integers(0, max_n))
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
    judged = select(cands, **caps, commune_level="xa")
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
    judged = select(cands, **caps, commune_level="xa")
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
@given(cands=candidates(), caps=caps_strategy, seed=st.integers(0, 2**32 - 1))
def test_property_shuffling_candidates_never_changes_the_result(cands, caps, seed):
    judged = select(cands, **caps, commune_level="xa")
    shuffled = cands.sample(frac=1, random_state=np.random.default_rng(seed)).reset_index(drop=True)
    again = select(shuffled, **caps, commune_level="xa")
    pd.testing.assert_frame_equal(judged.reset_index(drop=True), again.reset_index(drop=True))


# ---------------------------------------------------------------- an oracle of another formulation
#
# Written from SPEC §4 "Selection", params/2023.yaml (caps, reserves) and the documented rule; it imports
# nothing from lib and is not a walk with counters: the order is pairwise, the rank a count, the
# recommended list the best of all subsets that respect the caps, the reserves and notes set definitions.


def _comes_before(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True if nominee ``a`` precedes ``b`` in merit order.

    The rule: higher unrounded score first; at equal score a direct worker before a leader; then the
    commune level ("xa") before any other level or none; then the nominee code ascending.
    """
    if a["score"] != b["score"]:
        return a["score"] > b["score"]
    if bool(a["is_leader"]) != bool(b["is_leader"]):
        return not a["is_leader"]
    a_commune, b_commune = a["admin_level"] == "xa", b["admin_level"] == "xa"
    if a_commune != b_commune:
        return a_commune
    return a["nominee_code"] < b["nominee_code"]


def _respects_caps(members: list[dict[str, Any]], cap: int, group_caps: dict[str, int], unit_cap: int | None) -> bool:
    """At most ``cap`` in all, at most ``group_caps[g]`` of a capped group g, at most ``unit_cap`` of one unit."""
    per_group = Counter(m["unit_group"] for m in members)
    per_unit = Counter(m["unit_code"] for m in members)
    return (
        len(members) <= cap
        and all(n <= group_caps[g] for g, n in per_group.items() if g in group_caps)
        and (unit_cap is None or all(n <= unit_cap for n in per_unit.values()))
    )


def _oracle(
    rows: list[dict[str, Any]], *, cap: int, reserves: int, group_caps: dict[str, int], unit_cap: int | None
) -> dict[str, dict[str, Any]]:
    """The expected outcome per nominee code: rank, chosen, group_full, unit_full, status, cap_note.

    - rank (eligible only): 1 + the number of eligible nominees that come before it.
    - chosen: among all subsets of the eligible that respect the cap, the group caps and the unit cap, the
      one that is best lexicographically in merit order: the one chosen at the first merit position where
      two subsets differ wins. (Enumerated: subset = integer whose bit n-1-i says the i-th in merit order
      is in, so the lexicographically best subset is the largest integer that respects the caps.) That is
      the rule "caps are maxima, a nominee whose group or unit is full is passed over": nobody is left out
      for someone of lower merit unless taking them as well would break a cap.
    - group_full / unit_full (the turn of a nominee came when its group / unit was full): the chosen
      nominees of its group / unit that come before it already number its group cap / the unit cap.
    - reserves (the rule of ``select``: "the next ``reserves`` eligible ones", SPEC "a reserve list follows
      the recommended list"): an eligible nominee not chosen is a reserve iff fewer than ``reserves``
      eligible nominees not chosen come before it, whether or not a cap passed it over; every other
      eligible nominee not chosen is beyond the list.
    - cap_note of a nominee not chosen: the unit's note if its unit was full, else the group's note if its
      group was full, else empty; a chosen or ineligible nominee has none. Ineligible: no rank, status
      "khong_du_dieu_kien".
    """
    eligible = [r for r in rows if r["eligible"]]
    rank = {r["nominee_code"]: 1 + sum(_comes_before(o, r) for o in eligible if o is not r) for r in eligible}
    order = sorted(eligible, key=lambda r: rank[r["nominee_code"]])
    assert [rank[r["nominee_code"]] for r in order] == list(range(1, len(order) + 1))  # a strict total order
    n = len(order)
    chosen: set[str] = set()
    for mask in range(2**n - 1, -1, -1):
        if mask.bit_count() > cap:
            continue
        members = [order[i] for i in range(n) if mask >> (n - 1 - i) & 1]
        if _respects_caps(members, cap, group_caps, unit_cap):
            chosen = {m["nominee_code"] for m in members}
            break
    out: dict[str, dict[str, Any]] = {}
    for r in eligible:
        code = r["nominee_code"]
        before = [o for o in eligible if o["nominee_code"] in chosen and _comes_before(o, r)]
        group_cap = group_caps.get(r["unit_group"])
        group_full = group_cap is not None and sum(o["unit_group"] == r["unit_group"] for o in before) >= group_cap
        unit_full = unit_cap is not None and sum(o["unit_code"] == r["unit_code"] for o in before) >= unit_cap
        passed_before = sum(o["nominee_code"] not in chosen and _comes_before(o, r) for o in eligible)
        if code in chosen:
            status = "de_nghi"
        elif passed_before < reserves:
            status = "du_bi"
        else:
            status = "ngoai_danh_sach"
        note = ""
        if code not in chosen:
            if unit_full:
                note = "vượt giới hạn số lượng của đơn vị"
            elif group_full:
                note = "vượt giới hạn số lượng của khối"
        out[code] = {
            "rank": rank[code],
            "chosen": code in chosen,
            "group_full": group_full,
            "unit_full": unit_full,
            "status": status,
            "cap_note": note,
        }
    for r in rows:
        if not r["eligible"]:
            out[r["nominee_code"]] = {"rank": None, "status": "khong_du_dieu_kien", "cap_note": ""}
    return out


def test_the_oracle_on_the_hand_worked_case_of_nine():
    """The oracle itself, on the case worked by hand above (so that a wrong oracle cannot agree with a wrong code)."""
    rows = [
        {"nominee_code": c, "score": s, "unit_code": u, "unit_group": g, "admin_level": lv, "is_leader": lead,
         "eligible": True}
        for c, s, u, g, lv, lead in [
            ("A", 90.0, "S1", "so_ban_nganh", "tinh", False),
            ("B", 85.0, "S2", "so_ban_nganh", "tinh", False),
            ("C", 80.0, "S3", "so_ban_nganh", "tinh", False),
            ("D", 70.0, "H1", "ubnd_huyen", "huyen", False),
            ("E", 65.0, "H1", "ubnd_huyen", "huyen", False),
            ("F", 60.0, "H1", "ubnd_huyen", "huyen", False),
            ("G", 55.0, "X1", "ubnd_xa", "xa", True),
            ("H", 55.0, "H2", "ubnd_huyen", "huyen", False),
            ("I", 55.0, "X2", "ubnd_xa", "xa", False),
        ]
    ]  # fmt: skip
    got = _oracle(rows, cap=5, reserves=3, group_caps={"so_ban_nganh": 2}, unit_cap=2)
    assert {c: (v["rank"], v["status"]) for c, v in got.items()} == {
        "A": (1, "de_nghi"),
        "B": (2, "de_nghi"),
        "C": (3, "du_bi"),
        "D": (4, "de_nghi"),
        "E": (5, "de_nghi"),
        "F": (6, "du_bi"),
        "I": (7, "de_nghi"),
        "H": (8, "du_bi"),
        "G": (9, "ngoai_danh_sach"),
    }
    assert {c for c, v in got.items() if v["cap_note"]} == {"C", "F"}


@st.composite
def capped_cases(draw):
    """Up to 12 candidates (many ties) with caps; the group cap and the unit cap are often both set."""
    cands = draw(candidates(max_n=12))
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
@given(case=capped_cases(), copies=st.integers(1, 3))
def test_property_select_and_the_kernel_on_the_nominal_scores_agree_with_the_oracle(case, copies):
    """Statuses, ranks and notes of select; chosen, ranks and full flags of the kernel (identical columns)."""
    cands, caps = case
    expected = _oracle(cands.to_dict("records"), **caps)
    judged = select(cands, **caps, commune_level="xa")
    assert sorted(judged["nominee_code"]) == sorted(expected)
    for row in judged.itertuples():
        want = expected[row.nominee_code]
        assert (None if pd.isna(row.rank) else int(row.rank)) == want["rank"], row.nominee_code
        assert (row.status, row.cap_note) == (want["status"], want["cap_note"]), row.nominee_code

    eligible = cands[cands["eligible"]]
    scores = np.repeat(eligible[["score"]].to_numpy(dtype=float), copies, axis=1)
    outcome = rank_and_cap(scores, merit_keys(eligible, "xa"), **_kernel_caps(caps))
    for i, code in enumerate(eligible["nominee_code"]):
        want = expected[code]
        for col in range(copies):
            got = (outcome.rank[i, col], outcome.chosen[i, col], outcome.group_full[i, col], outcome.unit_full[i, col])
            assert got == (want["rank"], want["chosen"], want["group_full"], want["unit_full"]), (code, col)


@settings(max_examples=200, deadline=None)
@given(case=capped_cases(), data=st.data())
def test_property_the_kernel_agrees_with_the_oracle_in_every_sample(case, data):
    """Several independent score columns (ties likely); each column on its own against the oracle."""
    cands, caps = case
    eligible = cands[cands["eligible"]].reset_index(drop=True)
    n_samples = data.draw(st.integers(1, 5))
    levels = [40.0, 55.5, 70.0, 88.25, 100.0]
    scores = np.array(
        [[data.draw(st.sampled_from(levels)) for _ in range(n_samples)] for _ in range(len(eligible))], dtype=float
    ).reshape(len(eligible), n_samples)
    _assert_every_column_as_the_oracle(eligible, scores, _kernel_caps(caps))


def _assert_every_column_as_the_oracle(cands: pd.DataFrame, scores: np.ndarray, caps: dict[str, Any]) -> None:
    """The kernel on n × s scores: in each column, each nominee's rank and flags as the oracle gives them."""
    outcome = rank_and_cap(scores, merit_keys(cands, "xa"), **caps)
    for col in range(scores.shape[1]):
        rows = [{**r, "score": float(scores[i, col])} for i, r in enumerate(cands.to_dict("records"))]
        expected = _oracle(rows, reserves=0, **caps)
        for i, r in enumerate(rows):
            want = expected[r["nominee_code"]]
            got = (outcome.rank[i, col], outcome.chosen[i, col], outcome.group_full[i, col], outcome.unit_full[i, col])
            assert got == (want["rank"], want["chosen"], want["group_full"], want["unit_full"]), (
                r["nominee_code"],
                col,
            )


def test_many_samples_are_sorted_in_blocks_each_column_as_the_oracle_ranks_it():
    """150 sample columns (the kernel sorts a block of columns at a time): every column against the oracle.

    Eight nominees of two groups and three units, scores drawn from few levels so that ties are common;
    cap 3, at most 2 of a group, at most 1 of a unit.
    """
    rows = [
        candidate(code, 0.0, unit_group=group, unit_code=unit)
        for code, group, unit in zip(
            "ABCDEFGH",
            ["ubnd_xa", "ubnd_xa", "so_ban_nganh", "ubnd_xa", "so_ban_nganh", "ubnd_xa", "so_ban_nganh", "ubnd_xa"],
            ["X", "Y", "Z", "X", "Y", "Z", "X", "Y"],
            strict=True,
        )
    ]
    cands = frame(*rows)
    caps = {"cap": 3, "group_caps": {"ubnd_xa": 2, "so_ban_nganh": 2}, "unit_cap": 1}
    rng = np.random.default_rng(7)
    scores = rng.choice([40.0, 55.5, 70.0, 88.25], size=(len(cands), 150))
    _assert_every_column_as_the_oracle(cands, scores, caps)
