"""The published report.pdf, opened with pypdf: A4, every criterion in the league tables, its metadata,
the same bytes from the same HTML, and no code word a reader would have to decode."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.slow

# A4 in PostScript points (210 × 297 mm); pypdf gives the media box in points.
A4 = (595.28, 841.89)
CRITERIA = [f"TC{i:02d}" for i in range(1, 13)]
TITLE = "Báo cáo đánh giá kết quả Phong trào thi đua Chuyển đổi số năm 2023"  # params/2023.yaml `title`


@pytest.fixture(scope="module")
def pdf_path(published: Path) -> Path:
    return published / "outputs" / "2023" / "report.pdf"


@pytest.fixture(scope="module")
def reader(pdf_path: Path) -> PdfReader:
    return PdfReader(pdf_path)


@pytest.fixture(scope="module")
def pages(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def _size(page) -> tuple[float, float]:
    box = page.mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def test_every_page_is_a4_portrait_or_a4_landscape(reader: PdfReader) -> None:
    sizes = [_size(p) for p in reader.pages]
    assert sizes[0] == pytest.approx(A4, abs=0.5)
    for size in sizes:
        assert size == pytest.approx(A4, abs=0.5) or size == pytest.approx(A4[::-1], abs=0.5), size
    assert sum(s == pytest.approx(A4, abs=0.5) for s in sizes) > len(sizes) / 2


def test_league_tables_are_on_landscape_pages_with_every_criterion(reader: PdfReader, pages: list[str]) -> None:
    # Section 3's heading starts the league tables; section 4's ends them.
    start = next(i for i, text in enumerate(pages) if "3. Bảng xếp hạng theo khối" in text and i > 1)
    end = next(i for i, text in enumerate(pages) if "4. Đề nghị khen thưởng" in text and i > start)
    league = range(start, end)
    assert all(_size(reader.pages[i]) == pytest.approx(A4[::-1], abs=0.5) for i in league)
    text = " ".join(pages[i] for i in league)
    for code in CRITERIA:
        assert code in text, code
    # The short names beside the codes (params criteria short_vi), e.g. the last column's.
    assert "An toàn" in text and "Ký số văn" in text


def test_every_unit_that_submitted_is_in_a_league_table(published: Path, pages: list[str]) -> None:
    import pandas as pd

    scores = pd.read_csv(published / "outputs" / "2023" / "scores.csv", dtype=str, encoding="utf-8-sig")
    start = next(i for i, text in enumerate(pages) if "3. Bảng xếp hạng theo khối" in text and i > 1)
    end = next(i for i, text in enumerate(pages) if "4. Đề nghị khen thưởng" in text and i > start)
    text = re.sub(r"\s+", " ", " ".join(pages[start:end]))
    for name in scores.loc[scores["submitted"] == "True", "unit_name"]:
        # A long name may wrap inside its cell: its first two words are on one line.
        assert " ".join(name.split()[:2]) in text, name


def test_running_header_and_page_numbers(pages: list[str]) -> None:
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Trang {number}/{total}" in text
        if number > 1:
            assert TITLE in re.sub(r"\s+", " ", text)


def test_metadata_are_the_reports_not_the_clocks(reader: PdfReader) -> None:
    info = reader.metadata
    assert info.title == TITLE
    assert info.author == "Sở Thông tin và Truyền thông tỉnh Ninh Thuận"
    # params as_of 2023-12-20: the date of the evaluation, whenever the file is written.
    assert info["/CreationDate"] == info["/ModDate"] == "D:20231220"
    assert reader.trailer["/Root"]["/Lang"] == "vi"


def test_award_rows_are_never_split_across_pages(published: Path, pages: list[str]) -> None:
    import pandas as pd

    awards = pd.read_csv(published / "outputs" / "2023" / "award_list.csv", dtype=str, encoding="utf-8-sig")
    flat = [re.sub(r"\s+", " ", text) for text in pages]
    for name in awards.loc[awards["kind"] == "ca_nhan", "nominee_name"]:
        # A row kept whole: the person's full name (wrapped inside the cell or not) is on one page.
        assert any(all(part in text for part in name.split()) for text in flat), name


def test_the_manifest_hashes_the_pdf(published: Path) -> None:
    manifest = json.loads((published / "outputs" / "2023" / "manifest.json").read_text(encoding="utf-8"))
    assert "report.pdf" in manifest["outputs"]


def test_the_same_html_gives_the_same_pdf_bytes(published: Path, pdf_path: Path, tmp_path: Path) -> None:
    from lib.contract.params import load_params
    from lib.report.pdf import write_report_pdf

    again = tmp_path / "report.pdf"
    pages = write_report_pdf(
        published / "outputs" / "2023" / "report.html", again, load_params(published / "params" / "2023.yaml")
    )
    assert pages == len(PdfReader(pdf_path).pages)
    assert again.read_bytes() == pdf_path.read_bytes()
