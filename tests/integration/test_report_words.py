"""Words, not codes: no code of the status, group, kind, band or rule vocabularies reaches a reader of
report.html or report.pdf (the words are in lib/contract/labels.py; the codes are listed here by hand,
not imported, so that a code renamed in the code is still looked for)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from tests.support.code_words import CODE_WORDS

pytestmark = pytest.mark.slow

# A code-shaped token (snake_case) that is not a file name such as row_accounting.csv.
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b(?!\.(?:csv|xlsx|json|yaml|py|ipynb|html|pdf))")


def _codes_in(text: str) -> list[str]:
    return [w for w in CODE_WORDS if re.search(rf"(?<![\w/.-]){re.escape(w)}(?![\w/.-])", text)]


@pytest.fixture(scope="module")
def html_text(published: Path) -> str:
    soup = BeautifulSoup((published / "outputs" / "2023" / "report.html").read_text(encoding="utf-8"), "lxml")
    for tag in soup(["style", "script"]):
        tag.decompose()
    # The provenance table lists the repository's files by path (lib/report/sections.py): paths, not codes.
    for cell in soup.select("table.mono td"):
        cell.decompose()
    return soup.get_text(" ")


@pytest.fixture(scope="module")
def pdf_text(published: Path) -> str:
    return " ".join(p.extract_text() for p in PdfReader(published / "outputs" / "2023" / "report.pdf").pages)


def test_the_scan_finds_a_code_where_there_is_one() -> None:
    assert _codes_in("Trạng thái: superseded; khối ubnd_xa") == ["superseded", "ubnd_xa"]
    assert _codes_in("xem row_accounting.csv, submissions/22819.xlsx") == []


def test_no_code_word_in_report_html(html_text: str) -> None:
    assert _codes_in(html_text) == []
    assert SNAKE.findall(html_text) == []


def test_no_code_word_in_report_pdf(pdf_text: str) -> None:
    assert _codes_in(pdf_text) == []
    assert SNAKE.findall(pdf_text) == []


def test_dates_are_written_day_first(html_text: str, pdf_text: str) -> None:
    for text in (html_text, pdf_text):
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
        assert "20/12/2023" in text


def test_bands_are_the_councils_terms(pdf_text: str) -> None:
    for band in ("Xuất sắc", "Tốt", "Khá", "Trung bình"):
        assert band in pdf_text
    assert "Rất cao" not in pdf_text
