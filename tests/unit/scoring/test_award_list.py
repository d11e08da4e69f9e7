"""The award list end to end (lib.awards.build_award_list over lib.scoring.scores, SPEC §4).

Small in-memory registries, indicator rows, products, nominations and
register dates go through ``score_units`` and ``build_award_list`` with the
2023 params (or a changed copy). Commune scores are computed by hand: a
commune at 100 % on every applicable criterion scores 100; each criterion it
misses costs weight / 86 of the score.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.contract.params import Params
from lib.contract.tables import AWARD_LIST, NOMINEE_COLUMNS
from lib.scoring import gates as el
from lib.scoring import selection as sel
from lib.scoring.award_list import build_award_list, collective_nominees, individual_nominees
from lib.scoring.scores import score_units

LEVEL_OF_GROUP = {
    "so_ban_nganh": "tinh",
    "mttq_doan_the": "tinh",
    "ubnd_huyen": "huyen",
    "ubnd_xa": "xa",
    "doanh_nghiep": None,
    "to_chuc_khac": None,
}
ON_TIME = dt.date(2023, 12, 8)
COLLECTIVE_COLUMNS = [
    "unit_code",
    "has_proposal",
    "has_achievement_report",
    "has_council_minutes",
    "has_movement_plan",
    "has_results_report",
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
    "leads_declared",
    "annual_rating",
    "products_led",
    "initiative_name",
    "initiative_level",
    "training_courses",
    "achievement_summary",
    "has_proposal",
    "has_achievement_report",
    "has_council_minutes",
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


# ---------------------------------------------------------------- builders


def unit_scores(
    params: Params,
    units: dict[str, str],
    rates: dict[str, dict[str, tuple | None]] | None = None,
    n_products: dict[str, int] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(products, scores) for ``units`` (code -> group), every unit submitted.

    Every applicable rate criterion is 10/10 unless ``rates[unit][code]`` gives
    (numerator, denominator) or None (no value: missing). One product per unit
    unless ``n_products`` says otherwise.
    """
    rates = rates or {}
    n_products = n_products or {}
    registry = pd.DataFrame(
        [
            {
                "unit_code": code,
                "unit_name": f"Đơn vị {code}",
                "unit_group": group,
                "admin_level": LEVEL_OF_GROUP[group],
                "parent_code": None,
            }
            for code, group in units.items()
        ]
    )
    rows = []
    for code, group in units.items():
        for crit in params.criteria:
            if crit.measure != "rate" or group not in crit.applies_to:
                continue
            pair = rates.get(code, {}).get(crit.code, (10.0, 10.0))
            if pair is not None:
                num, den = float(pair[0]), float(pair[1])
                rows.append(
                    {
                        "unit_code": code,
                        "criterion_code": crit.code,
                        "numerator": num,
                        "denominator": den,
                        "rate": num / den if den else np.nan,
                    }
                )
    indicators = pd.DataFrame(rows, columns=["unit_code", "criterion_code", "numerator", "denominator", "rate"])
    products = pd.DataFrame(
        [
            {"unit_code": code, "product_name": f"Sản phẩm {code}-{i}", "lead_person_code": None}
            for code in units
            for i in range(n_products.get(code, 1))
        ],
        columns=["unit_code", "product_name", "lead_person_code"],
    )
    submissions = pd.DataFrame({"unit_code": list(units), "status": "accepted"})
    _, scores = score_units(registry, submissions, indicators, products, params)
    return products, scores


def collective(unit_code: str, **overrides: Any) -> dict[str, Any]:
    """A collective nomination with a complete dossier sent on time."""
    row = {
        "unit_code": unit_code,
        "has_proposal": True,
        "has_achievement_report": True,
        "has_council_minutes": True,
        "has_movement_plan": True,
        "has_results_report": True,
        "dossier_sent_on": ON_TIME,
        "disciplined": False,
        "under_investigation": False,
        "achievement_summary": None,
    }
    row.update(overrides)
    return row


def person(person_code: str, unit_code: str, **overrides: Any) -> dict[str, Any]:
    """An individual nomination that passes every gate: 1 product led, co_so initiative, tot (45 points)."""
    row = {
        "unit_code": unit_code,
        "person_code": person_code,
        "full_name": f"Người {person_code}",
        "position": "Chuyên viên",
        "is_leader": False,
        "annual_rating": "tot",
        "products_led": 1.0,
        "initiative_name": "Số hóa sổ hộ tịch",
        "initiative_level": "co_so",
        "training_courses": 0.0,
        "achievement_summary": None,
        "has_proposal": True,
        "has_achievement_report": True,
        "has_council_minutes": True,
        "dossier_sent_on": ON_TIME,
        "disciplined": False,
        "under_investigation": False,
        "id_number": "058090001234",
        "phone": "0912 345 678",
        "email": "a@ninhthuan.gov.vn",
        "same_person_as": None,
        "leads_declared": None,
    }
    row.update(overrides)
    # What ingest reads from sheet SanPham: by default the unit listed the products the person declares.
    row.setdefault("products_listed", row["products_led"])
    return row


def awards(
    params: Params,
    products: pd.DataFrame,
    scores: pd.DataFrame,
    collectives: list[dict] = (),
    people: list[dict] = (),
    register: dict[str, dt.date] | None = None,
) -> pd.DataFrame:
    """build_award_list over the given nominations."""
    rows = [{"source_row": 5 + i, **p} for i, p in enumerate(people)]
    tables = {
        "collective_nominations": pd.DataFrame(list(collectives), columns=COLLECTIVE_COLUMNS),
        "individual_nominations": pd.DataFrame(rows, columns=INDIVIDUAL_COLUMNS),
        "products": products,
    }
    return build_award_list(tables, scores, register or {}, params)


def row_of(award_list: pd.DataFrame, code: str) -> pd.Series:
    """The award-list row of one nominee: a collective by its unit code, a person by the code the test gave."""
    row = award_list[_who(award_list) == code]
    assert len(row) == 1, code
    return row.iloc[0]


def statuses(award_list: pd.DataFrame) -> dict[str, str]:
    """unit code (collective) or submitted person code (individual) -> status."""
    return dict(zip(_who(award_list), award_list["status"], strict=True))


def _who(award_list: pd.DataFrame) -> pd.Series:
    """The code a test names a nominee by (the public code of a person is derived, see below)."""
    return award_list["person_code"].where(award_list["person_code"].notna(), award_list["nominee_code"])


# ---------------------------------------------------------------- collectives


def test_missing_applicable_value_bars_the_unit_from_awards(params):
    products, scores = unit_scores(params, {"X1": "ubnd_xa", "X2": "ubnd_xa"}, rates={"X1": {"TC05": None}})
    result = awards(params, products, scores, [collective("X1"), collective("X2")])
    x1 = row_of(result, "X1")
    assert x1["score"] == pytest.approx(100 * 76 / 86)  # above the minimum 70: only the data gate fails
    assert x1["status"] == sel.EXCLUDED
    assert pd.isna(x1["rank"])
    assert x1["reasons"] == "Số liệu tiêu chí chưa đầy đủ hoặc bị loại (1 tiêu chí thiếu)"
    assert row_of(result, "X2")["status"] == sel.RECOMMENDED


DISTRICT_RATES = [f"TC{i:02d}" for i in range(1, 13) if i != 10]
ZERO = (0.0, 0.0)


def test_district_typing_0_over_0_everywhere_is_not_recommended(params):
    # The loophole of the issue: 0/0 on every rate criterion, one product. TC01, TC05, TC09 are missing (params:
    # scoring.zero_not_plausible), so counted 12 + 10 + 8 + 6 = 36, attained 6: score 100 × 6 / 36 = 16,7;
    # measured 6 of 100 weight points (6,0 %), under the minimum 60,0 %.
    products, scores = unit_scores(params, {"H1": "ubnd_huyen"}, rates={"H1": dict.fromkeys(DISTRICT_RATES, ZERO)})
    h1 = row_of(awards(params, products, scores, [collective("H1")]), "H1")
    assert h1["score"] == pytest.approx(100 * 6 / 36)
    assert h1["status"] == sel.EXCLUDED
    assert h1["reasons"] == (
        "Số liệu tiêu chí chưa đầy đủ hoặc bị loại (3 tiêu chí thiếu); "
        "Không đủ dữ liệu đo lường: tiêu chí có số liệu chỉ chiếm 6,0% tổng trọng số các tiêu chí áp dụng cho "
        "đơn vị, dưới mức tối thiểu 60,0%; "
        "Điểm 16,7 thấp hơn mức tối thiểu 70,0"
    )


def _district_measuring(extra: list[str]) -> dict[str, tuple]:
    """A district's rates: 0/0 (plausible, not arising) everywhere but TC01, TC05, TC09 and ``extra`` (10/10)."""
    measured = {"TC01", "TC05", "TC09", *extra}
    return {code: ZERO for code in DISTRICT_RATES if code not in measured}


def test_unit_with_half_its_weight_measured_is_barred_although_its_score_is_100(params):
    # Measured: TC01 12 + TC04 14 + TC05 10 + TC09 8 + TC10 6 = 50 of 100 (0,5 < 0,6); every counted criterion
    # is at 100 %, so the score is 100 and the data are complete: only the coverage gate fails.
    products, scores = unit_scores(params, {"H1": "ubnd_huyen"}, rates={"H1": _district_measuring(["TC04"])})
    h1 = row_of(awards(params, products, scores, [collective("H1")]), "H1")
    assert h1["score"] == 100.0
    assert h1["status"] == sel.EXCLUDED
    assert h1["reasons"] == (
        "Không đủ dữ liệu đo lường: tiêu chí có số liệu chỉ chiếm 50,0% tổng trọng số các tiêu chí áp dụng cho "
        "đơn vị, dưới mức tối thiểu 60,0%"
    )


def test_unit_exactly_at_the_minimum_measured_share_is_recommended(params):
    # Measured: 12 + 10 (TC02) + 14 + 10 + 8 + 6 = 60 of 100: exactly 0,6, the minimum is inclusive.
    products, scores = unit_scores(params, {"H1": "ubnd_huyen"}, rates={"H1": _district_measuring(["TC02", "TC04"])})
    assert scores.set_index("unit_code").loc["H1", "measured_share"] == 0.6
    assert row_of(awards(params, products, scores, [collective("H1")]), "H1")["status"] == sel.RECOMMENDED


def test_unit_head_is_barred_by_the_measured_share_of_the_unit_but_staff_are_not(params):
    products, scores = unit_scores(params, {"H1": "ubnd_huyen"}, rates={"H1": _district_measuring(["TC04"])})
    result = awards(
        params,
        products,
        scores,
        people=[
            person("L1", "H1", is_leader=True, position="Chủ tịch", products_led=0.0, initiative_level="khong"),
            person("S1", "H1"),
        ],
    )
    assert row_of(result, "L1")["status"] == sel.EXCLUDED
    assert row_of(result, "L1")["reasons"] == (
        "Người đứng đầu: tập thể đơn vị (điểm 100,0) chưa đạt điều kiện kết quả: không đủ dữ liệu đo lường"
    )
    assert row_of(result, "S1")["status"] == sel.RECOMMENDED


def test_dossier_received_15_december_is_late_while_14_december_is_on_time(params):
    products, scores = unit_scores(params, {"X1": "ubnd_xa", "X2": "ubnd_xa"})
    result = awards(
        params,
        products,
        scores,
        [
            collective("X1", dossier_sent_on=dt.date(2023, 12, 14)),
            collective("X2", dossier_sent_on=dt.date(2023, 12, 15)),
        ],
    )
    assert row_of(result, "X1")["status"] == sel.RECOMMENDED
    x2 = row_of(result, "X2")
    assert x2["status"] == sel.EXCLUDED
    assert (
        x2["reasons"]
        == "Hồ sơ nhận ngày 15/12/2023 (theo ngày gửi đơn vị khai; sổ tiếp nhận không có hồ sơ của đơn vị), "
        "sau hạn 14/12/2023"
    )


def test_register_date_overrides_the_declared_date(params):
    products, scores = unit_scores(params, {"X1": "ubnd_xa", "X2": "ubnd_xa"})
    result = awards(
        params,
        products,
        scores,
        [
            collective("X1", dossier_sent_on=dt.date(2023, 12, 10)),
            collective("X2", dossier_sent_on=dt.date(2023, 12, 16)),
        ],
        [
            person("P1", "X1", dossier_sent_on=dt.date(2023, 12, 1)),
            person("P2", "X2", dossier_sent_on=dt.date(2023, 12, 16)),
        ],
        register={"X1": dt.date(2023, 12, 15), "X2": dt.date(2023, 12, 14)},
    )
    late = "Hồ sơ nhận ngày 15/12/2023 (theo sổ tiếp nhận), sau hạn 14/12/2023"
    assert row_of(result, "X1")["status"] == sel.EXCLUDED
    assert row_of(result, "X1")["reasons"] == late
    assert row_of(result, "X2")["status"] == sel.RECOMMENDED
    assert row_of(result, "P1")["reasons"] == late
    assert row_of(result, "P2")["status"] == sel.RECOMMENDED


def test_moving_the_deadline_in_params_changes_who_is_on_time(params):
    products, scores = unit_scores(params, {"X1": "ubnd_xa"})
    nominations = [collective("X1", dossier_sent_on=dt.date(2023, 12, 15))]
    assert row_of(awards(params, products, scores, nominations), "X1")["status"] == sel.EXCLUDED
    params = params.with_changes({"award.deadline": dt.date(2023, 12, 15)})
    assert row_of(awards(params, products, scores, nominations), "X1")["status"] == sel.RECOMMENDED


def test_collective_without_a_dx_product_disciplined_or_below_minimum_is_excluded_with_every_reason(params):
    products, scores = unit_scores(
        params,
        {"X1": "ubnd_xa", "X2": "ubnd_xa"},
        rates={"X2": {"TC01": (0, 10), "TC02": (0, 10), "TC03": (0, 10)}},  # 100 × 54 / 86 = 62.8
        n_products={"X1": 0},
    )
    result = awards(params, products, scores, [collective("X1", disciplined=True), collective("X2")])
    assert row_of(result, "X1")["reasons"] == (
        "Không có sản phẩm chuyển đổi số hoàn thành trong năm (cần ít nhất 1); Bị kỷ luật trong năm"
    )
    assert row_of(result, "X2")["score"] == pytest.approx(100 * 54 / 86)
    assert row_of(result, "X2")["reasons"] == "Điểm 62,8 thấp hơn mức tối thiểu 70,0"


def test_recommended_collective_is_justified_by_its_own_data_not_its_declared_summary(params):
    # One commune alone in its group: 10/10 everywhere, so score 100, rank 1/1, the 10 criteria of ubnd_xa met;
    # no lead and nothing notable with a single unit. The register has no row for it: the declared date counts.
    products, scores = unit_scores(params, {"X1": "ubnd_xa"}, n_products={"X1": 2})
    result = awards(params, products, scores, [collective("X1", achievement_summary="Hồ sơ trực tuyến 68%")])
    x1 = row_of(result, "X1")
    assert x1["kind"] == "tap_the"
    assert x1["rank"] == 1
    assert x1["reasons"] == (
        "Điểm đánh giá 100,0/100, xếp thứ 1/1 khối UBND xã, phường, thị trấn; đạt chỉ tiêu 10/10 tiêu chí áp dụng; "
        "2 sản phẩm chuyển đổi số đưa vào sử dụng năm 2023: «Sản phẩm X1-0», «Sản phẩm X1-1»; "
        "đúng hạn theo ngày gửi đơn vị khai (sổ tiếp nhận không có hồ sơ của đơn vị)"
    )


def test_achievements_name_where_the_collective_leads_and_the_targets_few_units_met(params):
    # Three communes. X1: 10/10 everywhere, 2 products. X2: TC01 9/10, TC04 4/10 (target 50 % at commune level:
    # 0,8 attained). X3: TC01 9/10, TC05 9/10 (target 95 %). Scores: X1 100; X3 100 - 100 × (12 × 0,1 +
    # 10 × (1 - 0,9 / 0,95)) / 86 = 97,99; X2 100 - 100 × (1,2 + 14 × 0,2) / 86 = 95,35.
    # X1 alone has the highest TC01 (100 %) and TC10 (2 products): its leads. TC04 is met by X1 and X3 (2/3),
    # TC05 by X1 and X2 (2/3): the notable targets; every other target is met by all three.
    units = {"X1": "ubnd_xa", "X2": "ubnd_xa", "X3": "ubnd_xa"}
    rates = {"X2": {"TC01": (9, 10), "TC04": (4, 10)}, "X3": {"TC01": (9, 10), "TC05": (9, 10)}}
    products, scores = unit_scores(params, units, rates=rates, n_products={"X1": 2})
    register = {"X1": dt.date(2023, 12, 8)}
    result = awards(params, products, scores, [collective("X1")], register=register)
    assert row_of(result, "X1")["reasons"] == (
        "Điểm đánh giá 100,0/100, xếp thứ 1/3 khối UBND xã, phường, thị trấn; "
        "dẫn đầu khối về «Văn bản điện tử được ký số» (100,0%), «Sản phẩm chuyển đổi số hoàn thành trong năm» (2); "
        "đạt chỉ tiêu 10/10 tiêu chí áp dụng, nổi bật (số đơn vị của khối đạt): "
        "«Hồ sơ thủ tục hành chính tiếp nhận, xử lý trực tuyến» (2/3), "
        "«Báo cáo định kỳ, thống kê qua Hệ thống báo cáo điện tử của tỉnh» (2/3); "
        "2 sản phẩm chuyển đổi số đưa vào sử dụng năm 2023: «Sản phẩm X1-0», «Sản phẩm X1-1»; "
        "hồ sơ đề nghị nhận ngày 08/12/2023, đúng hạn"
    )


def test_reserves_are_numbered_after_the_recommended_and_the_excluded_after_the_last_rank(params):
    # Six communes, caps 5 collectives: ranks 1-5 recommended, 6 the reserve; a seventh commune misses TC05 (no
    # value): excluded, numbered 7 (after the last rank), not 1.
    codes = [f"X{i}" for i in range(1, 8)]
    rates = {f"X{i}": {"TC01": (10 - i, 10)} for i in range(1, 7)}
    rates["X7"] = {"TC05": None}
    products, scores = unit_scores(params, dict.fromkeys(codes, "ubnd_xa"), rates=rates)
    result = awards(params, products, scores, [collective(c) for c in codes])
    numbers = {code: (row_of(result, code)["status"], row_of(result, code)["list_number"]) for code in codes}
    assert numbers == {
        **{f"X{i}": (sel.RECOMMENDED, i) for i in range(1, 6)},
        "X6": (sel.RESERVE, 6),
        "X7": (sel.EXCLUDED, 7),
    }


def six_communes(params: Params) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Communes A..F, TC01 at 10/10 .. 5/10: scores 100, 98.6, 97.2, 95.8, 94.4, 93.0."""
    units = {c: "ubnd_xa" for c in "ABCDEF"}
    return unit_scores(params, units, rates={c: {"TC01": (10 - i, 10)} for i, c in enumerate("ABCDEF")})


def test_at_most_five_collectives_are_recommended_and_the_next_is_reserve(params):
    products, scores = six_communes(params)
    result = awards(params, products, scores, [collective(c) for c in "FEDCBA"])
    assert statuses(result) == {c: sel.RECOMMENDED for c in "ABCDE"} | {"F": sel.RESERVE}
    assert list(result["nominee_code"]) == list("ABCDEF")
    assert list(result["rank"]) == [1, 2, 3, 4, 5, 6]
    assert row_of(result, "F")["score"] == pytest.approx(100 * (86 - 6) / 86)


def test_lowering_the_collective_cap_to_two_moves_the_third_to_fifth_to_reserve(params):
    products, scores = six_communes(params)
    params = params.with_changes({"caps.collectives": 2})
    result = awards(params, products, scores, [collective(c) for c in "ABCDEF"])
    assert statuses(result) == {
        "A": sel.RECOMMENDED,
        "B": sel.RECOMMENDED,
        "C": sel.RESERVE,
        "D": sel.RESERVE,
        "E": sel.RESERVE,
        "F": sel.BEYOND,
    }
    assert (result["status"] == sel.RECOMMENDED).sum() == 2
    assert row_of(result, "F")["reasons"] == "Đủ điều kiện; ngoài số lượng đề nghị và dự bị"


def test_per_group_cap_in_params_limits_communes(params):
    units = {"A": "ubnd_xa", "B": "ubnd_xa", "C": "ubnd_xa", "H": "ubnd_huyen"}
    products, scores = unit_scores(params, units, rates={"H": {"TC08": (1, 2)}})  # H: 100 - 6·0.5 = 97
    params = params.with_changes({"caps.collectives_per_group": {"ubnd_xa": 1}})
    result = awards(params, products, scores, [collective(c) for c in units])
    assert row_of(result, "H")["score"] == pytest.approx(97.0)
    assert statuses(result) == {"A": sel.RECOMMENDED, "H": sel.RECOMMENDED, "B": sel.RESERVE, "C": sel.RESERVE}


# ---------------------------------------------------------------- individuals


def test_disciplined_person_is_excluded_with_that_reason(params):
    products, scores = unit_scores(params, {"X1": "ubnd_xa"})
    result = awards(params, products, scores, people=[person("P1", "X1"), person("P2", "X1", disciplined=True)])
    assert row_of(result, "P1")["status"] == sel.RECOMMENDED
    p2 = row_of(result, "P2")
    assert p2["status"] == sel.EXCLUDED
    assert p2["reasons"] == "Bị kỷ luật trong năm"


def test_person_rated_hoan_thanh_fails_the_rating_gate(params):
    products, scores = unit_scores(params, {"X1": "ubnd_xa"})
    result = awards(params, products, scores, people=[person("P1", "X1", annual_rating="hoan_thanh")])
    p1 = row_of(result, "P1")
    assert p1["score"] == 40.0  # 20 (product) + 20 (co_so) + 0: the score gate (40) passes
    assert p1["status"] == sel.EXCLUDED
    assert p1["reasons"] == "Xếp loại năm hoàn thành nhiệm vụ, chưa đạt mức «hoàn thành tốt nhiệm vụ»"


def test_person_without_a_concrete_dx_achievement_is_excluded(params):
    products, scores = unit_scores(params, {"X1": "ubnd_xa"})
    nominee = person("P1", "X1", products_led=0.0, initiative_level="khong", training_courses=10.0)
    result = awards(params, products, scores, people=[nominee])
    p1 = row_of(result, "P1")
    assert p1["score"] == 15.0  # 10 (training, capped) + 5 (tot)
    assert p1["reasons"] == (
        "Chưa có thành tích chuyển đổi số cụ thể (sản phẩm chủ trì, sáng kiến được công nhận); "
        "Điểm 15,0 thấp hơn mức tối thiểu 40,0"
    )


def test_unit_head_takes_the_collective_score_and_is_excluded_when_the_collective_is_recommended(params):
    products, scores = unit_scores(params, {"X1": "ubnd_xa", "X2": "ubnd_xa"}, rates={"X2": {"TC01": (5, 10)}})
    result = awards(
        params,
        products,
        scores,
        [collective("X1")],  # X2 does not nominate itself
        [
            person("L1", "X1", is_leader=True, products_led=0.0, initiative_level="khong"),
            person("L2", "X2", is_leader=True, products_led=0.0, initiative_level="khong"),
        ],
    )
    assert row_of(result, "X1")["status"] == sel.RECOMMENDED
    l1 = row_of(result, "L1")
    # On the staff scale (params individual_rubric): 1 product of the unit 20 + collective score 100 (≥ 90) 40
    # + training 0 + rating tốt 5 = 65.
    assert l1["score"] == 65.0
    assert l1["status"] == sel.EXCLUDED
    assert l1["reasons"] == (
        "Thành tích trùng với tập thể đơn vị đã được đề nghị khen thưởng (không khen hai lần một thành tích)"
    )
    l2 = row_of(result, "L2")
    # X2 scores 100 × 80/86 = 93,0 (≥ 90: 40 points): 20 + 40 + 0 + 5 = 65, as its head L1's 65 at X1's 100.
    assert l2["score"] == 65.0
    assert l2["status"] == sel.RECOMMENDED
    assert l2["reasons"] == (
        "Điểm thành tích 65,0/100; người đứng đầu đơn vị, xét theo thành tích tập thể: điểm tập thể 93,0/100, "
        "1 sản phẩm chuyển đổi số của đơn vị: «Sản phẩm X2-0»; xếp loại năm 2023: hoàn thành tốt nhiệm vụ; "
        "đúng hạn theo ngày gửi đơn vị khai (sổ tiếp nhận không có hồ sơ của đơn vị)"
    )


def test_unit_head_of_a_collective_only_in_reserve_stays_eligible(params):
    products, scores = six_communes(params)
    params = params.with_changes({"caps.collectives": 1})
    result = awards(
        params,
        products,
        scores,
        [collective("A"), collective("B")],
        [person("LA", "A", is_leader=True), person("LB", "B", is_leader=True)],
    )
    assert statuses(result)["B"] == sel.RESERVE
    assert row_of(result, "LA")["status"] == sel.EXCLUDED
    assert row_of(result, "LB")["status"] == sel.RECOMMENDED


def test_equal_scores_put_the_direct_worker_before_the_leader(params):
    products, scores = unit_scores(params, {"X1": "ubnd_xa", "X2": "ubnd_xa"})
    # One scale: the head of X1 earns 20 (its 1 product) + 40 (X1 scores 100) + 10 + 10 = 80; the worker
    # 20 (1 product led) + 40 (national initiative) + 10 + 10 = 80. The code order alone would favour the head.
    nominees = [
        person("A-LEAD", "X1", is_leader=True, training_courses=2.0, annual_rating="xuat_sac"),
        person("Z-WORK", "X2", initiative_level="toan_quoc", training_courses=2.0, annual_rating="xuat_sac"),
    ]
    params = params.with_changes({"caps.individuals": 1})
    result = awards(params, products, scores, people=nominees)
    assert row_of(result, "Z-WORK")["score"] == row_of(result, "A-LEAD")["score"] == 80.0
    assert statuses(result) == {"Z-WORK": sel.RECOMMENDED, "A-LEAD": sel.RESERVE}


@pytest.mark.parametrize(
    ("position", "declared", "leads"),
    [
        ("Phó Trưởng phòng Văn hóa - Thông tin", None, True),
        ("PHÓ CHỦ TỊCH UBND xã", None, True),
        ("Chuyên viên Văn phòng", None, False),  # "Văn phòng" alone is no title
        ("Công chức Địa chính", None, False),
        ("Chuyên viên", True, True),  # the row's «Giữ chức vụ lãnh đạo, quản lý» overrides the position
        ("Trưởng phòng", False, False),
    ],
)
def test_a_leader_is_anyone_in_a_leading_position_and_ranks_after_a_direct_worker(params, position, declared, leads):
    """SPEC §4: "leader" is a params list of positions, not only the unit head; at equal score the worker first."""
    products, scores = unit_scores(params, {"X1": "ubnd_xa", "X2": "ubnd_xa"})
    nominees = [
        person("A-1", "X1", position=position, leads_declared=declared),
        person("Z-9", "X2", position="Chuyên viên"),  # same 45 points, later code
    ]
    result = awards(params.with_changes({"caps.individuals": 1}), products, scores, people=nominees)
    assert bool(row_of(result, "A-1")["is_leader"]) is leads
    expected = {"Z-9": sel.RECOMMENDED, "A-1": sel.RESERVE} if leads else {"A-1": sel.RECOMMENDED, "Z-9": sel.RESERVE}
    assert statuses(result) == expected


def test_at_most_seven_individuals_and_two_per_unit_by_default(params):
    products, scores = unit_scores(params, {f"X{i}": "ubnd_xa" for i in range(5)})
    people = [person(f"P{u}{k}", f"X{u}", training_courses=float(k)) for u in range(5) for k in range(3)]
    result = awards(params, products, scores, people=people)
    chosen = result[result["status"] == sel.RECOMMENDED]
    assert len(chosen) == 7
    assert max(Counter(chosen["unit_code"]).values()) == 2
    # scores: k = 2 -> 55, k = 1 -> 50, k = 0 -> 45; the 5 best (k = 2) then the 2 best codes with k = 1
    assert set(chosen["person_code"]) == {"P02", "P12", "P22", "P32", "P42", "P01", "P11"}
    assert list(result.loc[result["status"] == sel.RESERVE, "person_code"]) == ["P21", "P31", "P41"]


def test_award_list_has_no_personal_data_and_lists_collectives_before_individuals(params):
    products, scores = unit_scores(params, {"X1": "ubnd_xa"})
    result = awards(params, products, scores, [collective("X1")], [person("P1", "X1", disciplined=True)])
    assert list(result.columns) == list(NOMINEE_COLUMNS)
    assert not {"id_number", "phone", "email"} & set(result.columns)
    text = result.astype(str).to_string()
    assert "058090001234" not in text
    assert "0912 345 678" not in text
    assert list(result["kind"]) == ["tap_the", "ca_nhan"]


def test_the_public_code_of_a_person_is_derived_never_the_code_the_unit_typed(params):
    """A citizen ID typed as person code, a blank and a repeated code: each row gets unit code + its order."""
    products, scores = unit_scores(params, {"22903": "ubnd_xa", "22906": "ubnd_xa"})
    people = [
        person("058090001234", "22903", full_name="Trần Thị An"),
        person(None, "22906", full_name="Lê Văn Bình"),
        person("CN-01", "22903", full_name="Phạm Thị Cúc"),
        person("CN-01", "22903", full_name="Đặng Văn Dũng"),
        person("CN-01", "22906", full_name="Võ Thị Em"),
    ]
    result = awards(params, products, scores, people=people)
    assert result.set_index("nominee_name")["nominee_code"].to_dict() == {
        "Trần Thị An": "22903-CN01",
        "Phạm Thị Cúc": "22903-CN02",
        "Đặng Văn Dũng": "22903-CN03",
        "Lê Văn Bình": "22906-CN01",
        "Võ Thị Em": "22906-CN02",
    }
    published = [c for c in AWARD_LIST.names() if c in result.columns]  # the robustness columns come later
    assert "person_code" not in AWARD_LIST.names()
    assert "058090001234" not in result[published].astype(str).to_csv()
    again = awards(params, products, scores, people=people)
    assert again["nominee_code"].tolist() == result["nominee_code"].tolist()


def test_no_nominations_gives_an_empty_award_list(params):
    products, scores = unit_scores(params, {"X1": "ubnd_xa"})
    result = awards(params, products, scores)
    assert result.empty
    assert list(result.columns) == list(NOMINEE_COLUMNS)


# ---------------------------------------------------------------- properties

GROUPS = list(LEVEL_OF_GROUP)


@st.composite
def scenarios(draw):
    """Units, their data, nominations, register dates and caps; drawn small."""
    n_units = draw(st.integers(2, 7))
    units = {f"U{i}": draw(st.sampled_from(GROUPS)) for i in range(n_units)}
    rates = {}
    for code in units:
        num = draw(st.sampled_from([10, 9, 8, 6, 3]))
        missing = draw(st.sampled_from([None, None, None, None, "TC09", "TC12"]))
        rates[code] = {c: (num, 10) for c in ("TC01", "TC06", "TC11")}
        if missing:
            rates[code][missing] = None
    n_products = {code: draw(st.sampled_from([1, 2, 0, 3])) for code in units}
    days = st.dates(dt.date(2023, 12, 11), dt.date(2023, 12, 15))  # 14/12 is the last day on time
    collectives = [
        collective(
            code,
            has_movement_plan=draw(st.sampled_from([True, True, True, False])),
            dossier_sent_on=draw(days),
            disciplined=draw(st.sampled_from([False, False, False, True])),
        )
        for code in units
        if draw(st.booleans()) or draw(st.booleans())
    ]
    people = []
    for i in range(draw(st.integers(0, 9))):
        people.append(
            person(
                f"P{i:02d}",
                draw(st.sampled_from(list(units))),
                is_leader=draw(st.integers(0, 3)) == 0,
                annual_rating=draw(st.sampled_from(["xuat_sac", "tot", "tot", "hoan_thanh"])),
                products_led=float(draw(st.integers(0, 2))),
                initiative_level=draw(st.sampled_from(["khong", "co_so", "tinh", "toan_quoc"])),
                training_courses=float(draw(st.integers(0, 2))),
                dossier_sent_on=draw(days),
                under_investigation=draw(st.integers(0, 6)) == 0,
            )
        )
    register = {code: draw(days) for code in units if draw(st.integers(0, 2)) == 0}
    caps = {
        "collectives": draw(st.sampled_from([2, 5, 1, 0, 3])),
        "individuals": draw(st.sampled_from([3, 7, 1, 0, 2])),
        "collectives_per_group": draw(st.dictionaries(st.sampled_from(GROUPS), st.integers(0, 2), max_size=2)),
        "individuals_per_group": draw(st.dictionaries(st.sampled_from(GROUPS), st.integers(0, 2), max_size=2)),
        "individuals_per_unit": draw(st.sampled_from([2, 1, 0])),
    }
    reserves = {"collectives": draw(st.integers(0, 2)), "individuals": draw(st.integers(0, 2))}
    return units, rates, n_products, collectives, people, register, caps, reserves


def _with_caps(params: Params, caps: dict[str, Any], reserves: dict[str, int]) -> Params:
    return params.with_changes({"caps": caps, "reserves": reserves})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios(), seed=st.integers(0, 2**32 - 1))
def test_property_shuffling_input_rows_never_changes_the_award_list(params_2023, scenario, seed):
    units, rates, n_products, collectives, people, register, caps, reserves = scenario
    params = _with_caps(params_2023, caps, reserves)
    products, scores = unit_scores(params, units, rates, n_products)
    result = awards(params, products, scores, collectives, people, register)

    rng = np.random.default_rng(seed)
    shuffled = [scores, products, pd.DataFrame(collectives, columns=COLLECTIVE_COLUMNS)]
    # Each nomination keeps the workbook row it came from (the public person code follows that row).
    rows = [{"source_row": 5 + i, **p} for i, p in enumerate(people)]
    shuffled.append(pd.DataFrame(rows, columns=INDIVIDUAL_COLUMNS))
    scores2, products2, coll2, people2 = (f.sample(frac=1, random_state=rng).reset_index(drop=True) for f in shuffled)
    register2 = dict(sorted(register.items(), key=lambda kv: rng.random()))
    tables = {"collective_nominations": coll2, "individual_nominations": people2, "products": products2}
    again = build_award_list(tables, scores2, register2, params)
    pd.testing.assert_frame_equal(result, again)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios())
def test_property_award_list_respects_caps_gates_and_merit_order(params_2023, scenario):
    units, rates, n_products, collectives, people, register, caps, reserves = scenario
    params = _with_caps(params_2023, caps, reserves)
    products, scores = unit_scores(params, units, rates, n_products)
    result = awards(params, products, scores, collectives, people, register)
    assert len(result) == len(collectives) + len(people)

    # every excluded nominee says why; nobody else is excluded
    excluded = result[result["status"] == sel.EXCLUDED]
    assert (excluded["reasons"].str.len() > 0).all()
    assert excluded["rank"].isna().all()

    # recomputing every gate: recommended ⊆ eligible, and exactly the eligible are ranked
    coll_frame = pd.DataFrame(collectives, columns=COLLECTIVE_COLUMNS)
    coll = collective_nominees(coll_frame, scores, products, register)
    coll_gates = el.collective_gates(coll, params)
    coll_ok = dict(
        zip(coll["nominee_code"], pd.concat([g.passed for g in coll_gates], axis=1).all(axis=1), strict=True)
    )
    recommended_units = set(
        result.loc[(result["kind"] == "tap_the") & (result["status"] == sel.RECOMMENDED), "unit_code"]
    )
    ppl_frame = pd.DataFrame(people, columns=INDIVIDUAL_COLUMNS)
    ppl = individual_nominees(ppl_frame, scores, products, register, params)
    ppl_gates = [*el.individual_gates(ppl, params), el.not_same_achievement(ppl, recommended_units)]
    ppl_ok = dict(zip(ppl["nominee_code"], pd.concat([g.passed for g in ppl_gates], axis=1).all(axis=1), strict=True))

    for kind, passes, cap_key in (("tap_the", coll_ok, "collectives"), ("ca_nhan", ppl_ok, "individuals")):
        part = result[result["kind"] == kind]
        for code, status in zip(part["nominee_code"], part["status"], strict=True):
            assert (status != sel.EXCLUDED) == bool(passes[code]), code
        chosen = part[part["status"] == sel.RECOMMENDED]
        assert all(passes[c] for c in chosen["nominee_code"])
        # caps: total, per group, per unit (individuals)
        assert len(chosen) <= caps[cap_key]
        for group, n in Counter(chosen["unit_group"]).items():
            assert n <= caps[f"{cap_key}_per_group"].get(group, float("inf"))
        if kind == "ca_nhan":
            assert max(Counter(chosen["unit_code"]).values(), default=0) <= caps["individuals_per_unit"]
        assert (part["status"] == sel.RESERVE).sum() <= reserves[cap_key]
        # ranks of the eligible: 1..n in non-increasing score order
        eligible = part[part["status"] != sel.EXCLUDED].sort_values("rank")
        assert list(eligible["rank"]) == list(range(1, len(eligible) + 1))
        assert eligible["score"].is_monotonic_decreasing


def test_a_nominee_missing_from_the_award_list_stops_the_run():
    from lib.scoring.award_list import NomineeAccountingError, check_nominees_listed

    submissions = pd.DataFrame(
        {"unit_code": ["X1", "X2", "X3"], "status": ["accepted", "accepted", "superseded"], "nominees_read": [2, 1, 0]}
    )
    listed = pd.DataFrame({"unit_code": ["X1", "X1", "X2"]})
    check_nominees_listed(listed, submissions)
    with pytest.raises(NomineeAccountingError, match="X1: 2 đọc, 1 trong danh sách"):
        check_nominees_listed(listed.iloc[1:], submissions)
