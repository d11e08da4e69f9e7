"""Stage 1 end to end on small raw folders built in tmp_path (lib.ingest.inputs).

Each fixture folder holds a registry.csv taken from the real 2023 registry,
workbooks written with the submission template (lib.template.build_workbook)
and, where a test needs one, the receiving department's register.csv.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from lib.contract import schemas as sc
from lib.contract.params import Params
from lib.ingest.inputs import IngestResult, RegistryError, ingest
from lib.publish.template import build_workbook
from lib.publish.workbooks import save_workbook
from lib.scoring.award_list import register_dates

UNITS = ["582", "586", "22774", "22868", "S-TTTT", "S-YT", "S-TP"]
ROOT = Path(__file__).resolve().parents[3]


def registry_frame(codes: list[str] = UNITS) -> pd.DataFrame:
    real = pd.read_csv(ROOT / "data" / "external" / "ninh_thuan_2023_units.csv", dtype=str, keep_default_na=False)
    return real[real["unit_code"].isin(codes)].reset_index(drop=True)


def info(code: str | None, name: str, submitted_on: Any = "05/12/2023", district: str | None = None) -> dict:
    return {
        "unit_code": code,
        "unit_name": name,
        "district_name": district,
        "submitted_on": submitted_on,
        "reporter": "Nguyễn Văn A, chuyên viên",
    }


def indicator(code: str, numerator: Any = None, denominator: Any = None, rate: Any = None) -> dict:
    return {"criterion_code": code, "numerator": numerator, "denominator": denominator, "reported_rate": rate}


def product(name: str, on: Any = dt.date(2023, 6, 15)) -> dict:
    return {"product_name": name, "in_use_on": on, "evidence_ref": "Quyết định số 45/QĐ-UBND"}


COLLECTIVE = {
    "has_proposal": "Có",
    "has_achievement_report": "Có",
    "has_council_minutes": "Có",
    "has_movement_plan": "Có",
    "has_results_report": "Có",
    "dossier_sent_on": "08/12/2023",
    "disciplined": "Không",
    "under_investigation": "Không",
    "achievement_summary": "Hai sản phẩm chuyển đổi số.",
}


def person(code: str, **changes: Any) -> dict:
    return {
        "person_code": code,
        "full_name": "Trần Thị Bình",
        "position": "Chuyên viên",
        "is_leader": "Không",
        "annual_rating": "Hoàn thành tốt nhiệm vụ",
        "products_led": 1,
        "initiative_name": "Số hóa sổ hộ tịch",
        "initiative_level": "Cấp cơ sở",
        "training_courses": 2,
        "achievement_summary": "Chủ trì số hóa hồ sơ.",
        "has_proposal": "Có",
        "has_achievement_report": "Có",
        "has_council_minutes": "Có",
        "dossier_sent_on": "08/12/2023",
        "disciplined": "Không",
        "under_investigation": "Không",
        "id_number": "058090001234",
        "phone": "0912 345 678",
        "email": "binh.tt@ninhthuan.gov.vn",
        **changes,
    }


def write_submission(
    path: Path,
    params: Params,
    unit: dict,
    indicators: list[dict] | None = None,
    products: list[dict] | None = None,
    collective: list[dict] | None = None,
    individuals: list[dict] | None = None,
) -> Path:
    rows = {
        sc.UnitInfoModel: [unit],
        sc.IndicatorModel: indicators or [indicator("TC01", 90, 100), indicator("TC04", 30, 60)],
        sc.ProductModel: products or [],
        sc.CollectiveNominationModel: collective or [],
        sc.IndividualNominationModel: individuals or [],
    }
    save_workbook(build_workbook(params, rows), path)
    return path


def raw_dir(tmp_path: Path, codes: list[str] = UNITS, register: list[tuple[str, str, str]] | None = None) -> Path:
    """An empty raw folder: registry.csv, submissions/, and register.csv when rows are given."""
    raw = tmp_path / "raw"
    (raw / "submissions").mkdir(parents=True)
    registry_frame(codes).to_csv(raw / "registry.csv", index=False)
    if register is not None:
        pd.DataFrame(register, columns=["register_no", "unit_code", "received_on"]).to_csv(
            raw / "register.csv", index=False
        )
    return raw


def write_good_units(sub: Path, params: Params) -> None:
    """Three clean submissions used as the 'other units' whose data must not change."""
    write_submission(
        sub / "S-TTTT.xlsx",
        params,
        info("S-TTTT", "Sở Thông tin và Truyền thông"),
        indicators=[indicator("TC01", 90, 100), indicator("TC02", "45/60"), indicator("TC05", "1.245", "1.300")],
        products=[product("Cổng dữ liệu mở của tỉnh"), product("Tổng đài 1022")],
        collective=[COLLECTIVE],
        individuals=[person("CN-S-TTTT-01"), person("CN-S-TTTT-02", id_number=None, phone=None, email=None)],
    )
    write_submission(sub / "S-TP.xlsx", params, info("S-TP", "Sở Tư pháp"), products=[product("Họp không giấy")])
    write_submission(
        sub / "22774.xlsx", params, info(None, "UBND xã Thành Hải", district="Phan Rang-Tháp Chàm"), products=[]
    )


def files_of(result: IngestResult, table: str) -> set[str]:
    return set(result.tables[table]["file"])


def sub_row(result: IngestResult, file: str) -> pd.Series:
    return result.submissions.set_index("file").loc[f"submissions/{file}"]


def issues_for(result: IngestResult, file: str) -> pd.DataFrame:
    return result.issues[result.issues["file"] == f"submissions/{file}"]


def assert_rows_balance(result: IngestResult) -> None:
    subs = result.submissions
    assert (subs["rows_read"] == subs["rows_accepted"] + subs["rows_rejected"]).all()
    assert (subs["rows_accepted"] >= 0).all()
    assert (subs.loc[subs["status"] != "accepted", "rows_accepted"] == 0).all()


def assert_accepted_rows_are_the_table_rows(result: IngestResult) -> None:
    """Every accepted row of an accepted file is one row of a clean table, plus its one unit-info row."""
    for _, sub in result.submissions[result.submissions["status"] == "accepted"].iterrows():
        in_tables = sum(int((t["file"] == sub["file"]).sum()) for t in result.tables.values())
        assert sub["rows_accepted"] == in_tables + 1, sub["file"]


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory, params_2023: Params) -> tuple[Path, IngestResult]:
    """A raw folder with clean units and every kind of broken or extra file, ingested once."""
    raw = raw_dir(tmp_path_factory.mktemp("messy"), register=[("TN-1", "S-TTTT", "09/12/2023")])
    sub = raw / "submissions"
    write_good_units(sub, params_2023)
    (sub / "586.xlsx").write_text("Báo cáo gửi kèm - xem bản giấy\n", encoding="utf-8")
    (sub / "empty.xlsx").write_bytes(b"")
    # an .xls signature with nothing readable behind it
    (sub / "582.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    write_submission(
        sub / "99999.xlsx",
        params_2023,
        info("99999", "UBND xã Không Có"),
        products=[product("Bản đồ số du lịch")],
        individuals=[person("CN-99999-01")],
    )
    write_submission(sub / "22868.xlsx", params_2023, info(None, "Ủy ban nhân dân xã Thanh Hải", district="Ninh Hải"))
    # S-YT sent twice; the file names sort the opposite way to the dates.
    write_submission(
        sub / "S-YT_a.xlsx", params_2023, info("S-YT", "Sở Y tế", "10/12/2023"), products=[product("Bệnh án điện tử")]
    )
    write_submission(
        sub / "S-YT_b.xlsx",
        params_2023,
        info("S-YT", "Sở Y tế", "20/11/2023"),
        indicators=[indicator("TC01", 10, 100), indicator("TC02", 1, 2), indicator("TC03", 1, 2)],
    )
    return raw, ingest(raw, params_2023)


def test_every_row_is_accounted_for(messy: tuple[Path, IngestResult]) -> None:
    _, result = messy
    assert_rows_balance(result)
    assert_accepted_rows_are_the_table_rows(result)
    assert result.accounting["rows_read"].sum() == result.submissions["rows_read"].sum()
    assert set(result.accounting["file"]) == set(result.submissions["file"])


def test_good_files_are_accepted_with_their_units(messy: tuple[Path, IngestResult]) -> None:
    _, result = messy
    accepted = result.submissions[result.submissions["status"] == "accepted"]
    assert dict(zip(accepted["file"], accepted["unit_code"], strict=True)) == {
        "submissions/22774.xlsx": "22774",
        "submissions/22868.xlsx": "22868",
        "submissions/S-TP.xlsx": "S-TP",
        "submissions/S-TTTT.xlsx": "S-TTTT",
        "submissions/S-YT_a.xlsx": "S-YT",
    }


@pytest.mark.parametrize(
    ("file", "rule"),
    [("586.xlsx", "file_unreadable"), ("empty.xlsx", "file_unreadable"), ("582.xls", "file_unreadable")],
)
def test_unreadable_files_are_rejected_with_a_clear_rule(
    messy: tuple[Path, IngestResult], file: str, rule: str
) -> None:
    _, result = messy
    sub = sub_row(result, file)
    assert (sub["status"], sub["problem"], sub["rows_read"]) == ("rejected", rule, 0)
    found = issues_for(result, file)
    assert list(found["rule"]) == [rule]
    assert list(found["action"]) == ["rejected_file"]
    assert found["message_vi"].iloc[0] and found["detail"].iloc[0]


def test_valid_data_of_other_units_is_unchanged_by_broken_files(
    tmp_path: Path, params: Params, messy: tuple[Path, IngestResult]
) -> None:
    _, result = messy
    clean = raw_dir(tmp_path)
    write_good_units(clean / "submissions", params)
    baseline = ingest(clean, params)
    good = {"submissions/S-TTTT.xlsx", "submissions/S-TP.xlsx", "submissions/22774.xlsx"}
    for name, table in baseline.tables.items():
        mine = result.tables[name][result.tables[name]["file"].isin(good)].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, table.reset_index(drop=True), check_dtype=False, obj=name)
    assert len(baseline.tables["products"]) == 3


def test_unknown_unit_code_rejects_the_whole_file(messy: tuple[Path, IngestResult]) -> None:
    _, result = messy
    sub = sub_row(result, "99999.xlsx")
    assert (sub["status"], sub["problem"], sub["unit_code"]) == ("rejected", "unit_unknown", "")
    assert sub["rows_read"] == sub["rows_rejected"] == 5  # unit info, 2 indicators, 1 product, 1 person
    assert "submissions/99999.xlsx" not in set().union(*(files_of(result, t) for t in result.tables))
    issue = issues_for(result, "99999.xlsx").query("rule == 'unit_unknown'").iloc[0]
    assert (issue["sheet"], issue["value"], issue["action"]) == ("DonVi", "99999", "rejected_file")


def test_unit_resolved_by_name_and_district_when_the_code_is_blank(messy: tuple[Path, IngestResult]) -> None:
    """Thành Hải (Phan Rang-Tháp Chàm) and Thanh Hải (Ninh Hải) are told apart by diacritics and district."""
    _, result = messy
    assert sub_row(result, "22774.xlsx")["unit_code"] == "22774"
    assert sub_row(result, "22868.xlsx")["unit_code"] == "22868"
    for file, code in (("22774.xlsx", "22774"), ("22868.xlsx", "22868")):
        (issue,) = issues_for(result, file).query("rule == 'unit_resolved_by_name'").itertuples()
        assert (issue.sheet, issue.row, issue.detail, issue.severity) == ("DonVi", 4, code, "warning")
    indicators = result.tables["indicators"]
    assert set(indicators.loc[indicators["file"] == "submissions/22868.xlsx", "unit_code"]) == {"22868"}


def test_latest_submission_supersedes_the_earlier_one(messy: tuple[Path, IngestResult]) -> None:
    _, result = messy
    early, late = sub_row(result, "S-YT_b.xlsx"), sub_row(result, "S-YT_a.xlsx")
    assert (late["status"], late["submitted_on"]) == ("accepted", dt.date(2023, 12, 10))
    assert (early["status"], early["problem"], early["submitted_on"]) == (
        "superseded",
        "superseded",
        dt.date(2023, 11, 20),
    )
    assert early["rows_read"] == early["rows_rejected"] == 4
    (issue,) = issues_for(result, "S-YT_b.xlsx").query("rule == 'superseded'").itertuples()
    assert (issue.rule, issue.detail, issue.unit_code) == ("superseded", "submissions/S-YT_a.xlsx", "S-YT")
    indicators = result.tables["indicators"]
    assert set(indicators.loc[indicators["unit_code"] == "S-YT", "file"]) == {"submissions/S-YT_a.xlsx"}
    assert list(result.tables["products"].query("unit_code == 'S-YT'")["product_name"]) == ["Bệnh án điện tử"]


def test_resubmission_on_the_same_date_keeps_the_later_file_name(tmp_path: Path, params: Params) -> None:
    raw = raw_dir(tmp_path)
    for name in ("S-TP.xlsx", "S-TP_sua.xlsx"):
        write_submission(raw / "submissions" / name, params, info("S-TP", "Sở Tư pháp", "05/12/2023"))
    result = ingest(raw, params)
    assert sub_row(result, "S-TP.xlsx")["status"] == "superseded"
    assert sub_row(result, "S-TP_sua.xlsx")["status"] == "accepted"
    assert "same_date_resubmission" in set(issues_for(result, "S-TP_sua.xlsx")["rule"])
    assert_rows_balance(result)


def test_personal_data_is_not_in_the_processed_individuals(messy: tuple[Path, IngestResult]) -> None:
    _, result = messy
    people = result.tables["individual_nominations"]
    assert set(people["person_code"]) == {"CN-S-TTTT-01", "CN-S-TTTT-02"}
    assert not {"id_number", "phone", "email"} & set(people.columns)
    assert dict(zip(people["person_code"], people["has_personal_data"], strict=True)) == {
        "CN-S-TTTT-01": True,
        "CN-S-TTTT-02": False,
    }
    shown = [str(v) for v in result.issues.to_numpy().ravel()]
    assert not [v for v in shown if "058090001234" in v or "0912 345 678" in v or "binh.tt@" in v]


def test_cleaned_values_reach_the_tables(messy: tuple[Path, IngestResult]) -> None:
    _, result = messy
    ind = result.tables["indicators"].query("unit_code == 'S-TTTT'").set_index("criterion_code")
    assert ind.loc["TC02", ["numerator", "denominator", "rate"]].tolist() == [45, 60, 0.75]
    assert ind.loc["TC05", ["numerator", "denominator"]].tolist() == [1245, 1300]
    assert ind.loc["TC01", "rate_source"] == "tu_so_mau_so"
    products = result.tables["products"].query("unit_code == 'S-TTTT'")
    assert sorted(products["product_name"]) == ["Cổng dữ liệu mở của tỉnh", "Tổng đài 1022"]
    assert list(result.register["unit_code"]) == ["S-TTTT"]
    assert register_dates(result.register) == {"S-TTTT": dt.date(2023, 12, 9)}


def test_raw_files_are_not_modified(tmp_path: Path, params: Params) -> None:
    raw = raw_dir(tmp_path, register=[("TN-1", "S-TP", "09/12/2023")])
    write_good_units(raw / "submissions", params)
    (raw / "submissions" / "586.xlsx").write_text("không phải Excel", encoding="utf-8")

    def snapshot() -> dict[str, str]:
        return {
            p.relative_to(raw).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(raw.rglob("*"))
            if p.is_file()
        }

    before = snapshot()
    ingest(raw, params)
    assert snapshot() == before


def test_missing_register_gives_an_empty_register(tmp_path: Path, params: Params) -> None:
    raw = raw_dir(tmp_path)
    write_submission(raw / "submissions" / "S-TP.xlsx", params, info("S-TP", "Sở Tư pháp"))
    result = ingest(raw, params)
    assert result.register.empty
    assert register_dates(result.register) == {}


def test_register_rows_are_checked(tmp_path: Path, params: Params) -> None:
    """Unknown units and impossible dates in the register are reported; a unit may appear twice.

    The register is authoritative: a row whose date cannot be read stays, without a date (its unit's
    dossier then fails the on-time gate), and a date after the period is kept (a late dossier).
    """
    register = [
        ("TN-1", "S-TP", "05/12/2023"),
        ("TN-2", "99999", "06/12/2023"),
        ("TN-3", "S-TTTT", "31/02/2023"),
        ("TN-4", "S-TP", "ngày 14 tháng 12 năm 2023"),
        ("TN-5", "S-YT", "15/01/2024"),
    ]
    raw = raw_dir(tmp_path, register=register)
    result = ingest(raw, params)
    found = result.issues[result.issues["file"] == "register.csv"]
    assert sorted(zip(found["row"], found["rule"], strict=True)) == [
        (3, "unit_unknown"),
        (4, "invalid_date"),
    ]
    assert list(result.register["register_no"]) == ["TN-1", "TN-3", "TN-4", "TN-5"]
    assert register_dates(result.register) == {
        "S-TP": dt.date(2023, 12, 14),
        "S-TTTT": None,
        "S-YT": dt.date(2024, 1, 15),
    }


def test_register_date_times_are_read_as_their_day(tmp_path: Path, params: Params) -> None:
    register = [("TN-1", "S-TP", "16/12/2023 10:15"), ("TN-2", "S-YT", "2023-12-14T16:59:00")]
    result = ingest(raw_dir(tmp_path, register=register), params)
    assert result.issues.query("file == 'register.csv'").empty
    assert register_dates(result.register) == {"S-TP": dt.date(2023, 12, 16), "S-YT": dt.date(2023, 12, 14)}


def test_a_register_row_without_a_date_is_kept_with_a_finding(tmp_path: Path, params: Params) -> None:
    result = ingest(raw_dir(tmp_path, register=[("TN-1", "S-TP", "")]), params)
    found = result.issues.query("file == 'register.csv'")
    assert list(zip(found["row"], found["rule"], strict=True)) == [(2, "register_date_missing")]
    assert register_dates(result.register) == {"S-TP": None}


@pytest.mark.parametrize(
    ("content", "rule"),
    [
        (b"", "file_unreadable"),
        ("register_no,unit_code,received_on\nTN-1,S-TP,05/12/2023\n".encode("utf-16"), "file_unreadable"),
        (b"register_no,unit_code\nTN-1,S-TP\n", "missing_column"),
        (b"register_no,unit_code,received_on\n", None),
    ],
    ids=["zero_bytes", "utf16", "missing_column", "header_only"],
)
def test_a_broken_or_empty_register_does_not_stop_the_run(
    tmp_path: Path, params: Params, content: bytes, rule: str | None
) -> None:
    raw = raw_dir(tmp_path)
    (raw / "register.csv").write_bytes(content)
    write_submission(raw / "submissions" / "S-TP.xlsx", params, info("S-TP", "Sở Tư pháp"))
    result = ingest(raw, params)
    assert result.register.empty
    assert list(result.issues.query("file == 'register.csv'")["rule"]) == ([rule] if rule else [])
    assert sub_row(result, "S-TP.xlsx")["status"] == "accepted"


def test_an_empty_submissions_folder_is_not_an_error(tmp_path: Path, params: Params) -> None:
    result = ingest(raw_dir(tmp_path), params)
    assert result.submissions.empty
    assert all(t.empty for t in result.tables.values())
    assert "rate" in result.tables["indicators"].columns


def test_a_broken_registry_stops_the_run(tmp_path: Path, params: Params) -> None:
    raw = raw_dir(tmp_path)
    registry = registry_frame()
    registry.loc[1, "unit_code"] = registry.loc[0, "unit_code"]
    registry.to_csv(raw / "registry.csv", index=False)
    with pytest.raises(RegistryError, match="unit_code"):
        ingest(raw, params)


def test_unit_sheet_problems_reject_the_file(tmp_path: Path, params: Params) -> None:
    raw = raw_dir(tmp_path)
    sub = raw / "submissions"
    write_submission(sub / "late.xlsx", params, info("S-TP", "Sở Tư pháp", "05/01/2024"))
    wb = build_workbook(params, {sc.UnitInfoModel: [info("S-YT", "Sở Y tế")]})
    del wb["DonVi"]
    save_workbook(wb, sub / "no_unit_sheet.xlsx")
    wb = build_workbook(params, {sc.UnitInfoModel: [info("S-TTTT", "Sở Thông tin và Truyền thông")]})
    del wb["SanPham"]
    save_workbook(wb, sub / "no_products.xlsx")
    result = ingest(raw, params)
    assert_rows_balance(result)
    late = sub_row(result, "late.xlsx")
    assert (late["status"], late["problem"]) == ("rejected", "unit_info_missing")
    assert "date_outside_period" in set(issues_for(result, "late.xlsx")["rule"])
    assert late["rows_rejected"] == late["rows_read"] > 0
    assert (sub_row(result, "no_unit_sheet.xlsx")["status"], sub_row(result, "no_unit_sheet.xlsx")["problem"]) == (
        "rejected",
        "missing_sheet",
    )
    other = sub_row(result, "no_products.xlsx")
    assert (other["status"], other["unit_code"]) == ("accepted", "S-TTTT")
    errors = issues_for(result, "no_products.xlsx").query("severity == 'error'")
    # The template's criterion rows were left without numbers: each applicable one is a gap of its own.
    assert set(errors.query("rule != 'counts_missing'")["rule"]) == {"missing_sheet"}
    assert set(errors.query("rule == 'counts_missing'")["sheet"]) == {"ChiTieu"}


def test_row_level_rejections_keep_the_rest_of_the_file(tmp_path: Path, params: Params) -> None:
    raw = raw_dir(tmp_path)
    write_submission(
        raw / "submissions" / "S-TP.xlsx",
        params,
        info("S-TP", "Sở Tư pháp"),
        indicators=[
            indicator("TC01", 90, 100),
            indicator("TC05", 28, 21),
            indicator("TC99", 1, 2),
            indicator("TC01", 5, 10),
            indicator("TC11", -5, 10),
        ],
        products=[product("Bản đồ số du lịch", on=dt.date(2022, 12, 1)), product("Họp không giấy")],
        collective=[COLLECTIVE, COLLECTIVE],
    )
    result = ingest(raw, params)
    assert_rows_balance(result)
    assert_accepted_rows_are_the_table_rows(result)
    sub = sub_row(result, "S-TP.xlsx")
    assert (sub["rows_read"], sub["rows_rejected"]) == (10, 5)
    errors = issues_for(result, "S-TP.xlsx").query("severity == 'error'")
    # Sở Tư pháp (so_ban_nganh) has 11 rate criteria; only TC01 and TC11 end with a valid row.
    gaps = errors.query("rule == 'criterion_row_missing'")
    assert sorted(gaps["value"]) == ["TC02", "TC03", "TC04", "TC05", "TC06", "TC07", "TC08", "TC09", "TC12"]
    errors = errors.query("rule != 'criterion_row_missing'")
    assert sorted(zip(errors["sheet"], errors["row"], errors["rule"], strict=True)) == [
        ("ChiTieu", 5, "numerator_above_denominator"),
        ("ChiTieu", 6, "unknown_criterion"),
        ("ChiTieu", 7, "duplicate_key"),
        ("ChiTieu", 8, "negative_count"),
        ("KhenTapThe", 5, "duplicate_key"),
        ("SanPham", 4, "date_outside_period"),
    ]
    assert list(result.tables["indicators"]["criterion_code"]) == ["TC01", "TC11"]
    assert len(result.tables["collective_nominations"]) == 1


def test_two_units_may_both_number_a_nominee_cn_1(tmp_path: Path, params: Params) -> None:
    """A person is identified by (unit code, person code): two units' "CN-1" are two people."""
    raw = raw_dir(tmp_path)
    a = person("CN-1", full_name="Lê Văn Hùng", id_number="058090001234")
    b = person("CN-1", full_name="Phạm Thị Lan", id_number="058090004321")
    write_submission(raw / "submissions" / "a.xlsx", params, info("S-TP", "Sở Tư pháp"), individuals=[a])
    write_submission(raw / "submissions" / "b.xlsx", params, info("S-YT", "Sở Y tế"), individuals=[b])
    result = ingest(raw, params)
    assert_rows_balance(result)
    people = result.tables["individual_nominations"]
    assert list(zip(people["person_code"], people["unit_code"], strict=True)) == [("CN-1", "S-TP"), ("CN-1", "S-YT")]
    assert people["same_person_as"].isna().all()
    assert not result.issues["rule"].str.startswith("person_").any()


def test_the_same_person_nominated_by_two_units_is_a_finding_for_both(tmp_path: Path, params: Params) -> None:
    """Same name and date of birth: both units are told; the lower unit code's nomination is judged."""
    raw = raw_dir(tmp_path)
    same = person("CN-7", full_name="Lê Văn Hùng", birth_date="20/05/1990")
    write_submission(raw / "submissions" / "a.xlsx", params, info("S-YT", "Sở Y tế"), individuals=[same])
    write_submission(raw / "submissions" / "b.xlsx", params, info("S-TP", "Sở Tư pháp"), individuals=[same])
    result = ingest(raw, params)
    people = result.tables["individual_nominations"].set_index("unit_code")
    assert people.loc["S-TP", "same_person_as"] is None and people.loc["S-YT", "same_person_as"] == "S-TP"
    found = result.issues.query("rule == 'person_nominated_twice'").set_index("unit_code")
    assert sorted(found.index) == ["S-TP", "S-YT"]
    assert found.loc["S-YT", "action"] == "excluded" and found.loc["S-TP", "action"] == "kept"
    assert "Sở Tư pháp (S-TP)" in found.loc["S-YT", "detail"]
    assert not found["detail"].str.contains("1990").any() and "birth_date" not in people.columns


def test_reported_rates_are_checked_against_numerator_and_denominator(tmp_path: Path, params: Params) -> None:
    raw = raw_dir(tmp_path)
    write_submission(
        raw / "submissions" / "S-TP.xlsx",
        params,
        info("S-TP", "Sở Tư pháp"),
        indicators=[
            indicator("TC01", 90, 100, "90%"),
            indicator("TC02", 30, 60, "75%"),
            indicator("TC03", None, None, 0.8),
            indicator("TC04", 0, 0),
        ],
    )
    result = ingest(raw, params)
    ind = result.tables["indicators"].set_index("criterion_code")
    assert ind.loc["TC02", "rate"] == 0.5
    # a rate without counts is not data of record: no rate, the typed 80 % kept only as a cross-check
    assert pd.isna(ind.loc["TC03", "rate"]) and pd.isna(ind.loc["TC03", "rate_source"])
    assert ind.loc["TC03", "reported_rate"] == 0.8
    assert pd.isna(ind.loc["TC04", "rate"])  # zero denominator: not applicable, never 0 % or 100 %
    rules = issues_for(result, "S-TP.xlsx").set_index("rule")
    assert tuple(rules.loc["rate_mismatch", ["row", "severity", "action"]]) == (5, "warning", "repaired")
    assert tuple(rules.loc["rate_only", ["row", "severity", "action"]]) == (6, "error", "rejected_value")


def test_a_zero_denominator_the_units_group_cannot_have_is_a_finding(tmp_path: Path, params: Params) -> None:
    # A district (582) typing 0/0: TC01, TC05, TC09 are implausible for ubnd_huyen in params/2023.yaml, TC02 is not.
    raw = raw_dir(tmp_path)
    write_submission(
        raw / "submissions" / "582.xlsx",
        params,
        info("582", "Ủy ban nhân dân thành phố Phan Rang-Tháp Chàm"),
        indicators=[indicator(code, 0, 0) for code in ("TC01", "TC02", "TC05", "TC09")],
        products=[product("Hệ thống họp trực tuyến")],
    )
    result = ingest(raw, params)
    found = issues_for(result, "582.xlsx")
    found = found[found["rule"] == "zero_denominator_implausible"]
    assert sorted(found["detail"]) == ["TC01", "TC05", "TC09"]
    assert set(found["unit_code"]) == {"582"}
    assert set(found["severity"]) == {"error"}
    assert set(found["column"]) == {"Mẫu số (tổng số)"}
    assert found["message_vi"].iloc[0].startswith("Mẫu số bằng 0 ở tiêu chí mà khối của đơn vị")
    assert found["fix_vi"].iloc[0] != ""


def test_accounting_that_does_not_balance_stops_the_run() -> None:
    """Rows accepted are counted in the clean tables, not as read − rejected: a lost row is caught."""
    from lib.ingest.inputs import AccountingError, check_accounting

    balanced = pd.DataFrame({"file": ["a.xlsx"], "rows_read": [12], "rows_accepted": [9], "rows_rejected": [3]})
    check_accounting(balanced)
    lost = balanced.assign(rows_accepted=[8])  # one row neither in the tables nor rejected
    with pytest.raises(AccountingError, match=r"a\.xlsx: 12 đọc ≠ 8 nhận \+ 3 loại"):
        check_accounting(lost)


def test_nominees_read_count_the_unit_once_and_every_person_row(tmp_path: Path, params: Params) -> None:
    """Two collective rows (the second a duplicate, rejected) are one nominee; three person rows are three."""
    raw = raw_dir(tmp_path)
    people = [person("CN-1"), person("CN-2", annual_rating="Hoàn thành tốt"), person("CN-2", full_name="Lê Hùng")]
    write_submission(
        raw / "submissions" / "S-TP.xlsx",
        params,
        info("S-TP", "Sở Tư pháp"),
        collective=[COLLECTIVE, COLLECTIVE],
        individuals=people,
    )
    result = ingest(raw, params)
    assert_rows_balance(result)
    assert sub_row(result, "S-TP.xlsx")["nominees_read"] == 1 + 3
    assert len(result.tables["individual_nominations"]) == 3
    rules = set(issues_for(result, "S-TP.xlsx")["rule"])
    assert {"not_in_list", "person_code_reused_in_unit"} <= rules
