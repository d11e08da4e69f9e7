"""The published report.html, parsed: offline, no code, every name and anchor, nothing blank."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from lib.report.sections import SECTIONS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def soup(published: Path) -> BeautifulSoup:
    return BeautifulSoup((published / "outputs" / "2023" / "report.html").read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="module")
def awards(published: Path) -> pd.DataFrame:
    return pd.read_csv(
        published / "outputs" / "2023" / "award_list.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )


def test_no_code_cells(soup: BeautifulSoup) -> None:
    assert not soup.select(".jp-InputArea, .jp-CodeMirrorEditor, .jp-InputPrompt, .highlight")
    assert "import " not in soup.get_text()


def test_nothing_is_fetched_from_the_network(soup: BeautifulSoup) -> None:
    assert not soup.find_all("script")
    for tag, attr in (("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
        for element in soup.find_all(tag):
            assert not re.match(r"^(https?:)?//", element.get(attr, "")), element
    css = " ".join(s.get_text() for s in soup.find_all("style"))
    assert not re.search(r"@import|url\((['\"]?)(https?:)?//", css)


def test_cover_title_banner_and_as_of_date(soup: BeautifulSoup) -> None:
    assert soup.find("h1").get_text() == "Báo cáo đánh giá kết quả Phong trào thi đua Chuyển đổi số năm 2023"
    text = soup.get_text(" ")
    assert "20/12/2023" in text and "Ninh Thuận" in text
    assert "DỮ LIỆU MẪU" in soup.select_one(".banner").get_text()


def test_every_toc_anchor_resolves(soup: BeautifulSoup) -> None:
    links = [a["href"][1:] for a in soup.select('a[href^="#"]')]
    assert {anchor for anchor, _ in SECTIONS} <= set(links)
    for anchor in links:
        assert soup.find(id=anchor) is not None, anchor


def test_every_recommended_nominee_is_named(soup: BeautifulSoup, awards: pd.DataFrame) -> None:
    section = soup.find(id="de-nghi").find_parent()
    text = section.get_text(" ")
    recommended = awards[awards["status"] == "de_nghi"]
    assert len(recommended) > 0
    for name in recommended["nominee_name"]:
        assert name in text


def test_every_excluded_nominee_shows_its_reasons(soup: BeautifulSoup, awards: pd.DataFrame) -> None:
    text = soup.get_text(" ")
    for reasons in awards.loc[awards["status"] == "khong_du_dieu_kien", "reasons"]:
        for reason in reasons.split("; "):
            assert reason in text


def test_reader_never_sees_nan_or_none(soup: BeautifulSoup) -> None:
    words = set(re.findall(r"\b\w+\b", soup.get_text(" ")))
    assert not {"NaN", "nan", "None", "NaT", "<NA>"} & words


def test_charts_have_alt_text_and_are_inline(soup: BeautifulSoup) -> None:
    images = soup.find_all("img")
    assert len(images) >= 12
    for img in images:
        assert img["src"].startswith("data:image/png;base64,")
        assert len(img.get("alt", "")) > 20


def test_scorecards_are_collapsible_for_every_unit(soup: BeautifulSoup, published: Path) -> None:
    registry = pd.read_csv(published / "data" / "raw" / "2023" / "registry.csv", dtype=str)
    cards = soup.select("details[id^=don-vi-]")
    assert sorted(c["id"].removeprefix("don-vi-") for c in cards) == sorted(registry["unit_code"])


def test_text_is_nfc(published: Path) -> None:
    import unicodedata

    text = (published / "outputs" / "2023" / "report.html").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text


def test_page_is_vietnamese_and_titled_with_the_report(soup: BeautifulSoup) -> None:
    assert soup.html["lang"] == "vi"
    assert soup.title.get_text() == "Báo cáo đánh giá kết quả Phong trào thi đua Chuyển đổi số năm 2023"


def test_league_headers_name_each_criterion(soup: BeautifulSoup) -> None:
    # params/2023.yaml: TC01 "Ký số văn bản", full name "Văn bản điện tử được ký số".
    header = soup.select_one("#xh-so_ban_nganh + div table.league thead").get_text(" ")
    assert "TC01" in header and "Ký số văn bản" in header and "TC12" in header and "An toàn thông tin" in header
    abbr = soup.select_one("#xh-so_ban_nganh + div table.league thead abbr")
    assert abbr["title"] == "Văn bản điện tử được ký số"
    legend = " ".join(soup.select_one("ul.crit-legend").get_text(" ").split())
    assert "TC12 Bảo đảm an toàn thông tin theo cấp độ" in legend


def _background(style: str) -> str:
    return re.search(r"background:\s*(#[0-9a-f]{6})", style).group(1)


def test_heat_legend_shows_the_colours_the_cells_have(soup: BeautifulSoup) -> None:
    swatches = soup.select(".heat-legend .sw")
    legend = {_background(s["style"]): s.get_text() for s in swatches}
    cells = soup.select("table.league:not(.annex) td[style]")
    assert cells
    for cell in cells:
        colour = _background(cell["style"])
        assert colour in legend, colour
        if cell.get_text() == "—":
            # A criterion that does not count: the white swatch, never a grey one.
            assert colour == "#ffffff" and legend[colour] == "—"
    # A cell at 100% attainment takes the lightest colour; the legend says 90-100% for it.
    full = next(c for c in cells if c.get_text() == "100,0%")
    assert legend[_background(full["style"])] == "90-100%"


def test_unit_names_open_their_scorecard(soup: BeautifulSoup) -> None:
    links = soup.select("table.league:not(.annex) a[href^='#phieu-']")
    assert links
    for link in links:
        target = soup.find(id=link["href"][1:])
        assert target is not None and target.find_parent("details")["id"] == "don-vi-" + link["href"][7:]


def test_rejected_files_say_why_in_words(soup: BeautifulSoup) -> None:
    table = soup.select_one("#tep-nhan ~ div table caption").find_parent("table")
    headers = [th.get_text() for th in table.select("thead th")]
    assert headers == ["Tệp", "Đơn vị", "Trạng thái", "Lý do"]
    text = table.get_text(" ")
    # The sample's corrupt file, its unknown unit and its resubmission (lib/contract/quality_rules.py wording).
    assert "Tệp không đọc được" in text and "Tệp đã được thay thế bởi tệp gửi sau" in text


def test_a_whole_file_finding_says_so(soup: BeautifulSoup) -> None:
    places = [td.get_text() for td in soup.select("#theo-don-vi ~ details table td:nth-of-type(2)")]
    assert "submissions/22819.xlsx · cả tệp" in places
    assert not any(" · -" in p or "dòng -" in p for p in places)


def test_scorecards_name_their_strengths(soup: BeautifulSoup) -> None:
    card = soup.select_one("details[id^=don-vi-] p:not(.card-head)").get_text()
    assert card.startswith("Điểm mạnh (đạt chỉ tiêu): ")
    assert re.search(r"[a-zà-ỹ]+ \(TC\d\d\)", card), card
