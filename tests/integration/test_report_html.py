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
