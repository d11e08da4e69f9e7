"""The eligibility gates against an oracle written from SPEC §4, params and the README, not from the code.

The reference below (``reference_*``) is written from SPEC §4 ("Awards"), the
README section "Nominees: every one listed, judged by the published rules" and
the values of params/2023.yaml (eligibility, award.deadline,
deadline_inclusive, individual_rubric, caps). It imports nothing from
``lib.scoring``: only the params are read through ``lib.contract.params``.
``build_award_list`` is the code under test; the comparison is who is
"khong_du_dieu_kien" (not eligible) and who is not, and that every nomination
row is listed exactly once. Caps decide only one thing here: which collectives
are recommended, on which the rule "no second award for the same achievement"
(a unit head of a recommended collective is excluded) depends; the reference
selects them itself (score descending, commune level first, unit code).

The rules, as the reference reads them:

- collective: the five documents present (True; a blank is absent); received on
  or before the deadline, the date being the register's wherever the register
  has the unit (a register row without a date is not on time) and the declared
  date only where it has none; at least ``min_products`` products of the unit;
  not disciplined and not under investigation (False; a blank is not "Không");
  data complete; measured share at least the minimum; score at least the
  collective minimum, unrounded.
- individual: person code and full name present; not a repeat of an earlier row
  (by source row) of the same (unit code, person code); not the same person as a
  nomination of another unit; leadership known; the three documents; on time as
  above; not disciplined, not under investigation; annual rating at least
  ``min_rating``; a concrete achievement (staff: a product led, counted as the
  lower of the declared and the listed number, or a recognised initiative); a
  unit head is eligible only if the collective he or she leads passes the
  result gates (data complete, measured share, collective minimum, a product);
  score at least the individual minimum (staff: the rubric of params; a unit
  head: the same scale, the unit's products and the collective's score step in
  place of products led and initiative); a unit head of a recommended
  collective is excluded.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from lib.contract.params import Params
from lib.scoring.award_list import build_award_list

EXCLUDED = "khong_du_dieu_kien"
RECOMMENDED = "de_nghi"
RESERVE = "du_bi"
COLLECTIVE = "tap_the"
INDIVIDUAL = "ca_nhan"
# Best first (params: eligibility.individual.min_rating names a code of this list).
RATING_ORDER = ("xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh")
COLLECTIVE_DOCUMENTS = (
    "has_proposal",
    "has_achievement_report",
    "has_council_minutes",
    "has_movement_plan",
    "has_results_report",
)
INDIVIDUAL_DOCUMENTS = ("has_proposal", "has_achievement_report", "has_council_minutes")
LEVEL_OF_GROUP = {
    "so_ban_nganh": "tinh",
    "mttq_doan_the": "tinh",
    "ubnd_huyen": "huyen",
    "ubnd_xa": "xa",
    "doanh_nghiep": None,
    "to_chuc_khac": None,
}
SCORE_COLUMNS = [
    "unit_code",
    "unit_name",
    "unit_group",
    "admin_level",
    "score",
    "data_complete",
    "n_missing",
    "measured_share",
]
PRODUCT_COLUMNS = ["unit_code", "product_name", "in_use_on", "lead_person_code", "evidence_ref"]
COLLECTIVE_COLUMNS = [
    "unit_code",
    *COLLECTIVE_DOCUMENTS,
    "dossier_sent_on",
    "disciplined",
    "under_investigation",
    "achievement_summary",
]
INDIVIDUAL_COLUMNS = [
    "unit_code",
    "person_code",
    "full_name",
    "position",
    "is_leader",
    "annual_rating",
    "products_led",
    "initiative_name",
    "initiative_level",
    "training_courses",
    "achievement_summary",
    *INDIVIDUAL_DOCUMENTS,
    "dossier_sent_on",
    "disciplined",
    "under_investigation",
    "id_number",
    "phone",
    "email",
    "source_row",
    "same_person_as",
    "products_listed",
]
COUNT_COLUMNS = ("products_led", "training_courses", "products_listed")
ON_TIME = dt.date(2023, 12, 8)


# ---------------------------------------------------------------- the reference (nothing from lib.scoring)


def reference_on_time(unit_code: str, declared: dt.date | None, register: dict[str, Any], params: Params) -> bool:
    """Received by the deadline: the register's date where the register has the unit, else the declared one."""
    received = register.get(unit_code, declared)  # a register row without a date stays None: not on time
    if received is None:
        return False
    deadline = params.award.deadline
    return received <= deadline if params.award.deadline_inclusive else received < deadline


def reference_collective_eligible(
    nomination: dict[str, Any], unit: dict[str, Any], n_products: int, register: dict[str, Any], params: Params
) -> bool:
    """SPEC §4, collective: complete dossier on time, a product, no discipline, data complete, enough data, score."""
    elig = params.eligibility
    return (
        all(nomination[doc] is True for doc in COLLECTIVE_DOCUMENTS)
        and reference_on_time(nomination["unit_code"], nomination["dossier_sent_on"], register, params)
        and n_products >= elig.collective.min_products
        and nomination["disciplined"] is False
        and nomination["under_investigation"] is False
        and unit["data_complete"] is True
        and unit["measured_share"] >= elig.min_measured_share
        and unit["score"] >= elig.collective.min_score
    )


def reference_recommended_collectives(eligible: list[dict[str, Any]], params: Params) -> set[str]:
    """The eligible collectives within the cap: score descending, commune level first, then unit code."""
    assert not params.caps.collectives_per_group, "the reference knows only the overall cap"
    ranked = sorted(eligible, key=lambda u: (-u["score"], u["admin_level"] != "xa", u["unit_code"]))
    return {u["unit_code"] for u in ranked[: params.caps.collectives]}


def reference_credited_products(declared: float | None, listed: float | None) -> float:
    """Products led as scored: the lower of declared and listed; the listed number where none is declared."""
    listed = 0.0 if listed is None else float(listed)
    return listed if declared is None else min(float(declared), listed)


def reference_staff_score(person: dict[str, Any], params: Params) -> float:
    """The achievement rubric of params; a missing part scores 0."""
    rubric = params.individual_rubric
    credited = reference_credited_products(person["products_led"], person["products_listed"])
    points = min(credited * rubric.products_led.points_each, rubric.products_led.max)
    level = person["initiative_level"]
    points += rubric.initiative_level[level] if level is not None else 0.0
    training = person["training_courses"] or 0.0
    points += min(training * rubric.training_courses.points_each, rubric.training_courses.max)
    rating = person["annual_rating"]
    points += rubric.annual_rating[rating] if rating is not None else 0.0
    return points


def reference_head_score(person: dict[str, Any], unit: dict[str, Any], n_products: int, params: Params) -> float:
    """A unit head on the staff scale: the unit's products for products led, the collective's score step for the
    initiative (params individual_rubric.unit_head), the head's own training and rating."""
    rubric = params.individual_rubric
    points = min(n_products * rubric.products_led.points_each, rubric.products_led.max)
    steps = [s.points for s in rubric.unit_head.collective_score_points if unit["score"] >= s.min]
    points += max(steps) if steps else 0.0
    training = person["training_courses"] or 0.0
    points += min(training * rubric.training_courses.points_each, rubric.training_courses.max)
    rating = person["annual_rating"]
    points += rubric.annual_rating[rating] if rating is not None else 0.0
    return points


def reference_rating_passes(rating: str | None, params: Params) -> bool:
    """Annual rating at least the minimum of params, in the order xuat_sac > tot > hoan_thanh > khong_hoan_thanh."""
    if rating is None:
        return False
    return RATING_ORDER.index(rating) <= RATING_ORDER.index(params.eligibility.individual.min_rating)


def reference_individual_eligible(
    person: dict[str, Any],
    repeated: bool,
    unit: dict[str, Any],
    n_products: int,
    register: dict[str, Any],
    recommended_units: set[str],
    params: Params,
) -> bool:
    """SPEC §4 and README "Nominees", individual."""
    elig = params.eligibility
    leader = person["is_leader"]
    if person["person_code"] is None or person["full_name"] is None or repeated:
        return False
    if person["same_person_as"] is not None or leader not in (True, False):
        return False
    if not all(person[doc] is True for doc in INDIVIDUAL_DOCUMENTS):
        return False
    if not reference_on_time(person["unit_code"], person["dossier_sent_on"], register, params):
        return False
    if person["disciplined"] is not False or person["under_investigation"] is not False:
        return False
    if not reference_rating_passes(person["annual_rating"], params):
        return False
    if leader:
        # Judged on the collective he or she leads (SPEC §4): eligible only if that collective passes the result
        # gates (data complete, measured share, the collective minimum score, a product), scored on the staff scale
        # from the collective's result, and no second award for the achievement of a recommended collective.
        return (
            unit["data_complete"]
            and unit["measured_share"] >= elig.min_measured_share
            and unit["score"] >= elig.collective.min_score
            and n_products >= elig.collective.min_products
            and reference_head_score(person, unit, n_products, params) >= elig.individual.min_score
            and person["unit_code"] not in recommended_units
        )
    credited = reference_credited_products(person["products_led"], person["products_listed"])
    initiative = person["initiative_level"] is not None and person["initiative_level"] != "khong"
    return (credited > 0 or initiative) and reference_staff_score(person, params) >= elig.individual.min_score


def reference_repeats(people: list[dict[str, Any]]) -> list[bool]:
    """Per row: its (unit code, person code) was already used by an earlier row (by source row) of the unit."""
    seen: set[tuple[str, str]] = set()
    repeated: dict[int, bool] = {}
    for person in sorted(people, key=lambda p: p["source_row"]):
        key = (person["unit_code"], person["person_code"])
        repeated[person["source_row"]] = person["person_code"] is not None and key in seen
        if person["person_code"] is not None:
            seen.add(key)
    return [repeated[p["source_row"]] for p in people]


def reference_ineligible(
    units: list[dict[str, Any]],
    products: list[dict[str, Any]],
    collectives: list[dict[str, Any]],
    people: list[dict[str, Any]],
    register: dict[str, Any],
    params: Params,
) -> tuple[set[tuple[str, str]], set[str]]:
    """(keys of the nominees not eligible, units whose collective is recommended).

    A collective's key is (tap_the, unit code); a person's (ca_nhan, row tag).
    """
    by_code = {u["unit_code"]: u for u in units}
    n_products = Counter(p["unit_code"] for p in products)
    out: set[tuple[str, str]] = set()
    eligible = []
    for nom in collectives:
        unit = by_code[nom["unit_code"]]
        if reference_collective_eligible(nom, unit, n_products[nom["unit_code"]], register, params):
            eligible.append(unit)
        else:
            out.add((COLLECTIVE, nom["unit_code"]))
    recommended = reference_recommended_collectives(eligible, params)
    for person, repeated in zip(people, reference_repeats(people), strict=True):
        unit = by_code[person["unit_code"]]
        if not reference_individual_eligible(
            person, repeated, unit, n_products[person["unit_code"]], register, recommended, params
        ):
            out.add((INDIVIDUAL, person["position"]))
    return out, recommended


# ---------------------------------------------------------------- builders (plain frames, as ingest hands them on)


def unit(code: str, group: str = "ubnd_xa", score: float = 100.0, **overrides: Any) -> dict[str, Any]:
    """One row of the scores table: complete data, everything measured, unless overridden."""
    row = {
        "unit_code": code,
        "unit_name": f"Đơn vị {code}",
        "unit_group": group,
        "admin_level": LEVEL_OF_GROUP[group],
        "score": score,
        "data_complete": True,
        "n_missing": 0,
        "measured_share": 1.0,
    }
    row.update(overrides)
    return row


def product(unit_code: str, i: int, lead: str | None = None) -> dict[str, Any]:
    """One product of sheet SanPham."""
    return {
        "unit_code": unit_code,
        "product_name": f"Sản phẩm {unit_code}-{i}",
        "in_use_on": dt.date(2023, 6, 15),
        "lead_person_code": lead,
        "evidence_ref": None,
    }


def collective(unit_code: str, **overrides: Any) -> dict[str, Any]:
    """A collective nomination with a complete dossier declared sent on time."""
    row = {
        "unit_code": unit_code,
        **dict.fromkeys(COLLECTIVE_DOCUMENTS, True),
        "dossier_sent_on": ON_TIME,
        "disciplined": False,
        "under_investigation": False,
        "achievement_summary": None,
    }
    row.update(overrides)
    return row


def person(tag: str, unit_code: str, **overrides: Any) -> dict[str, Any]:
    """A staff nomination passing every gate: 1 product led and listed, co_so initiative, tot (45 points).

    The person code is ``tag`` unless overridden; ``tag`` also goes into ``position`` (published as is), so
    that every output row names its input row.
    """
    row = {
        "unit_code": unit_code,
        "person_code": tag,
        "full_name": f"Người {tag}",
        "position": tag,
        "is_leader": False,
        "annual_rating": "tot",
        "products_led": 1.0,
        "initiative_name": "Số hóa sổ hộ tịch",
        "initiative_level": "co_so",
        "training_courses": 0.0,
        "achievement_summary": None,
        **dict.fromkeys(INDIVIDUAL_DOCUMENTS, True),
        "dossier_sent_on": ON_TIME,
        "disciplined": False,
        "under_investigation": False,
        "id_number": None,
        "phone": None,
        "email": None,
        "source_row": None,
        "same_person_as": None,
        "products_listed": 1.0,
    }
    row.update(overrides)
    return row


def numbered(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Source rows 5, 6, ... where a row has none."""
    return [{**p, "source_row": 5 + i if p["source_row"] is None else p["source_row"]} for i, p in enumerate(people)]


def judge(
    params: Params,
    units: list[dict[str, Any]],
    products: list[dict[str, Any]],
    collectives: list[dict[str, Any]] = (),
    people: list[dict[str, Any]] = (),
    register: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """build_award_list (the code under test) over frames typed as the processed tables are read back.

    As ``lib.publish.processed.read_table`` hands them on: text, flags and dates are object columns with
    None for a blank (never NaN), counts are floats (a blank is NaN), source rows are ints.
    """
    individuals = pd.DataFrame(list(people), columns=INDIVIDUAL_COLUMNS, dtype=object)
    individuals = individuals.astype({**{c: float for c in COUNT_COLUMNS}, "source_row": int})
    tables = {
        "collective_nominations": pd.DataFrame(list(collectives), columns=COLLECTIVE_COLUMNS, dtype=object),
        "individual_nominations": individuals,
        "products": pd.DataFrame(list(products), columns=PRODUCT_COLUMNS, dtype=object),
    }
    scores = pd.DataFrame(list(units), columns=SCORE_COLUMNS, dtype=object)
    scores = scores.astype({"score": float, "measured_share": float, "n_missing": int, "data_complete": bool})
    return build_award_list(tables, scores, dict(register or {}), params)


def keyed_statuses(result: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(kind, unit code of a collective or row tag of a person) -> status; every key listed once."""
    keys = [
        (kind, code if kind == COLLECTIVE else tag)
        for kind, code, tag in zip(result["kind"], result["nominee_code"], result["position"], strict=True)
    ]
    assert len(keys) == len(set(keys)), Counter(keys).most_common(3)
    return dict(zip(keys, result["status"], strict=True))


# ---------------------------------------------------------------- hand-worked examples (one rule each)


def test_the_oracle_reads_the_2023_params_as_the_hand_worked_examples_assume(params):
    # The literal expectations below are worked out with these values.
    assert params.award.deadline == dt.date(2023, 12, 14)
    assert params.award.deadline_inclusive is True
    assert params.eligibility.collective.min_score == 70
    assert params.eligibility.collective.min_products == 1
    assert params.eligibility.individual.min_score == 40
    assert params.eligibility.individual.min_rating == "tot"
    assert params.eligibility.min_measured_share == 0.6
    assert params.caps.collectives == 5
    assert params.caps.individuals == 7
    assert params.caps.individuals_per_unit == 2
    assert dict(params.individual_rubric.initiative_level) == {"khong": 0, "co_so": 20, "tinh": 35, "toan_quoc": 40}
    assert dict(params.individual_rubric.annual_rating) == {
        "xuat_sac": 10,
        "tot": 5,
        "hoan_thanh": 0,
        "khong_hoan_thanh": 0,
    }


def test_hand_collective_dossier_needs_all_five_documents_present(params):
    units = [unit(c) for c in ("X1", "X2", "X3")]
    products = [product(c, 1) for c in ("X1", "X2", "X3")]
    result = judge(
        params,
        units,
        products,
        [collective("X1"), collective("X2", has_results_report=None), collective("X3", has_movement_plan=False)],
    )
    assert keyed_statuses(result) == {
        (COLLECTIVE, "X1"): RECOMMENDED,
        (COLLECTIVE, "X2"): EXCLUDED,  # a blank document is an absent one
        (COLLECTIVE, "X3"): EXCLUDED,
    }


def test_hand_deadline_is_the_registers_date_where_it_has_the_unit(params):
    codes = ("X1", "X2", "X3", "X4", "X5", "X6")
    units = [unit(c) for c in codes]
    products = [product(c, 1) for c in codes]
    collectives = [
        collective("X1", dossier_sent_on=dt.date(2023, 12, 20)),  # register 14/12: on time (inclusive)
        collective("X2", dossier_sent_on=dt.date(2023, 12, 1)),  # register 15/12: late, whatever was declared
        collective("X3", dossier_sent_on=dt.date(2023, 12, 1)),  # register row without a date: not on time
        collective("X4", dossier_sent_on=dt.date(2023, 12, 14)),  # not in the register: declared 14/12, on time
        collective("X5", dossier_sent_on=dt.date(2023, 12, 15)),  # not in the register: declared 15/12, late
        collective("X6", dossier_sent_on=None),  # no date at all
    ]
    register = {"X1": dt.date(2023, 12, 14), "X2": dt.date(2023, 12, 15), "X3": None}
    result = judge(params, units, products, collectives, register=register)
    assert keyed_statuses(result) == {
        (COLLECTIVE, "X1"): RECOMMENDED,
        (COLLECTIVE, "X2"): EXCLUDED,
        (COLLECTIVE, "X3"): EXCLUDED,
        (COLLECTIVE, "X4"): RECOMMENDED,
        (COLLECTIVE, "X5"): EXCLUDED,
        (COLLECTIVE, "X6"): EXCLUDED,
    }


def test_hand_collective_discipline_unknown_is_not_no_discipline(params):
    codes = ("X1", "X2", "X3", "X4")
    result = judge(
        params,
        [unit(c) for c in codes],
        [product(c, 1) for c in codes],
        [
            collective("X1"),
            collective("X2", disciplined=None),
            collective("X3", under_investigation=None),
            collective("X4", under_investigation=True),
        ],
    )
    assert keyed_statuses(result) == {
        (COLLECTIVE, "X1"): RECOMMENDED,
        (COLLECTIVE, "X2"): EXCLUDED,
        (COLLECTIVE, "X3"): EXCLUDED,
        (COLLECTIVE, "X4"): EXCLUDED,
    }


def test_hand_collective_result_gates_products_data_measured_share_and_unrounded_score(params):
    units = [
        unit("X1", score=70.0, measured_share=0.6),  # both exactly at the minimum: eligible
        unit("X2", score=69.96),  # shown as 70,0 but below 70
        unit("X3", score=95.0, data_complete=False, n_missing=1),
        unit("X4", score=95.0, measured_share=0.599),
        unit("X5", score=95.0),  # no product
    ]
    products = [product(c, 1) for c in ("X1", "X2", "X3", "X4")]
    result = judge(params, units, products, [collective(u["unit_code"]) for u in units])
    assert keyed_statuses(result) == {
        (COLLECTIVE, "X1"): RECOMMENDED,
        (COLLECTIVE, "X2"): EXCLUDED,
        (COLLECTIVE, "X3"): EXCLUDED,
        (COLLECTIVE, "X4"): EXCLUDED,
        (COLLECTIVE, "X5"): EXCLUDED,
    }


def test_hand_person_identity_codes_names_repeats_and_same_person(params):
    units = [unit("X1"), unit("X2"), unit("X3")]
    products = [product(c, 1) for c in ("X1", "X2", "X3")]
    people = [
        person("A", "X1", person_code=None),  # no code
        person("B", "X1", full_name=None),  # no name
        person("C", "X2", person_code="01", source_row=9),  # repeats row 6 of X2: excluded
        person("D", "X2", person_code="01", source_row=6),  # the first "01" of X2
        person("E", "X3", person_code="01", source_row=7),  # "01" of another unit is another person
        person("F", "X3", same_person_as="X1"),  # judged in X1's nomination instead
    ]
    result = judge(params, units, products, people=numbered(people))
    assert keyed_statuses(result) == {
        (INDIVIDUAL, "A"): EXCLUDED,
        (INDIVIDUAL, "B"): EXCLUDED,
        (INDIVIDUAL, "C"): EXCLUDED,
        (INDIVIDUAL, "D"): RECOMMENDED,
        (INDIVIDUAL, "E"): RECOMMENDED,
        (INDIVIDUAL, "F"): EXCLUDED,
    }


def test_hand_person_rating_leadership_documents_date_and_discipline(params):
    units = [unit(f"X{i}") for i in range(1, 6)]
    products = [product(u["unit_code"], 1) for u in units]
    people = [
        person("A", "X1", annual_rating="xuat_sac"),  # 20 + 20 + 10 = 50
        person("B", "X1", annual_rating="hoan_thanh", initiative_level="tinh"),  # 55 points, rating too low
        person("C", "X2", annual_rating=None),
        person("D", "X2", is_leader=None),  # leadership unknown: neither rule can judge
        person("E", "X3", has_council_minutes=None),
        person("F", "X3", dossier_sent_on=dt.date(2024, 1, 5)),  # after the period: late
        person("G", "X4", disciplined=None),
        person("H", "X4", under_investigation=True),
        person("I", "X5", dossier_sent_on=dt.date(2023, 12, 30)),  # late on its own date, on time by the register
    ]
    result = judge(params, units, products, people=numbered(people), register={"X5": dt.date(2023, 12, 12)})
    assert keyed_statuses(result) == {
        (INDIVIDUAL, "A"): RECOMMENDED,
        (INDIVIDUAL, "B"): EXCLUDED,
        (INDIVIDUAL, "C"): EXCLUDED,
        (INDIVIDUAL, "D"): EXCLUDED,
        (INDIVIDUAL, "E"): EXCLUDED,
        (INDIVIDUAL, "F"): EXCLUDED,
        (INDIVIDUAL, "G"): EXCLUDED,
        (INDIVIDUAL, "H"): EXCLUDED,
        (INDIVIDUAL, "I"): RECOMMENDED,
    }


def test_hand_staff_achievement_and_rubric_with_products_credited(params):
    units = [unit(f"X{i}") for i in range(1, 5)]
    products = [product(u["unit_code"], 1) for u in units]
    people = [
        # declared 2, listed 0: credited 0, no initiative: no concrete achievement (score 0 + 0 + 10 + 5 = 15)
        person("A", "X1", products_led=2.0, products_listed=0.0, initiative_level="khong", training_courses=2.0),
        # declared blank, listed 2: credited 2 -> 40, + tot 5 = 45
        person("B", "X1", products_led=None, products_listed=2.0, initiative_level="khong"),
        # declared 3, listed 1: credited 1 -> 20, co_so 20, tot 5 = 45
        person("C", "X2", products_led=3.0, products_listed=1.0),
        # credited 1 -> 20, no initiative, training 3 -> 10 (cap), tot 5 = 35 < 40
        person("D", "X2", initiative_level="khong", training_courses=3.0),
        # no product, tinh initiative 35, tot 5 = 40: exactly the minimum
        person("E", "X3", products_led=0.0, products_listed=0.0, initiative_level="tinh"),
        # no product, initiative level blank: training 2 -> 10, tot 5 = 15, and no concrete achievement
        person("F", "X3", products_led=0.0, products_listed=0.0, initiative_level=None, training_courses=2.0),
        # a shared product (half listed): 0.5 -> 10, co_so 20, xuat_sac 10 = 40
        person("G", "X4", products_led=1.0, products_listed=0.5, annual_rating="xuat_sac"),
        # 0.5 -> 10, co_so 20, tot 5 = 35 < 40
        person("H", "X4", products_led=1.0, products_listed=0.5),
    ]
    result = judge(params, units, products, people=numbered(people))
    assert keyed_statuses(result) == {
        (INDIVIDUAL, "A"): EXCLUDED,
        (INDIVIDUAL, "B"): RECOMMENDED,
        (INDIVIDUAL, "C"): RECOMMENDED,
        (INDIVIDUAL, "D"): EXCLUDED,
        (INDIVIDUAL, "E"): RECOMMENDED,
        (INDIVIDUAL, "F"): EXCLUDED,
        (INDIVIDUAL, "G"): RECOMMENDED,
        (INDIVIDUAL, "H"): EXCLUDED,
    }
    scores = dict(zip(result["position"], result["score"], strict=True))
    assert scores == pytest.approx({"A": 15, "B": 45, "C": 45, "D": 35, "E": 40, "F": 15, "G": 40, "H": 35})


def test_hand_unit_head_is_judged_on_the_unit(params):
    units = [
        unit("X1", score=45.0),  # above the individual minimum 40, below the collective 70: the collective fails
        unit("X2", score=39.9),
        unit("X3", score=90.0, measured_share=0.5),
        unit("X4", score=90.0),  # no product
        unit("X5", score=90.0),  # its collective is recommended
        unit("X6", score=90.0),  # its collective is nominated but not eligible (late)
    ]
    products = [product(c, 1) for c in ("X1", "X2", "X3", "X5", "X6")]
    head = {"is_leader": True, "products_led": 0.0, "products_listed": 0.0, "initiative_level": "khong"}
    people = [{**person(f"L{i}", f"X{i}"), **head} for i in range(1, 7)]
    collectives = [collective("X5"), collective("X6", dossier_sent_on=dt.date(2023, 12, 15))]
    result = judge(params, units, products, collectives, numbered(people))
    assert keyed_statuses(result) == {
        (COLLECTIVE, "X5"): RECOMMENDED,
        (COLLECTIVE, "X6"): EXCLUDED,
        (INDIVIDUAL, "L1"): EXCLUDED,
        (INDIVIDUAL, "L2"): EXCLUDED,
        (INDIVIDUAL, "L3"): EXCLUDED,
        (INDIVIDUAL, "L4"): EXCLUDED,
        (INDIVIDUAL, "L5"): EXCLUDED,  # no second award for the collective's achievement
        (INDIVIDUAL, "L6"): RECOMMENDED,
    }


def test_hand_staff_need_a_concrete_achievement_even_when_the_points_suffice(params):
    # With the 2023 minimum (40) no staff member without a product or an initiative reaches the score gate
    # (at most 10 for training + 10 for the rating), so the achievement gate shows only with a lower minimum.
    params = params.with_changes({"eligibility.individual.min_score": 15})
    units = [unit("X1"), unit("X2")]
    products = [product(c, 1) for c in ("X1", "X2")]
    nothing = {"products_led": 0.0, "products_listed": 0.0, "training_courses": 2.0, "annual_rating": "xuat_sac"}
    people = [
        person("A", "X1", **nothing, initiative_level="khong"),  # 20 points, no achievement
        person("B", "X1", **nothing, initiative_level=None),  # 20 points, no achievement
        person("C", "X2", **{**nothing, "products_led": 2.0}, initiative_level="khong"),  # 2 declared, 0 listed
        person("D", "X2", **nothing, initiative_level="co_so"),  # a recognised initiative: 40 points
    ]
    result = judge(params, units, products, people=numbered(people))
    assert keyed_statuses(result) == {
        (INDIVIDUAL, "A"): EXCLUDED,
        (INDIVIDUAL, "B"): EXCLUDED,
        (INDIVIDUAL, "C"): EXCLUDED,
        (INDIVIDUAL, "D"): RECOMMENDED,
    }


def test_hand_head_of_the_collective_beyond_the_cap_stays_eligible_commune_first_at_equal_score(params):
    # Six eligible collectives, cap 5: A..D at 95, then H (district) and X (commune) both at 90. At equal score
    # the commune goes first, so X is the fifth recommended and H the reserve; H's head keeps his chance.
    units = [
        unit("A", score=95.0),
        unit("B", score=95.0),
        unit("C", score=95.0),
        unit("D", score=95.0),
        unit("H", group="ubnd_huyen", score=90.0),
        unit("X", score=90.0),
    ]
    products = [product(u["unit_code"], 1) for u in units]
    head = {"is_leader": True, "products_led": 0.0, "products_listed": 0.0, "initiative_level": "khong"}
    people = [{**person("LH", "H"), **head}, {**person("LX", "X"), **head}]
    result = judge(params, units, products, [collective(u["unit_code"]) for u in units], numbered(people))
    assert keyed_statuses(result) == {
        **{(COLLECTIVE, c): RECOMMENDED for c in "ABCDX"},
        (COLLECTIVE, "H"): RESERVE,
        (INDIVIDUAL, "LH"): RECOMMENDED,
        (INDIVIDUAL, "LX"): EXCLUDED,
    }


# ---------------------------------------------------------------- property: the code agrees with the oracle

DEADLINE = dt.date(2023, 12, 14)
IN_TIME = [dt.date(2023, 11, 20), dt.date(2023, 12, 1), DEADLINE - dt.timedelta(days=1), DEADLINE]
LATE = [DEADLINE + dt.timedelta(days=1), dt.date(2023, 12, 31), dt.date(2024, 1, 5), None]  # 5/1/2024: after the period
GOOD_SCORES = [100.0, 92.5, 85.0, 70.0001, 70.0]
LOW_SCORES = [69.96, 55.0, 40.0, 39.99, 0.0]  # 40 and 55 still carry a unit head
GOOD_SHARES = [1.0, 0.8, 0.6]
LOW_SHARES = [0.599, 0.3, 0.0]
PERSON_CODES = ["01", "02", "03", "04"]


def flawed(draw, rate: int, good: Any, bad: list[Any]) -> Any:
    """``good``, or one of ``bad`` with a chance of ``rate`` %."""
    return draw(st.sampled_from(bad)) if draw(st.integers(0, 99)) < rate else good


def a_date(draw, rate: int) -> dt.date | None:
    return draw(st.sampled_from(LATE if draw(st.integers(0, 99)) < rate else IN_TIME))


@st.composite
def scenarios(draw):
    """Units with scores, products, nominations, a register: drawn small, around every boundary.

    Each unit and nomination draws how flawed it is (0 to 50 % per field), so that scenarios mix clean
    nominees, nominees failing one gate and nominees failing many. A quarter of the scenarios have 6 to 8
    clean units, each nominating itself (with a product, no late register date), so that more collectives are
    eligible than the cap takes and the rule on unit heads of recommended collectives meets the cap.
    """
    clean = draw(st.integers(0, 3)) == 0
    rates = st.sampled_from([0, 0, 5, 15, 30, 50])
    unit_rates = st.just(0) if clean else rates
    units = []
    for i in range(draw(st.integers(6, 8) if clean else st.integers(2, 8))):
        rate = draw(unit_rates)
        complete = flawed(draw, rate, True, [False])
        units.append(
            unit(
                f"U{i}",
                draw(st.sampled_from(list(LEVEL_OF_GROUP))),
                score=draw(st.sampled_from(LOW_SCORES if draw(st.integers(0, 99)) < rate else GOOD_SCORES)),
                data_complete=complete,
                n_missing=0 if complete else draw(st.integers(1, 3)),
                measured_share=draw(st.sampled_from(LOW_SHARES if draw(st.integers(0, 99)) < rate else GOOD_SHARES)),
            )
        )
    codes = [u["unit_code"] for u in units]
    n_products = st.sampled_from([1, 2, 3] if clean else [0, 1, 1, 2, 3])
    products = [product(c, k) for c in codes for k in range(draw(n_products))]
    collectives = []
    for c in codes:
        if not clean and draw(st.integers(0, 3)) == 0:
            continue
        rate = draw(unit_rates)
        collectives.append(
            collective(
                c,
                **{doc: flawed(draw, rate, True, [False, None]) for doc in COLLECTIVE_DOCUMENTS},
                dossier_sent_on=a_date(draw, rate),
                disciplined=flawed(draw, rate, False, [True, None]),
                under_investigation=flawed(draw, rate, False, [True, None]),
            )
        )
    n_people = draw(st.integers(0, 12))
    source_rows = draw(st.permutations(list(range(5, 5 + n_people))))  # rows not in the frame's order
    people = []
    people_rates = st.sampled_from([0, 0, 5, 15]) if clean else rates
    for i in range(n_people):
        rate = draw(people_rates)
        people.append(
            person(
                f"T{i:02d}",
                draw(st.sampled_from(codes)),
                person_code=flawed(draw, rate, draw(st.sampled_from(PERSON_CODES)), [None]),
                full_name=flawed(draw, rate, f"Người {i}", [None]),
                is_leader=flawed(draw, rate, draw(st.sampled_from([False, False, True])), [None]),
                annual_rating=flawed(
                    draw, rate, draw(st.sampled_from(["xuat_sac", "tot"])), ["hoan_thanh", "khong_hoan_thanh", None]
                ),
                products_led=draw(st.sampled_from([0.0, 1.0, 2.0, 3.0, None])),
                products_listed=draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0])),
                initiative_level=draw(st.sampled_from(["khong", "co_so", "tinh", "toan_quoc", None])),
                training_courses=draw(st.sampled_from([0.0, 1.0, 2.0, 3.0, None])),
                **{doc: flawed(draw, rate, True, [False, None]) for doc in INDIVIDUAL_DOCUMENTS},
                dossier_sent_on=a_date(draw, rate),
                disciplined=flawed(draw, rate, False, [True, None]),
                under_investigation=flawed(draw, rate, False, [True, None]),
                same_person_as=flawed(draw, rate // 2, None, codes),
                source_row=source_rows[i],
            )
        )
    register = {}
    for c in codes:
        choice = draw(st.integers(0, 1 if clean else 4))
        if choice == 1:
            register[c] = draw(st.sampled_from(IN_TIME))
        elif choice == 2:
            register[c] = draw(st.sampled_from(LATE))  # None included: a register row without a date
    return units, products, collectives, people, register


# Mostly the 2023 params; sometimes a lower individual minimum (the achievement gate then decides: with 40 no
# staff member without a product or an initiative reaches the points) or an exclusive deadline.
PARAM_VARIANTS = [
    {},
    {},
    {},
    {"eligibility.individual.min_score": 15},
    {"award.deadline_inclusive": False},
]


def _bucket(n: int) -> str:
    return str(n) if n <= 5 else "more than 5"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios(), variant=st.sampled_from(PARAM_VARIANTS))
def test_property_excluded_nominees_are_exactly_the_ones_the_oracle_finds_ineligible(params, scenario, variant):
    units, products, collectives, people, register = scenario
    params = params.with_changes(variant) if variant else params
    result = judge(params, units, products, collectives, people, register)

    # every nomination row is listed exactly once, with its kind
    assert len(result) == len(collectives) + len(people)
    listed = keyed_statuses(result)
    expected_keys = {(COLLECTIVE, c["unit_code"]) for c in collectives} | {(INDIVIDUAL, p["position"]) for p in people}
    assert set(listed) == expected_keys
    assert set(result["kind"]) <= {COLLECTIVE, INDIVIDUAL}

    ineligible, recommended = reference_ineligible(units, products, collectives, people, register, params)
    excluded = {key for key, status in listed.items() if status == EXCLUDED}
    wrongly_excluded = excluded - ineligible
    wrongly_admitted = ineligible - excluded
    assert not wrongly_excluded and not wrongly_admitted, (wrongly_excluded, wrongly_admitted)
    # the collectives the head rule leaned on are the ones the code recommends
    chosen = (result["kind"] == COLLECTIVE) & (result["status"] == RECOMMENDED)
    assert set(result.loc[chosen, "unit_code"]) == recommended

    # what the scenarios covered (pytest --hypothesis-show-statistics)
    n_eligible_c = len(collectives) - sum(kind == COLLECTIVE for kind, _ in ineligible)
    n_eligible_i = len(people) - sum(kind == INDIVIDUAL for kind, _ in ineligible)
    event(f"params changed: {sorted(variant) or 'none'}")
    event(f"eligible collectives: {_bucket(n_eligible_c)}")
    event(f"eligible individuals: {_bucket(n_eligible_i)}")
    if any(p["is_leader"] is True and (INDIVIDUAL, p["position"]) not in ineligible for p in people):
        event("an eligible unit head")
    # with no collective recommended, which nominees would be eligible: the difference is the head rule's
    without, _ = reference_ineligible(units, products, [], people, register, params)
    if any(kind == INDIVIDUAL for kind, _ in (ineligible - without)):
        event("a unit head excluded only for the recommended collective")
    beyond_cap = {c["unit_code"] for c in collectives if (COLLECTIVE, c["unit_code"]) not in ineligible} - recommended
    if any(
        p["is_leader"] is True and p["unit_code"] in beyond_cap and (INDIVIDUAL, p["position"]) not in ineligible
        for p in people
    ):
        event("an eligible unit head of an eligible collective beyond the cap")
    if any(reference_repeats(people)):
        event("a person code repeated in a unit")
