"""Eligibility gates of SPEC §4, one gate at a time (lib.scoring.gates).

Every nominee row starts from a default that passes every gate; each test
changes the one thing the gate is about and checks the pass flag and the
Vietnamese reason the report will print.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from lib.contract.formats import fmt_share
from lib.contract.params import parse_params
from lib.scoring import gates as el

DEADLINE = dt.date(2023, 12, 14)
# params/2023.yaml `dossier` (Nghị định 91/2017), written out by hand: the oracle of the dossier tests.
COLLECTIVE_DOCUMENTS = {
    "has_proposal": "tờ trình",
    "has_achievement_report": "báo cáo thành tích",
    "has_council_minutes": "biên bản Hội đồng Thi đua - Khen thưởng",
    "has_movement_plan": "kế hoạch phát động phong trào năm 2023",
    "has_results_report": "báo cáo kết quả phong trào năm 2023",
}
INDIVIDUAL_DOCUMENTS = {
    "has_proposal": "tờ trình",
    "has_achievement_report": "báo cáo thành tích",
    "has_council_minutes": "biên bản Hội đồng Thi đua - Khen thưởng",
}


def collective(**overrides: Any) -> dict[str, Any]:
    """A collective nominee row that passes every gate under the 2023 params."""
    row = {
        "nominee_code": "22903",
        "unit_code": "22903",
        "is_leader": False,
        "has_proposal": True,
        "has_achievement_report": True,
        "has_council_minutes": True,
        "has_movement_plan": True,
        "has_results_report": True,
        "received_on": dt.date(2023, 12, 8),
        "received_source": "khai_bao",
        "disciplined": False,
        "under_investigation": False,
        "n_products": 2,
        "data_complete": True,
        "n_missing": 0,
        "measured_share": 0.9,
        "score": 88.5,
    }
    row.update(overrides)
    return row


def person(**overrides: Any) -> dict[str, Any]:
    """An individual nominee row that passes every gate under the 2023 params."""
    row = {
        "nominee_code": "CN-22903-01",
        "person_code": "CN-22903-01",
        "full_name": "Trần Thị Bình",
        "unit_code": "22903",
        "code_repeated": False,
        "same_person_as": None,
        "same_person_name": None,
        "is_head": False,
        "is_leader": False,
        "unit_score": 88.5,
        "unit_data_complete": True,
        "has_proposal": True,
        "has_achievement_report": True,
        "has_council_minutes": True,
        "received_on": dt.date(2023, 12, 8),
        "received_source": "khai_bao",
        "disciplined": False,
        "under_investigation": False,
        "annual_rating": "tot",
        "products_led": 1.0,
        "initiative_level": "khong",
        "n_products": 2,
        "measured_share": 0.9,
        "score": 60.0,
    }
    row.update(overrides)
    return row


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    """Nominee rows as a frame."""
    return pd.DataFrame(list(rows))


def outcome(gate: el.Gate) -> list[tuple[bool, str]]:
    """(passed, reason) per nominee."""
    return list(zip(gate.passed.tolist(), gate.reason.tolist(), strict=True))


# ---------------------------------------------------------------- dossier


def test_complete_collective_dossier_passes_and_missing_documents_are_named():
    nominees = frame(collective(), collective(has_council_minutes=False, has_results_report=False))
    gate = el.dossier_complete(nominees, COLLECTIVE_DOCUMENTS)
    assert gate.code == "ho_so_day_du"
    assert outcome(gate) == [
        (True, ""),
        (False, "Hồ sơ thiếu: biên bản Hội đồng Thi đua - Khen thưởng, báo cáo kết quả phong trào năm 2023"),
    ]


def test_collective_needs_its_movement_plan_but_an_individual_does_not():
    assert not el.dossier_complete(frame(collective(has_movement_plan=False)), COLLECTIVE_DOCUMENTS).passed[0]
    assert el.dossier_complete(frame(person()), INDIVIDUAL_DOCUMENTS).passed[0]


def test_the_2023_params_give_the_documents_of_decree_91(params):
    assert params.dossier_documents("collective") == COLLECTIVE_DOCUMENTS
    assert params.dossier_documents("individual") == INDIVIDUAL_DOCUMENTS


def test_the_dossier_is_the_params_one_a_basis_without_council_minutes_passes_a_nominee_without_them(params):
    """Issue 18: the documents come from params `dossier`; a later basis may ask for fewer (or other) ones."""
    data = params.to_data()
    del data["dossier"]["collective"]["has_council_minutes"]
    del data["dossier"]["individual"]["has_council_minutes"]
    data["dossier"]["basis"] = "Nghị định giả định không cần biên bản"
    lighter = parse_params(data)
    people = frame(person(has_council_minutes=False), person(has_council_minutes=False, has_proposal=False))
    by_gate = {g.code: g for g in el.individual_gates(people, lighter)}
    assert outcome(by_gate["ho_so_day_du"]) == [(True, ""), (False, "Hồ sơ thiếu: tờ trình")]
    collectives = frame(collective(has_council_minutes=False))
    assert {g.code: g for g in el.collective_gates(collectives, lighter)}["ho_so_day_du"].passed.tolist() == [True]
    # under the 2023 params the same nominee lacks a document
    assert outcome({g.code: g for g in el.individual_gates(people, params)}["ho_so_day_du"])[0] == (
        False,
        "Hồ sơ thiếu: biên bản Hội đồng Thi đua - Khen thưởng",
    )


def test_missing_document_flag_counts_as_absent():
    gate = el.dossier_complete(frame(collective(has_proposal=None)), COLLECTIVE_DOCUMENTS)
    assert outcome(gate) == [(False, "Hồ sơ thiếu: tờ trình")]


# ---------------------------------------------------------------- deadline


def test_dossier_received_on_14_december_is_on_time_and_on_15_december_is_late():
    nominees = frame(
        collective(received_on=dt.date(2023, 12, 14)),
        collective(received_on=dt.date(2023, 12, 15), received_source="so_tiep_nhan"),
        collective(received_on=dt.date(2023, 12, 16)),
    )
    gate = el.on_time(nominees, DEADLINE, inclusive=True)
    assert gate.code == "dung_han"
    assert outcome(gate) == [
        (True, ""),
        (False, "Hồ sơ nhận ngày 15/12/2023 (theo sổ tiếp nhận), sau hạn 14/12/2023"),
        (
            False,
            "Hồ sơ nhận ngày 16/12/2023 (theo ngày gửi đơn vị khai; sổ tiếp nhận không có hồ sơ của đơn vị), "
            "sau hạn 14/12/2023",
        ),
    ]


def test_exclusive_deadline_refuses_the_deadline_day_itself():
    nominees = frame(collective(received_on=dt.date(2023, 12, 14)), collective(received_on=dt.date(2023, 12, 15)))
    gate = el.on_time(nominees, dt.date(2023, 12, 15), inclusive=False)
    assert gate.passed.tolist() == [True, False]


def test_dossier_without_a_date_is_not_on_time():
    gate = el.on_time(frame(collective(received_on=None)), DEADLINE, inclusive=True)
    assert outcome(gate) == [
        (
            False,
            "Không có ngày gửi hồ sơ hợp lệ (sổ tiếp nhận không có hồ sơ của đơn vị): không xác định được hồ sơ "
            "đúng hạn",
        )
    ]


def test_register_row_without_a_readable_date_is_not_on_time_and_the_declared_date_does_not_stand_in():
    gate = el.on_time(frame(collective(received_on=None, received_source="so_tiep_nhan")), DEADLINE, inclusive=True)
    assert outcome(gate) == [
        (
            False,
            "Sổ tiếp nhận có hồ sơ của đơn vị nhưng ngày nhận không đọc được: không xác định được hồ sơ đúng hạn",
        )
    ]


def test_register_date_after_the_period_is_simply_late():
    gate = el.on_time(
        frame(collective(received_on=dt.date(2024, 1, 3), received_source="so_tiep_nhan")), DEADLINE, inclusive=True
    )
    assert outcome(gate) == [(False, "Hồ sơ nhận ngày 03/01/2024 (theo sổ tiếp nhận), sau hạn 14/12/2023")]


# ---------------------------------------------------------------- conduct


def test_disciplined_nominee_is_excluded_with_that_reason():
    gate = el.no_discipline(frame(person(), person(disciplined=True)))
    assert gate.code == "khong_ky_luat"
    assert outcome(gate) == [(True, ""), (False, "Bị kỷ luật trong năm")]


def test_nominee_under_investigation_is_excluded_with_that_reason():
    gate = el.not_under_investigation(frame(person(under_investigation=True), person()))
    assert gate.code == "khong_bi_dieu_tra"
    assert outcome(gate) == [(False, "Đang bị xem xét, thanh tra, điều tra"), (True, "")]


# ---------------------------------------------------------------- products, data, score


def test_collective_needs_at_least_one_dx_product():
    gate = el.has_dx_products(frame(collective(n_products=0), collective(n_products=1)), minimum=1)
    assert gate.code == "co_san_pham_cds"
    assert gate.passed.tolist() == [False, True]
    assert gate.reason[0] == "Không có sản phẩm chuyển đổi số hoàn thành trong năm (cần ít nhất 1)"


def test_incomplete_data_bars_the_collective_and_says_how_many_criteria_are_missing():
    gate = el.data_complete(frame(collective(), collective(data_complete=False, n_missing=2)))
    assert gate.code == "so_lieu_day_du"
    assert outcome(gate) == [(True, ""), (False, "Số liệu tiêu chí chưa đầy đủ hoặc bị loại (2 tiêu chí thiếu)")]


def test_minimum_score_is_inclusive_and_compared_unrounded():
    nominees = frame(collective(score=70.0), collective(score=69.96), collective(score=55.04), collective(score=None))
    gate = el.min_score(nominees, 70)
    assert gate.code == "dat_diem_toi_thieu"
    assert gate.passed.tolist() == [True, False, False, False]
    assert gate.reason[2] == "Điểm 55,0 thấp hơn mức tối thiểu 70,0"
    assert gate.reason[3] == "Không có điểm để xét"


def test_unit_that_measured_half_its_weight_is_barred_with_the_share_and_the_minimum():
    gate = el.enough_measured(frame(collective(measured_share=0.5)), 0.6)
    assert gate.code == "du_du_lieu_do_luong"
    assert outcome(gate) == [
        (
            False,
            "Không đủ dữ liệu đo lường: tiêu chí có số liệu chỉ chiếm 50,0% tổng trọng số các tiêu chí áp dụng cho "
            "đơn vị, dưới mức tối thiểu 60,0%",
        )
    ]


def test_measured_share_exactly_at_the_minimum_passes_and_just_below_fails():
    # 48 of 80 weight points measured is exactly 0.6; the comparison is on the unrounded share.
    nominees = frame(
        collective(measured_share=48 / 80), collective(measured_share=0.5999), collective(measured_share=None)
    )
    gate = el.enough_measured(nominees, 0.6)
    assert gate.passed.tolist() == [True, False, False]
    # 59,99% must not print as 60,0% next to a minimum of 60,0%.
    assert "chiếm 59,9% tổng trọng số" in gate.reason[1]
    assert "chiếm không có tổng trọng số" in gate.reason[2]


@pytest.mark.parametrize(
    ("share", "minimum", "shown"),
    [
        (0.59999999, 0.6, "59,9%"),
        (0.6, 0.6, "60,0%"),
        (0.6049, 0.605, "60,4%"),
        (1.0, 0.6, "100,0%"),
        (0.0, 0.6, "0,0%"),
    ],
)
def test_a_share_below_the_minimum_never_prints_as_the_minimum(share, minimum, shown):
    assert fmt_share(share, minimum) == shown


def test_a_unit_head_is_eligible_only_if_the_collective_passes_the_result_gates(params):
    """SPEC §4, with the 2023 params: data complete, 60 % measured, collective minimum 70, one product."""
    nominees = frame(
        person(nominee_code="OK", is_head=True),
        person(nominee_code="STAFF", measured_share=0.3, unit_score=20.0, unit_data_complete=False, n_products=0),
        person(nominee_code="LOW", is_head=True, unit_score=69.96),
        person(nominee_code="THIN", is_head=True, measured_share=0.3, unit_data_complete=False, n_products=0),
    )
    gate = el.head_collective_results(nominees, params)
    assert gate.code == "tap_the_dat_ket_qua"
    assert outcome(gate) == [
        (True, ""),
        (True, ""),
        (
            False,
            "Người đứng đầu: tập thể đơn vị (điểm 69,96) chưa đạt điều kiện kết quả: điểm tập thể dưới mức tối "
            "thiểu 70,0",
        ),
        (
            False,
            "Người đứng đầu: tập thể đơn vị (điểm 88,5) chưa đạt điều kiện kết quả: số liệu tiêu chí chưa đầy đủ, "
            "không đủ dữ liệu đo lường, đơn vị không có sản phẩm chuyển đổi số trong năm",
        ),
    ]


# ---------------------------------------------------------------- individuals


@pytest.mark.parametrize(
    ("rating", "passes"),
    [("xuat_sac", True), ("tot", True), ("hoan_thanh", False), ("khong_hoan_thanh", False)],
)
def test_annual_rating_must_be_at_least_hoan_thanh_tot(rating, passes):
    gate = el.rating_at_least(frame(person(annual_rating=rating)), "tot")
    assert gate.code == "xep_loai"
    assert gate.passed.tolist() == [passes]
    assert (gate.reason[0] == "") is passes


def test_person_rated_hoan_thanh_fails_the_rating_gate_with_the_reason():
    gate = el.rating_at_least(frame(person(annual_rating="hoan_thanh")), "tot")
    assert outcome(gate) == [
        (False, "Xếp loại năm hoàn thành nhiệm vụ, chưa đạt mức «hoàn thành tốt nhiệm vụ»"),
    ]


def test_stricter_minimum_rating_refuses_hoan_thanh_tot():
    gate = el.rating_at_least(frame(person(annual_rating="tot"), person(annual_rating="xuat_sac")), "xuat_sac")
    assert gate.passed.tolist() == [False, True]


def test_person_needs_a_product_led_or_a_recognised_initiative():
    nominees = frame(
        person(products_led=0.0, initiative_level="khong"),
        person(products_led=0.0, initiative_level="co_so"),
        person(products_led=2.0, initiative_level="khong"),
    )
    gate = el.has_dx_achievement(nominees)
    assert gate.code == "co_thanh_tich_cds"
    assert gate.passed.tolist() == [False, True, True]
    assert gate.reason[0].startswith("Chưa có thành tích chuyển đổi số cụ thể")


def test_unit_head_is_judged_on_the_products_of_the_collective_they_lead():
    nominees = frame(
        person(is_head=True, products_led=0.0, initiative_level="khong", n_products=1),
        person(is_head=True, products_led=3.0, initiative_level="tinh", n_products=0),
    )
    assert el.has_dx_achievement(nominees).passed.tolist() == [True, False]


def test_unit_head_is_not_awarded_again_when_their_collective_is_recommended():
    nominees = frame(
        person(nominee_code="P1", unit_code="A", is_head=True),
        person(nominee_code="P2", unit_code="A", is_head=False),
        person(nominee_code="P3", unit_code="B", is_head=True),
    )
    gate = el.not_same_achievement(nominees, {"A"})
    assert gate.code == "khong_trung_thanh_tich"
    assert gate.passed.tolist() == [False, True, True]
    assert gate.reason[0].startswith("Thành tích trùng với tập thể đơn vị đã được đề nghị khen thưởng")


# ---------------------------------------------------------------- the gate lists


def test_collective_gates_are_those_of_the_spec_in_report_order(params):
    gates = el.collective_gates(frame(collective()), params)
    assert [g.code for g in gates] == [
        "ho_so_day_du",
        "dung_han",
        "co_san_pham_cds",
        "khong_ky_luat",
        "khong_bi_dieu_tra",
        "so_lieu_day_du",
        "du_du_lieu_do_luong",
        "dat_diem_toi_thieu",
        "da_tham_dinh",  # issue 19: no criterion «cần thẩm định»
    ]
    assert all(g.passed.tolist() == [True] for g in gates)


def test_individual_gates_are_those_of_the_spec_in_report_order(params):
    gates = el.individual_gates(frame(person()), params)
    assert [g.code for g in gates] == [
        "xac_dinh_ca_nhan",
        "ho_so_day_du",
        "dung_han",
        "khong_ky_luat",
        "khong_bi_dieu_tra",
        "xep_loai",
        "co_thanh_tich_cds",
        "tap_the_dat_ket_qua",
        "dat_diem_toi_thieu",
        "da_tham_dinh",  # issue 19: a unit head, on the unit's data
    ]
    assert all(g.passed.tolist() == [True] for g in gates)


def test_collective_gates_read_the_thresholds_from_params(params):
    params = params.with_changes(
        {
            "eligibility.collective.min_score": 90,
            "eligibility.collective.min_products": 3,
            "award.deadline": dt.date(2023, 12, 5),
        }
    )
    failed = {g.code for g in el.collective_gates(frame(collective()), params) if not g.passed[0]}
    assert failed == {"dung_han", "co_san_pham_cds", "dat_diem_toi_thieu"}


def test_apply_gates_lists_every_failed_reason_and_marks_eligibility(params):
    nominees = frame(
        person(nominee_code="OK"),
        person(nominee_code="BAD", disciplined=True, annual_rating="hoan_thanh", score=10.0),
    )
    judged = el.apply_gates(nominees, el.individual_gates(nominees, params))
    assert judged["eligible"].tolist() == [True, False]
    assert judged["failed_reasons"][0] == ""
    assert judged["failed_reasons"][1] == (
        "Bị kỷ luật trong năm; "
        "Xếp loại năm hoàn thành nhiệm vụ, chưa đạt mức «hoàn thành tốt nhiệm vụ»; "
        "Điểm 10,0 thấp hơn mức tối thiểu 40,0"
    )


def test_apply_gates_on_no_nominees_gives_an_empty_judged_table(params):
    empty = frame(person()).iloc[:0]
    judged = el.apply_gates(empty, el.individual_gates(empty, params))
    assert judged.empty
    assert {"eligible", "failed_reasons"} <= set(judged.columns)


# ---------------------------------------------------------------- a value dropped at reading


def test_blank_or_unreadable_conduct_answers_fail_their_gates_with_that_reason():
    nominees = frame(person(disciplined=None, under_investigation=None))
    assert outcome(el.no_discipline(nominees)) == [
        (False, "Không rõ có bị kỷ luật trong năm hay không (ô bỏ trống hoặc không hợp lệ)")
    ]
    assert outcome(el.not_under_investigation(nominees)) == [
        (False, "Không rõ có đang bị xem xét, thanh tra, điều tra hay không (ô bỏ trống hoặc không hợp lệ)")
    ]


def test_a_rating_off_the_list_fails_the_rating_gate_with_that_reason():
    gate = el.rating_at_least(frame(person(annual_rating=None)), "tot")
    assert outcome(gate) == [
        (
            False,
            "Xếp loại năm bỏ trống hoặc không đúng danh mục: không xác định được đạt mức «hoàn thành tốt nhiệm vụ»",
        )
    ]


def test_an_unreadable_initiative_level_is_no_achievement():
    gate = el.has_dx_achievement(frame(person(products_led=0.0, initiative_level=None)))
    assert gate.passed.tolist() == [False]


def test_a_person_is_judged_only_when_identified_in_the_unit_and_nominated_once():
    nominees = frame(
        person(),
        person(person_code=None, full_name=None),
        person(code_repeated=True),
        person(same_person_as="22906", same_person_name="UBND xã Phước Diêm"),
        person(is_head=None),
    )
    gate = el.identified(nominees)
    assert gate.code == "xac_dinh_ca_nhan"
    assert outcome(gate) == [
        (True, ""),
        (False, "Không xét được đề nghị: thiếu mã cá nhân; thiếu họ và tên"),
        (False, "Không xét được đề nghị: mã cá nhân trùng với một dòng trước của đơn vị"),
        (False, "Không xét được đề nghị: cùng một người đã được UBND xã Phước Diêm (mã 22906) đề nghị"),
        (False, "Không xét được đề nghị: không rõ có là người đứng đầu đơn vị"),
    ]


def test_a_score_just_below_the_minimum_is_never_printed_as_the_minimum():
    """The rule compares unrounded: 69.96 fails 70 and reads 69,96, not "70,0 thấp hơn mức tối thiểu 70,0"."""
    gate = el.min_score(frame(collective(score=69.96), collective(score=69.5), collective(score=70.04)), 70)
    assert gate.passed.tolist() == [False, False, True]
    assert list(gate.reason) == ["Điểm 69,96 thấp hơn mức tối thiểu 70,0", "Điểm 69,5 thấp hơn mức tối thiểu 70,0", ""]
