"""The published workbooks of the 2023 sample as people read them: the award annex, and words instead of codes.

Oracles: the raw sample workbooks (read with openpyxl, not through lib), the
params file, the report's own tables (parsed with BeautifulSoup), and the code
words of the vocabularies written out here by hand.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.support.code_words import CODE_WORDS
from tests.support.pipeline import ROOT

pytestmark = pytest.mark.slow
RAW = ROOT / "data" / "raw" / "2023"
CODES = set(CODE_WORDS)


def _annex(published: Path):
    return load_workbook(published / "outputs" / "2023" / "award_list.xlsx")


def _rows(ws) -> list[tuple]:
    """The table rows of an annex sheet: those whose first cell is a number (STT)."""
    return [r for r in ws.iter_rows(min_row=7, values_only=True) if isinstance(r[0], int)]


def test_the_annex_prints_as_a_decision_annex(published: Path) -> None:
    params = yaml.safe_load((ROOT / "params" / "2023.yaml").read_text(encoding="utf-8"))
    book = _annex(published)
    for ws in book:
        assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
        assert ws.print_title_rows == "$6:$6"
        assert ws["A1"].value == "DANH SÁCH" and "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
        assert ws["A3"].value.startswith(f"(Kèm theo {params['annex']['document']} số ")
        for row in ws.iter_rows(min_row=7):
            if isinstance(row[0].value, int):
                assert row[4].data_type == "n" and 0 <= row[4].value <= 100, (ws.title, row[4].coordinate)
                assert row[0].font.name == row[3].font.name == "Times New Roman"
                assert ws.row_dimensions[row[0].row].height, (ws.title, row[0].row)  # every row's height is set


def test_reserves_carry_the_numbers_the_report_prints(published: Path) -> None:
    """5 collectives and 7 individuals recommended (params caps): the reserves read 8, 9, as in 4.2.

    Of the sample's 19 individual nominees, 9 pass the gates (the appraisal bars two: 22856-CN01 disciplined,
    22774-CN01 whose unit's TC01 awaits appraisal), so 7 are recommended and 2 are reserves (3 allowed).
    Of the 10 collectives, 5 pass (6 would, but the award history bars the Tỉnh Đoàn: its one product was
    rewarded in 2022): 5 recommended, no reserve."""
    caps = yaml.safe_load((ROOT / "params" / "2023.yaml").read_text(encoding="utf-8"))["caps"]
    reserves = _rows(_annex(published)["DuBi"])
    collectives = [r[0] for r in reserves if r[2].startswith("Khối ")]
    people = [r[0] for r in reserves if not r[2].startswith("Khối ")]
    assert collectives == []
    assert people == [caps["individuals"] + i for i in (1, 2)]
    soup = BeautifulSoup((published / "outputs" / "2023" / "report.html").read_text(encoding="utf-8"), "lxml")
    assert soup.find(id="du-bi-tap-the").find_next(["p", "table"]).get_text(strip=True) == "Không có."
    table = soup.find(id="du-bi-ca-nhan").find_next("table")
    assert [int(tr.find("td").get_text()) for tr in table.find("tbody").find_all("tr")] == people


def _products_in_raw_workbook(unit_code: str) -> list[str]:
    """Product names of sheet SanPham of the unit's sample workbook, below its heading row."""
    ws = load_workbook(RAW / "submissions" / f"{unit_code}.xlsx", read_only=True)["SanPham"]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "Tên sản phẩm chuyển đổi số")
    return [r[0] for r in rows[head + 1 :] if isinstance(r[0], str) and r[0].strip()]


def test_each_recommended_collective_reads_its_own_achievements(published: Path) -> None:
    awards = pd.read_csv(published / "outputs" / "2023" / "award_list.csv", dtype=str, encoding="utf-8-sig")
    unit_of = dict(zip(awards["nominee_name"], awards["unit_code"], strict=True))
    year = str(yaml.safe_load((ROOT / "params" / "2023.yaml").read_text(encoding="utf-8"))["year"])
    recommended = [r for r in _rows(_annex(published)["DeNghi"]) if r[2].startswith("Khối ")]
    assert len(recommended) == 5
    achievements = [r[3] for r in recommended]
    assert len(set(achievements)) == 5
    for name, text in zip([r[1] for r in recommended], achievements, strict=True):
        products = _products_in_raw_workbook(unit_of[name])
        assert products, name
        for product in products:
            assert f"«{product}»" in text, (name, product)
        assert f"năm {year}" in text and "tiêu chí áp dụng" in text
        assert not re.search(r"\bTC\d\d\b", text)  # criteria by name, never by code
    # The sentence the units typed is the same for all: it is not what the annex says.
    assert not any("đẩy mạnh dịch vụ công trực tuyến" in text for text in achievements)


def _code_words(text: str) -> set[str]:
    """Code words of the vocabularies in a cell: a code with "_" anywhere, a one-word code as the whole cell."""
    tokens = set(re.findall(r"[A-Za-z_]+", text))
    found = {t for t in tokens if "_" in t} & CODES
    return found | ({text.strip()} & CODES)


def test_no_code_word_and_no_year_first_date_reaches_a_person(published: Path) -> None:
    """Every xlsx under outputs/2023 (annex, data quality, every feedback workbook): words and dd/mm/yyyy."""
    paths = sorted((published / "outputs" / "2023").rglob("*.xlsx"))
    assert len(paths) > 80  # the two workbooks and one feedback workbook per unit that submitted
    for path in paths:
        for ws in load_workbook(path):
            for row in ws.iter_rows():
                for cell in row:
                    where = (path.name, ws.title, cell.coordinate)
                    if isinstance(cell.value, dt.date):
                        assert cell.number_format.startswith("dd/mm/yyyy"), where
                    elif isinstance(cell.value, str):
                        assert not _code_words(cell.value), (*where, cell.value)
                        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", cell.value), (*where, cell.value)


@pytest.mark.requires_tool("soffice")
def test_the_annex_and_the_data_quality_file_print_one_page_wide(published: Path, tmp_path: Path) -> None:
    """LibreOffice prints them on A4 landscape; every page of the annex shows the whole heading row."""
    out = published / "outputs" / "2023"
    profile = (tmp_path / "profile").as_uri()
    command = [shutil.which("soffice"), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    files = [str(out / "award_list.xlsx"), str(out / "data_quality.xlsx")]
    subprocess.run([*command, "--outdir", str(tmp_path), *files], check=True, capture_output=True, timeout=300)
    for name in ("award_list.pdf", "data_quality.pdf"):
        for page in PdfReader(tmp_path / name).pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert (round(width), round(height)) == (842, 595), name
    # Text extraction splits some Vietnamese letters drawn from a fallback font: the checks use plain letters.
    annex = PdfReader(tmp_path / "award_list.pdf").pages
    for number, page in enumerate(annex, start=1):
        text = page.extract_text()
        assert "STT" in text and f"Trang {number}/{len(annex)}" in text, number  # heading and page number
    titles = [line for line in annex[0].extract_text().splitlines() if "KHEN" in line]
    assert titles and "BAN NH" in titles[0] and "DANH S" not in titles[0]  # the title on one line of its own
