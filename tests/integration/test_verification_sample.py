"""The sample's planted discrepancies between self-reported and verified data, through the whole pipeline.

data/raw/2023 ships appraisal/tham_dinh.csv and systems/{portal_hoso,vbdh_kyso}.csv
(lib/run/sample_verification.py). Each planted effect is checked where a
person sees it: scores.csv, the award list, data_quality.xlsx, the unit's
feedback workbook (openpyxl) and report.html (bs4). Expectations are worked
by hand from the counts planted and params read as data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from tests.support.pipeline import copy_repo, run_cli

pytestmark = pytest.mark.slow


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"unit_code": str, "nominee_code": str}, encoding="utf-8-sig")


def _params(root: Path) -> dict:
    return yaml.safe_load((root / "params" / "2023.yaml").read_text(encoding="utf-8"))


def _workbook_text(path: Path, sheet: str) -> str:
    book = load_workbook(path, read_only=True)
    return "\n".join(
        " | ".join(str(c) for c in row if c is not None) for row in book[sheet].iter_rows(values_only=True)
    )


def _reference_score(row: pd.Series, weights: dict[str, float], override: dict[str, float]) -> float:
    """100 · Σ w·a / Σ w over the criteria that count (measured or missing): the methodology, written here."""
    num = den = 0.0
    for code, weight in weights.items():
        if row[f"{code}_status"] not in ("co_so_lieu", "thieu_so_lieu"):
            continue
        attained = override.get(code, row[f"{code}_attainment"])
        num += weight * (0.0 if pd.isna(attained) else attained)
        den += weight
    return 100 * num / den


def test_commune_over_reporting_online_dossiers_is_scored_on_the_portal_and_drops_to_reserve(published: Path) -> None:
    params = _params(published)
    scores = _csv(published / "outputs" / "2023" / "scores.csv").set_index("unit_code")
    unit = scores.loc["22906"]
    tc04 = next(c for c in params["criteria"] if c["code"] == "TC04")
    target = tc04["target"]["xa"]
    self_attainment = min((316 / 704) / target, 1)  # 0.898: what the commune typed
    portal_attainment = min((176 / 704) / target, 1)  # 0.5: what the portal recorded
    assert unit["TC04_rate"] == pytest.approx(176 / 704)
    assert unit["TC04_attainment"] == pytest.approx(portal_attainment)
    weights = {c["code"]: float(c["weight"]) for c in params["criteria"] if "ubnd_xa" in c["applies_to"]}
    assert unit["score"] == pytest.approx(_reference_score(unit, weights, {}))
    before = _reference_score(unit, weights, {"TC04": self_attainment})
    assert before == pytest.approx(89.4564, abs=1e-3)  # the published score before the portal was compared
    assert before - unit["score"] == pytest.approx(100 * tc04["weight"] * (self_attainment - 0.5) / sum(
        w for c, w in weights.items() if unit[f"{c}_status"] in ("co_so_lieu", "thieu_so_lieu")
    ))  # fmt: skip
    awards = _csv(published / "outputs" / "2023" / "award_list.csv")
    row = awards[(awards["kind"] == "tap_the") & (awards["nominee_code"] == "22906")].iloc[0]
    # Five collectives recommended (params caps.collectives); 22906 was second, now sixth by score. The fifth,
    # the Tỉnh Đoàn (MT-TD), is excluded by the award history (its one product was rewarded in 2022, see
    # tests/integration/test_award_history.py), so 22906 is the fifth recommended.
    assert params["caps"]["collectives"] == 5
    assert (row["status"], int(row["rank"])) == ("de_nghi", 5)
    # The clean table keeps what the commune reported.
    indicators = _csv(published / "data" / "processed" / "2023" / "indicators.csv")
    kept = indicators[(indicators["unit_code"] == "22906") & (indicators["criterion_code"] == "TC04")].iloc[0]
    assert (kept["numerator"], kept["denominator"]) == (316, 704)


def test_department_confirmed_by_the_document_system_shows_as_verified(published: Path) -> None:
    checks = _csv(published / "data" / "processed" / "2023" / "verification.csv")
    row = checks[(checks["unit_code"] == "S-VHTTDL") & (checks["item"] == "TC01")].iloc[0]
    assert (row["status"], row["source"], row["self_numerator"], row["system_numerator"]) == (
        "xac_nhan",
        "he_thong",
        1323,
        1323,
    )
    awards = _csv(published / "outputs" / "2023" / "award_list.csv")
    dept = awards[(awards["kind"] == "tap_the") & (awards["nominee_code"] == "S-VHTTDL")].iloc[0]
    assert dept["status"] == "de_nghi" and "TC01" in dept["verification"] and dept["verification"].startswith("Đã")


def test_nominee_whose_discipline_the_appraisal_corrects_is_excluded_with_the_reason(published: Path) -> None:
    awards = _csv(published / "outputs" / "2023" / "award_list.csv")
    row = awards[awards["nominee_code"] == "22856-CN01"].iloc[0]
    assert row["status"] == "khong_du_dieu_kien"
    assert "Bị kỷ luật trong năm" in row["reasons"]
    assert "bị kỷ luật trong năm: Có" in row["verification"]
    people = _csv(published / "data" / "processed" / "2023" / "individual_nominations.csv")
    assert not people.loc[people["person_code"] == "CN-22856-01", "disciplined"].iloc[0]  # the original stays
    feedback = _workbook_text(published / "outputs" / "2023" / "feedback" / "22856.xlsx", "VanDe")
    assert "thẩm định Có" in feedback and "Quyết định số 215/QĐ-UBND" in feedback


def test_unsettled_gap_bars_the_head_and_a_settled_one_does_not(published: Path) -> None:
    awards = _csv(published / "outputs" / "2023" / "award_list.csv")
    head = awards[awards["nominee_code"] == "22774-CN01"].iloc[0]
    assert head["status"] == "khong_du_dieu_kien"
    assert "Chỉ tiêu TC01 (Văn bản điện tử được ký số) cần thẩm định: số liệu tự báo cáo" in head["reasons"]
    settled = awards[(awards["kind"] == "tap_the") & (awards["nominee_code"] == "22780")].iloc[0]
    assert settled["status"] == "de_nghi"
    checks = _csv(published / "data" / "processed" / "2023" / "verification.csv")
    row = checks[(checks["unit_code"] == "22780") & (checks["item"] == "TC01")].iloc[0]
    assert (row["status"], row["source"]) == ("xac_nhan", "tham_dinh")
    feedback = _workbook_text(published / "outputs" / "2023" / "feedback" / "22774.xlsx", "VanDe")
    assert "cần thẩm định" in feedback and "303/423" in feedback


def test_feedback_and_data_quality_say_what_the_portal_changed(published: Path) -> None:
    feedback = _workbook_text(published / "outputs" / "2023" / "feedback" / "22906.xlsx", "VanDe")
    assert "tính điểm theo số liệu của hệ thống" in feedback
    assert "316/704 (44,9%)" in feedback and "176/704 (25,0%)" in feedback
    quality = load_workbook(published / "outputs" / "2023" / "data_quality.xlsx", read_only=True)
    text = "\n".join(
        " ".join(str(c) for c in row if c is not None)
        for ws in quality.worksheets
        for row in ws.iter_rows(values_only=True)
    )
    for file in ("appraisal/tham_dinh.csv", "systems/portal_hoso.csv", "systems/vbdh_kyso.csv"):
        assert file in text
    assert "2 dòng đọc: 2 nhận, 0 loại" in text


def test_report_shows_the_adjustments_and_the_share_verified(published: Path) -> None:
    soup = BeautifulSoup((published / "outputs" / "2023" / "report.html").read_text(encoding="utf-8"), "lxml")
    assert soup.find(id="kiem-chung") is not None
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in soup.select("table.adjustments tbody tr")
    ]
    commune = next(r for r in rows if r[0] == "Ủy ban nhân dân xã Phước Minh")
    assert commune[1].startswith("TC04") and commune[2] == "316/704 (44,9%) → 176/704 (25,0%)"
    person = next(r for r in rows if r[0].startswith("Ngô Hữu Tâm (22856-CN01)"))
    assert person[2] == "Không → Có" and "Quyết định số 215/QĐ-UBND" in person[5]
    assert not any("CN-22856-01" in cell for r in rows for cell in r)  # the unit's own person code stays out
    shares = {
        r[0].split(" ")[0]: r
        for r in (
            [td.get_text(strip=True) for td in tr.find_all("td")]
            for tr in soup.select("table.verified-shares tbody tr")
        )
    }
    assert shares["TC04"][4] == "1" and shares["TC01"][5] == "1"  # one adjusted by the portal, one pending


def test_changing_the_appraisal_file_fails_the_audit_naming_it(published: Path, tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo", source=published)
    shutil.copytree(published / "outputs", repo / "outputs", dirs_exist_ok=True)
    appraisal = repo / "data" / "raw" / "2023" / "appraisal" / "tham_dinh.csv"
    appraisal.write_text(appraisal.read_text(encoding="utf-8").replace(",Có,", ",Không,"), encoding="utf-8")
    done = run_cli(repo, "audit", "--run", "2023")
    assert done.returncode == 1
    assert "changed input: data/raw/2023/appraisal/tham_dinh.csv" in done.stdout, done.stdout[-3000:]


def test_both_values_show_in_the_scorecards_where_they_differ(published: Path) -> None:
    soup = BeautifulSoup((published / "outputs" / "2023" / "report.html").read_text(encoding="utf-8"), "lxml")
    card = soup.find(id="don-vi-22906")
    tc04 = next(tr for tr in card.select("tbody tr") if tr.find("td").get_text(strip=True) == "TC04")
    assert tc04.find_all("td")[2].get_text(strip=True) == "25,0% (176/704); đơn vị tự báo cáo 316/704 (44,9%)"
    other = soup.find(id="don-vi-22888")
    assert "tự báo cáo" not in other.get_text()  # a unit whose figures stand shows one value
    book = load_workbook(published / "outputs" / "2023" / "feedback" / "22906.xlsx", read_only=True)
    rows = list(book["KetQua"].iter_rows(values_only=True))
    header = list(rows[0])
    tc04_row = next(r for r in rows if r[0] == "TC04")
    assert tc04_row[header.index("Đơn vị tự báo cáo (trước kiểm chứng)")] == "316/704 (44,9%)"
    assert (tc04_row[header.index("Tử số")], tc04_row[header.index("Mẫu số")]) == (176, 704)
