"""No second award for one achievement: the award history against hand-built nominees (lib.scoring.award_history).

The history rows and nominees are written here; every expected exclusion and
every shown award is read off them by hand with params 2023
(``award_history.movement_names`` «Phong trào thi đua Chuyển đổi số»,
``product_rule`` all, year 2023).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lib.contract.params import Params
from lib.scoring.award_history import with_history
from lib.scoring.gates import not_rewarded_before

MOVEMENT = "Phong trào thi đua Chuyển đổi số"
FORM = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"


def _award(kind: str, unit: str, year: int, period: str, **extra) -> dict:
    row = {
        "kind": kind,
        "unit_code": unit,
        "full_name": None,
        "position": None,
        "award_year": year,
        "award_form": FORM,
        "status": "da_quyet_dinh",
        "decision_number": f"{year - 1870}/QĐ-UBND",
        "decision_date": dt.date(year, 12, 20),
        "movement": MOVEMENT,
        "period": period,
        "products": None,
        "achievement": "Thành tích xuất sắc",
        "note": None,
        "person_code": None,
        "file": "award_history.csv",
        "source_row": 2,
    }
    row.update(extra)
    return row


def _collectives() -> pd.DataFrame:
    return pd.DataFrame({"unit_code": ["22888", "22906", "S-VHTTDL"], "is_head": [False, False, False]})


def _people() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_code": ["22837", "22840"],
            "person_code": ["CN-22837-02", "CN-22840-01"],
            "full_name": ["Võ Minh Thủy", "Dương Thị Thu Mai"],
            "is_head": [False, False],
        }
    )


PRODUCTS = {
    "22888": [("Sổ tay đảng viên điện tử - Xã An Hải", [])],
    "22906": [("Họp không giấy - Xã Phước Minh", []), ("Sổ tay đảng viên điện tử - Xã Phước Minh", [])],
    "22837": [("Họp không giấy - Xã Phước Chiến", ["CN-22837-02"])],
}


def test_same_movement_and_period_excludes_citing_the_decision(params_2023: Params) -> None:
    # 22906 was rewarded in 2023 itself for the movement "... năm 2023" (the year suffix is ignored).
    history = pd.DataFrame(
        [_award("tap_the", "22906", 2023, "2023", movement=f"{MOVEMENT} năm 2023", decision_number="88/QĐ-UBND")]
    )
    judged = with_history(_collectives(), "tap_the", history, PRODUCTS, params_2023)
    gate = not_rewarded_before(judged)
    assert gate.code == "chua_khen_thanh_tich"
    assert gate.passed.tolist() == [True, False, True]
    assert gate.reason[1] == (
        "Thành tích đã được khen thưởng tại Quyết định số 88/QĐ-UBND ngày 20/12/2023 (Bằng khen của Chủ tịch "
        f"Ủy ban nhân dân tỉnh, năm 2023: {MOVEMENT} năm 2023, 2023)"
    )
    assert judged["prior_awards"][1] == (
        "2023: Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (Quyết định số 88/QĐ-UBND ngày 20/12/2023)"
    )


def test_a_period_holding_the_year_is_the_same_achievement(params_2023: Params) -> None:
    history = pd.DataFrame([_award("tap_the", "22888", 2023, "2021-2023")])
    gate = not_rewarded_before(with_history(_collectives(), "tap_the", history, PRODUCTS, params_2023))
    assert gate.passed.tolist() == [False, True, True]


def test_a_different_period_passes_and_is_shown(params_2023: Params) -> None:
    history = pd.DataFrame([_award("tap_the", "S-VHTTDL", 2021, "2021", decision_number="1985/QĐ-UBND")])
    judged = with_history(_collectives(), "tap_the", history, PRODUCTS, params_2023)
    assert not_rewarded_before(judged).passed.tolist() == [True, True, True]
    assert judged["prior_awards"].tolist() == [
        "",
        "",
        "2021: Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (Quyết định số 1985/QĐ-UBND ngày 20/12/2021)",
    ]


def test_the_same_product_excludes_and_one_of_two_does_not_under_rule_all(params_2023: Params) -> None:
    # 22888's one product was rewarded in 2022: nothing new remains. 22906 has two products; one was rewarded.
    history = pd.DataFrame(
        [
            _award("tap_the", "22888", 2022, "2022", products="sổ tay đảng viên điện tử - xã an hải"),
            _award("tap_the", "22906", 2022, "2022", products="Sổ tay đảng viên điện tử - Xã Phước Minh"),
        ]
    )
    gate = not_rewarded_before(with_history(_collectives(), "tap_the", history, PRODUCTS, params_2023))
    assert gate.passed.tolist() == [False, True, True]
    assert gate.reason[0] == (
        "Thành tích đã được khen thưởng tại Quyết định số 152/QĐ-UBND ngày 20/12/2022 (Bằng khen của Chủ tịch "
        "Ủy ban nhân dân tỉnh, năm 2022: sản phẩm «Sổ tay đảng viên điện tử - Xã An Hải»)"
    )
    strict = params_2023.with_changes({"award_history.product_rule": "any"})
    gate = not_rewarded_before(with_history(_collectives(), "tap_the", history, PRODUCTS, strict))
    assert gate.passed.tolist() == [False, False, True]


def test_a_proposal_without_decision_bars_nothing_but_is_shown(params_2023: Params) -> None:
    history = pd.DataFrame(
        [_award("tap_the", "22888", 2023, "2023", status="de_nghi", decision_number=None, decision_date=None)]
    )
    judged = with_history(_collectives(), "tap_the", history, PRODUCTS, params_2023)
    assert not_rewarded_before(judged).passed.all()
    assert judged["prior_awards"][0] == f"2023: {FORM} (đề nghị, chưa có quyết định)"


def test_a_person_is_matched_by_the_row_ingest_matched_and_a_namesake_elsewhere_is_not(params_2023: Params) -> None:
    # Row 1: the 22837 nominee, rewarded in 2022 for her product: the same product → excluded.
    # Row 2: a namesake of the 22840 nominee in unit 22906 (ingest matched it to nobody): no effect.
    history = pd.DataFrame(
        [
            _award(
                "ca_nhan",
                "22837",
                2022,
                "2022",
                full_name="Võ Minh Thủy",
                person_code="CN-22837-02",
                products="Họp không giấy - Xã Phước Chiến",
            ),
            _award("ca_nhan", "22906", 2023, "2023", full_name="Dương Thị Thu Mai", person_code=None),
        ]
    )
    judged = with_history(_people(), "ca_nhan", history, PRODUCTS, params_2023)
    gate = not_rewarded_before(judged)
    assert gate.passed.tolist() == [False, True]
    assert judged["prior_awards"][1] == ""
    assert "sản phẩm «Họp không giấy - Xã Phước Chiến»" in gate.reason[0]


def test_without_history_nothing_is_barred(params_2023: Params) -> None:
    judged = with_history(_collectives(), "tap_the", None, PRODUCTS, params_2023)
    assert not_rewarded_before(judged).passed.all()
    assert not_rewarded_before(_collectives()).passed.all()
    assert judged["prior_awards"].tolist() == ["", "", ""]
