"""The appraisal file and the systems' exports against the units' own figures (lib.ingest.verification).

Small raw folders in tmp_path: csv files written as an office saves them,
the clean tables a few hand-made rows. Every expectation is worked out here
from params (the 5% relative tolerance) and the counts in the test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from lib.contract.params import Params
from lib.ingest.verification import verify

PORTAL_HEADER = "unit_code,numerator,denominator,extracted_on\n"
APPRAISAL_HEADER = (
    "unit_code,person_code,item,numerator,denominator,value,reason,evidence_ref,appraised_by,appraised_on\n"
)


def registry() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_code": ["22906", "S-VHTTDL", "22774"],
            "unit_name": ["Ủy ban nhân dân xã Phước Minh", "Sở Văn hóa, Thể thao và Du lịch", "UBND xã Thành Hải"],
            "unit_group": ["ubnd_xa", "so_ban_nganh", "ubnd_xa"],
            "admin_level": ["xa", "tinh", "xa"],
            "parent_code": ["588", None, "582"],
        }
    )


def tables() -> dict[str, pd.DataFrame]:
    """Self-reported figures: 22906 TC04 316/704, S-VHTTDL TC01 1323/1364, 22774 TC01 389/423."""
    indicators = pd.DataFrame(
        {
            "unit_code": ["22906", "S-VHTTDL", "22774"],
            "criterion_code": ["TC04", "TC01", "TC01"],
            "numerator": [316.0, 1323.0, 389.0],
            "denominator": [704.0, 1364.0, 423.0],
        }
    )
    collectives = pd.DataFrame({"unit_code": ["22906"], "disciplined": [False], "has_proposal": [True]})
    people = pd.DataFrame(
        {
            "unit_code": ["22906", "22906"],
            "person_code": ["CN-01", "CN-02"],
            "disciplined": [False, False],
            "annual_rating": ["tot", "xuat_sac"],
        }
    )
    return {"indicators": indicators, "collective_nominations": collectives, "individual_nominations": people}


def write(raw: Path, relative: str, text: str) -> None:
    path = raw / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    write(tmp_path, "systems/portal_hoso.csv", PORTAL_HEADER + "22906,176,704,10/12/2023\n")
    # 1320/1364 = 96.77% against 1323/1364 = 96.99%: a gap of 0.22% of the system's rate, within 5%.
    # 22774: 303/423 = 71.6% against 389/423 = 92.0%: 28.4% of the system's rate, beyond 5%.
    write(tmp_path, "systems/vbdh_kyso.csv", PORTAL_HEADER + "S-VHTTDL,1320,1364,10/12/2023\n22774,303,423,\n")
    return tmp_path


def by_unit(frame: pd.DataFrame, unit: str, item: str) -> pd.Series:
    rows = frame[(frame["unit_code"] == unit) & (frame["item"] == item)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_portal_gap_beyond_tolerance_scores_the_portal_counts(raw: Path, params: Params) -> None:
    result = verify(raw, registry(), tables(), params)
    row = by_unit(result.table, "22906", "TC04")
    # 316/704 = 44.9% self, 176/704 = 25.0% portal: |0.449 - 0.25| / 0.25 = 79.5% > 5%; params: use_system
    assert (row["status"], row["source"]) == ("dieu_chinh", "he_thong")
    assert (row["self_numerator"], row["verified_numerator"], row["verified_denominator"]) == (316, 176, 704)
    assert row["verified_rate"] == pytest.approx(0.25)
    found = [i for i in result.issues if i.unit_code == "22906" and i.rule == "system_gap_used"]
    assert len(found) == 1 and "316/704" in found[0].detail and "176/704" in found[0].detail
    assert found[0].file == "systems/portal_hoso.csv" and found[0].row == 2


def test_document_system_within_tolerance_confirms_the_department(raw: Path, params: Params) -> None:
    result = verify(raw, registry(), tables(), params)
    row = by_unit(result.table, "S-VHTTDL", "TC01")
    assert (row["status"], row["verified_numerator"]) == ("xac_nhan", 1323)
    assert [i.rule for i in result.issues if i.unit_code == "S-VHTTDL"] == ["system_confirmed"]


def test_gap_on_a_needs_appraisal_system_is_pending_until_the_appraisal_settles_it(raw: Path, params: Params) -> None:
    pending = verify(raw, registry(), tables(), params)
    row = by_unit(pending.table, "22774", "TC01")
    assert (row["status"], row["verified_numerator"]) == ("can_tham_dinh", 389)  # kept, the gate bars the unit
    assert [(i.rule, i.action) for i in pending.issues if i.unit_code == "22774"] == [
        ("system_gap_needs_appraisal", "pending")
    ]
    write(
        raw,
        "appraisal/tham_dinh.csv",
        APPRAISAL_HEADER
        + "22774,,TC01,350,423,,Đối chiếu sổ văn bản đi,Biên bản số 07/BB-STTTT,Tổ thẩm định,12/12/2023\n",
    )
    settled = verify(raw, registry(), tables(), params)
    row = by_unit(settled.table, "22774", "TC01")
    assert (row["status"], row["source"], row["verified_numerator"]) == ("dieu_chinh", "tham_dinh", 350)
    assert row["system_numerator"] == 303  # the system's figure stays beside the verified one
    assert row["appraised_on"] == dt.date(2023, 12, 12)
    rules = sorted(i.rule for i in settled.issues if i.unit_code == "22774")
    assert rules == ["appraisal_adjusted", "system_gap_settled"]


def test_appraisal_corrects_a_nominees_discipline_with_reason_and_evidence(raw: Path, params: Params) -> None:
    write(
        raw,
        "appraisal/tham_dinh.csv",
        APPRAISAL_HEADER
        + "22906,CN-02,ky_luat,,,Có,Bị khiển trách năm 2023,Quyết định số 215/QĐ-UBND,Tổ thẩm định,12/12/2023\n"
        + "22906,CN-01,Xếp loại năm,,,Hoàn thành tốt nhiệm vụ,Đúng hồ sơ,Biên bản 08,Tổ thẩm định,12/12/2023\n",
    )
    result = verify(raw, registry(), tables(), params)
    fields = result.table[result.table["item"].isin(["ky_luat", "xep_loai"])].set_index("person_code")
    assert fields.loc["CN-02", ["status", "self_value", "verified_value"]].tolist() == ["dieu_chinh", "Không", "co"]
    assert fields.loc["CN-01", ["status", "verified_value"]].tolist() == ["xac_nhan", "tot"]
    adjusted = [i for i in result.issues if i.rule == "appraisal_adjusted"]
    assert len(adjusted) == 1 and adjusted[0].unit_code == "22906"
    assert "Không → thẩm định Có" in adjusted[0].detail and "Quyết định số 215/QĐ-UBND" in adjusted[0].detail


def test_every_appraisal_row_is_accepted_or_rejected_with_a_reason(raw: Path, params: Params) -> None:
    write(
        raw,
        "appraisal/tham_dinh.csv",
        APPRAISAL_HEADER
        + "99999,,TC04,1,2,,lý do,minh chứng,Tổ thẩm định,12/12/2023\n"  # unit not in the registry
        + "22906,,TC99,1,2,,lý do,minh chứng,Tổ thẩm định,12/12/2023\n"  # no such item
        + "22906,CN-09,ky_luat,,,Có,lý do,minh chứng,Tổ thẩm định,12/12/2023\n"  # no such nominee
        + "22906,,TC04,,704,,lý do,minh chứng,Tổ thẩm định,12/12/2023\n"  # numerator missing
        + "22906,,TC04,200,704,,,minh chứng,Tổ thẩm định,12/12/2023\n"  # no reason: schema rejects
        + "22906,,TC04,200,704,,lý do,minh chứng,Tổ thẩm định,12/12/2023\n",  # accepted
    )
    result = verify(raw, registry(), tables(), params)
    rows = {i.row: i.rule for i in result.issues if i.file == "appraisal/tham_dinh.csv" and i.row is not None}
    assert rows[2] == "unit_unknown" and rows[3] == "appraisal_item_unknown"
    assert rows[4] == "appraisal_nominee_not_found" and rows[5] == "appraisal_value_invalid"
    assert 6 in rows and rows[7] == "appraisal_adjusted"
    summary = [i.detail for i in result.issues if i.rule == "verification_file_read" and "tham_dinh" in i.file]
    assert summary == ["6 dòng đọc: 1 nhận, 5 loại"]


def test_missing_system_file_is_said_and_nothing_is_compared(tmp_path: Path, params: Params) -> None:
    result = verify(tmp_path, registry(), tables(), params)
    assert result.table.empty
    assert sorted(i.rule for i in result.issues) == ["system_file_missing", "system_file_missing"]
