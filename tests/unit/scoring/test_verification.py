"""Verified values where scoring and the gates read them (lib.scoring.verification, gates.appraisal_settled).

The verification rows are written by hand as the ingest stage would hold
them; the expected tables and reasons are worked out in the test.
"""

from __future__ import annotations

import math

import pandas as pd

from lib.contract.tables import VERIFICATION
from lib.scoring import gates
from lib.scoring.verification import pending_notes, verified_tables, with_verification


def check(**values: object) -> dict[str, object]:
    row: dict[str, object] = {
        name: math.nan if VERIFICATION.kind_of(name) == "float" else None for name in VERIFICATION.names()
    }
    row.update(values)
    return row


VERIFICATION_ROWS = pd.DataFrame(
    [
        check(unit_code="22906", item="TC04", item_label_vi="Hồ sơ TTHC trực tuyến", source="he_thong",
              status="dieu_chinh", self_numerator=316.0, self_denominator=704.0, self_rate=316 / 704,
              system_name_vi="Cổng dịch vụ công tỉnh", system_numerator=176.0, system_denominator=704.0,
              system_rate=0.25, verified_numerator=176.0, verified_denominator=704.0, verified_rate=0.25),
        check(unit_code="S-VHTTDL", item="TC01", item_label_vi="Văn bản ký số", source="he_thong", status="xac_nhan",
              self_numerator=1323.0, self_denominator=1364.0, verified_numerator=1323.0, verified_denominator=1364.0),
        check(unit_code="22774", item="TC01", item_label_vi="Văn bản điện tử được ký số", source="he_thong",
              status="can_tham_dinh", self_numerator=389.0, self_denominator=423.0, self_rate=389 / 423,
              system_name_vi="Hệ thống quản lý văn bản", system_numerator=303.0, system_denominator=423.0,
              system_rate=303 / 423, verified_numerator=389.0, verified_denominator=423.0),
        check(unit_code="22856", person_code="CN-22856-01", item="ky_luat", item_label_vi="Bị kỷ luật trong năm",
              source="tham_dinh", status="dieu_chinh", self_value="Không", verified_value="co", verified_shown="Có"),
    ],
    columns=VERIFICATION.names(),
)  # fmt: skip


def raw_tables() -> dict[str, pd.DataFrame]:
    return {
        "indicators": pd.DataFrame(
            {
                "unit_code": ["22906", "22906", "S-VHTTDL"],
                "criterion_code": ["TC04", "TC01", "TC01"],
                "numerator": [316.0, 600.0, 1323.0],
                "denominator": [704.0, 660.0, 1364.0],
                "rate": [316 / 704, 600 / 660, 1323 / 1364],
            }
        ),
        "collective_nominations": pd.DataFrame({"unit_code": ["22906"], "disciplined": [False]}),
        "individual_nominations": pd.DataFrame(
            {
                "unit_code": ["22856", "22856"],
                "person_code": ["CN-22856-01", "CN-22856-02"],
                "disciplined": [False, False],
            }
        ),
        "verification": VERIFICATION_ROWS,
    }


def test_adjusted_values_replace_the_self_reported_ones_in_copies() -> None:
    original = raw_tables()
    verified = verified_tables(original)
    tc04 = verified["indicators"].iloc[0]
    assert (tc04["numerator"], tc04["denominator"], tc04["rate"]) == (176.0, 704.0, 0.25)
    assert verified["indicators"].iloc[1:]["numerator"].tolist() == [600.0, 1323.0]  # others as reported
    assert verified["individual_nominations"]["disciplined"].tolist() == [True, False]  # only the appraised person
    assert verified["collective_nominations"]["disciplined"].tolist() == [False]
    # the self-reported values stay in the tables the run keeps
    assert original["indicators"].iloc[0]["numerator"] == 316.0
    assert original["individual_nominations"]["disciplined"].tolist() == [False, False]


def test_a_pending_criterion_bars_the_collective_with_the_gap_in_words() -> None:
    nominees = with_verification(pd.DataFrame({"unit_code": ["22774", "22906"]}), VERIFICATION_ROWS)
    gate = gates.appraisal_settled(nominees)
    assert gate.passed.tolist() == [False, True]
    # 389/423 = 92.0%, 303/423 = 71.6%: |0.9196 - 0.7163| / 0.7163 = 28.4%
    assert gate.reason.iloc[0] == (
        "Chỉ tiêu TC01 (Văn bản điện tử được ký số) cần thẩm định: số liệu tự báo cáo 92,0% lệch 28,4% so với "
        "Hệ thống quản lý văn bản (71,6%)"
    )
    assert gate.reason.iloc[1] == ""


def test_unknown_settlement_fails_and_only_a_unit_head_is_barred_among_individuals() -> None:
    unknown = pd.DataFrame({"unit_code": ["22903"], "pending_appraisal": [None]})
    assert gates.appraisal_settled(unknown).passed.tolist() == [False]
    people = with_verification(
        pd.DataFrame({"unit_code": ["22774", "22774"], "person_code": ["A", "B"], "is_head": [True, False]}),
        VERIFICATION_ROWS,
    )
    gate = gates.appraisal_settled(people, heads_only=True)
    assert gate.passed.tolist() == [False, True]
    assert gate.reason.iloc[0].startswith(
        "Người đứng đầu: số liệu của tập thể đơn vị chưa được thẩm định: Chỉ tiêu TC01"
    )


def test_the_award_list_says_whether_each_nominees_data_was_verified() -> None:
    nominees = pd.DataFrame(
        {"unit_code": ["22906", "22856", "22774", "MT-TD"], "person_code": [None, "CN-22856-01", None, None]}
    )
    said = with_verification(nominees, VERIFICATION_ROWS)["verification"].tolist()
    assert said == [
        "Đã kiểm chứng: tiêu chí «Hồ sơ TTHC trực tuyến» (TC04)",
        "Đã kiểm chứng: hồ sơ: bị kỷ luật trong năm: Có",
        "Cần thẩm định (chưa xét khen)",
        "Chưa kiểm chứng (số liệu tự báo cáo)",
    ]
    assert pending_notes(VERIFICATION_ROWS).index.tolist() == ["22774"]
