"""The sample's award history through the whole pipeline (shared published run, no new one).

Worked out by hand from data/raw/2023/award_history.csv and the list without
it (SAMPLE_DATA.md): the Tỉnh Đoàn (MT-TD), recommended 5th, was awarded in
2022 (Quyết định số 2150/QĐ-UBND ngày 20/12/2022) for «Trợ lý ảo hành chính
công - Tỉnh Đoàn», the one product its 2023 achievement rests on: excluded
(product_rule all), and the first reserve, 22906 (83.0), becomes the 5th
recommended; no eligible collective is left for the reserve list. Võ Minh
Thủy (22837-CN02, recommended 1st) was awarded in 2022 for another product:
she stays 1st, her award shown; her namesake's award in 22840 is shown for
nobody. S-VHTTDL's 2021 award and 22888's 2022 proposal are shown.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

pytestmark = pytest.mark.slow
CITED = (
    "Thành tích đã được khen thưởng tại Quyết định số 2150/QĐ-UBND ngày 20/12/2022 (Bằng khen của Chủ tịch Ủy ban "
    "nhân dân tỉnh, năm 2022: sản phẩm «Trợ lý ảo hành chính công - Tỉnh Đoàn»)"
)
AWARD_2022 = "2022: Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (Quyết định số 2150/QĐ-UBND ngày 20/12/2022)"


def _awards(published: Path) -> pd.DataFrame:
    return pd.read_csv(published / "outputs" / "2023" / "award_list.csv", dtype=str, keep_default_na=False)


def test_the_already_rewarded_collective_is_excluded_and_the_reserve_moves_up(published: Path) -> None:
    awards = _awards(published)
    collectives = awards[awards["kind"] == "tap_the"].set_index("nominee_code")
    assert (collectives.loc["MT-TD", "status"], collectives.loc["MT-TD", "reasons"]) == ("khong_du_dieu_kien", CITED)
    recommended = collectives[collectives["status"] == "de_nghi"]
    assert recommended.index.tolist() == ["S-VHTTDL", "22747", "22888", "22780", "22906"]
    assert recommended["rank"].tolist() == ["1", "2", "3", "4", "5"]
    assert (collectives["status"] == "du_bi").sum() == 0


def test_a_prior_award_for_another_achievement_is_shown_not_a_bar(published: Path) -> None:
    awards = _awards(published).set_index("nominee_code")
    assert (awards.loc["22837-CN02", "status"], awards.loc["22837-CN02", "rank"]) == ("de_nghi", "1")
    assert awards.loc["22837-CN02", "prior_awards"] == AWARD_2022
    assert awards.loc["22840-CN01", "prior_awards"] == ""  # a namesake in another unit
    assert awards.loc["S-VHTTDL", "prior_awards"] == (
        "2021: Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (Quyết định số 1985/QĐ-UBND ngày 15/12/2021)"
    )
    assert awards.loc["22888", "prior_awards"] == (
        "2022: Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (đề nghị, chưa có quyết định)"
    )
    sheet = load_workbook(published / "outputs" / "2023" / "award_list.xlsx")["DeNghi"]
    row = next(r for r in sheet.iter_rows(min_row=7, values_only=True) if r[1] == "Võ Minh Thủy")
    assert row[5] == AWARD_2022


def test_the_report_shows_prior_awards_and_lists_the_exclusion(published: Path) -> None:
    soup = BeautifulSoup((published / "outputs" / "2023" / "report.html").read_text(encoding="utf-8"), "lxml")
    table = soup.find(id="de-nghi-ca-nhan").find_next("table")
    assert "Khen thưởng trước đây" in [th.get_text(strip=True) for th in table.find("thead").find_all("th")]
    assert AWARD_2022 in table.get_text()
    listed = soup.find(id="da-khen").find_next("ul").get_text(" ", strip=True)
    assert listed == f"Tỉnh Đoàn (Tỉnh Đoàn): {CITED}"


def test_every_history_row_has_its_finding_for_its_unit(published: Path) -> None:
    issues = pd.read_csv(published / "data" / "processed" / "2023" / "issues.csv", dtype=str, keep_default_na=False)
    mine = issues[issues["file"] == "award_history.csv"]
    recorded = mine[mine["rule"] == "history_award_recorded"]
    assert sorted(recorded["unit_code"]) == sorted(["MT-TD", "22837", "S-VHTTDL", "22840", "22888"])
    assert mine.loc[mine["rule"] == "history_file_read", "detail"].tolist() == ["5 dòng đọc: 5 nhận, 0 loại"]
    book = load_workbook(published / "outputs" / "2023" / "feedback" / "MT-TD.xlsx", read_only=True)
    text = " ".join(str(c) for row in book["VanDe"].iter_rows(values_only=True) for c in row if c is not None)
    assert "2150/QĐ-UBND" in text and "Trợ lý ảo hành chính công - Tỉnh Đoàn" in text
