"""The six-month review run (issue 18 item 2, SPEC §9): `python -m lib report --run 2023-h1` once, in a copy.

Oracles: the paragraph as written in params/2023-h1.yaml's words filled by hand; unit 584 (UBND huyện Bác Ái)
worked out by hand from its raw workbook and the year's targets and weights of the params file; the feedback
folder against the files received; the manifest against the folder.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup

from tests.support.pipeline import copy_repo, run_cli

RUN = "2023-h1"
AWARD_FILES = ("award_list.csv", "award_list.xlsx", "to_trinh.docx", "du_thao_quyet_dinh.docx")
WHY = (
    "Báo cáo sơ kết đánh giá tiến độ từ 01/01/2023 đến 30/06/2023 so với chỉ tiêu của cả năm, nên không lập danh "
    "sách đề nghị khen thưởng: xếp hạng ở đây là xếp hạng tiến độ. Việc xét tặng Bằng khen của Chủ tịch Ủy ban nhân "
    "dân tỉnh chỉ thực hiện ở kỳ tổng kết năm, theo số liệu cả năm và hồ sơ đề nghị gửi trước ngày 15/12/2023."
)
# Unit 584, sheet ChiTieu of data/raw/2023-h1/submissions/584.xlsx: (numerator, denominator); two products in
# SanPham (04/04 and 27/05/2023). A district (cấp huyện): every criterion applies to ubnd_huyen.
RAW_584 = {
    "TC01": (1500, 1897), "TC02": (60, 71), "TC03": (15, 33), "TC04": (1051, 2701), "TC05": (18, 21),
    "TC06": (9, 11), "TC07": (7, 9), "TC08": (3, 3), "TC09": (2, 3), "TC11": (26, 32), "TC12": (2, 2),
}  # fmt: skip
PRODUCTS_584 = 2
# params/2023-h1.yaml: the year's targets (TC04 at district level 75 %) and weights, copied by hand.
TARGET = {
    "TC01": 1, "TC02": 1, "TC03": Fraction(3, 4), "TC04": Fraction(3, 4), "TC05": Fraction(95, 100), "TC06": 1,
    "TC07": 1, "TC08": 1, "TC09": 1, "TC10": 1, "TC11": Fraction(4, 5), "TC12": 1,
}  # fmt: skip
WEIGHT = {"TC01": 12, "TC02": 10, "TC03": 10, "TC04": 14, "TC05": 10, "TC06": 8, "TC07": 8, "TC08": 6, "TC09": 8,
          "TC10": 6, "TC11": 4, "TC12": 4}  # fmt: skip
# Wording that belongs to a decision on awards: none may reach a review's feedback workbook.
AWARD_WORDS = ("điều kiện khen", "Hạn gửi hồ sơ khen thưởng", "Bằng khen", "đề nghị tặng", "Đề nghị khen thưởng")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published review run (the suite's one run of it)."""
    repo = copy_repo(tmp_path_factory.mktemp("review") / "repo")
    done = run_cli(repo, "report", "--run", RUN)
    assert done.returncode == 0, done.stderr[-3000:]
    return repo / "outputs" / RUN


@pytest.fixture(scope="module")
def soup(out: Path) -> BeautifulSoup:
    return BeautifulSoup((out / "report.html").read_text(encoding="utf-8"), "lxml")


def _attainment_584() -> dict[str, Fraction]:
    """min(rate / target, 1) per criterion from the raw figures (TC10: products / 1)."""
    found = {code: min(Fraction(n, d) / TARGET[code], 1) for code, (n, d) in RAW_584.items()}
    return found | {"TC10": min(Fraction(PRODUCTS_584, TARGET["TC10"]), 1)}


def test_no_award_file_is_published(out: Path) -> None:
    assert [name for name in AWARD_FILES if (out / name).exists()] == []
    assert (out / "scores.csv").exists() and (out / "report.pdf").exists()


def test_the_report_says_why_there_is_no_award_list(soup: BeautifulSoup) -> None:
    section = soup.find(id="do-tin-cay")
    assert section.get_text() == "5. Khen thưởng: không xét ở kỳ sơ kết"
    assert section.find_next("p").get_text() == WHY
    assert soup.find(id="de-nghi") is None and soup.find(id="tin-cay-tap_the") is None


def test_the_raw_workbook_holds_the_figures_the_oracle_uses(root: Path) -> None:
    book = openpyxl.load_workbook(root / "data" / "raw" / RUN / "submissions" / "584.xlsx", read_only=True)
    rows = {r[0]: (r[2], r[3]) for r in book["ChiTieu"].iter_rows(min_row=4, values_only=True) if r[0]}
    products = [r for r in book["SanPham"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert rows == RAW_584
    assert len(products) == PRODUCTS_584


def test_unit_584_progress_is_worked_out_by_hand(out: Path, soup: BeautifulSoup) -> None:
    attainment = _attainment_584()
    score = 100 * sum(WEIGHT[c] * a for c, a in attainment.items()) / sum(WEIGHT.values())
    on_track = sorted(c for c, a in attainment.items() if a == 1)
    assert on_track == ["TC08", "TC10", "TC11", "TC12"]  # 26/32 = 81,25 % ≥ 80 %; the rest below the year's
    with (out / "scores.csv").open(encoding="utf-8-sig") as handle:
        header, *lines = [line.rstrip("\n").split(",") for line in handle]
    row = dict(zip(header, next(line for line in lines if line[0] == "584"), strict=True))
    assert float(row["score"]) == pytest.approx(float(score), abs=1e-5)
    for code, value in attainment.items():
        assert float(row[f"{code}_attainment"]) == pytest.approx(float(value), abs=1e-6), code
    card = soup.find(id="phieu-584").get_text()
    assert card.startswith(f"{float(score):.1f}".replace(".", ",") + " điểm")
    strengths = soup.find(id="phieu-584").find_next("p", string=lambda t: t and t.startswith("Điểm mạnh")).get_text()
    assert "Kết nối dữ liệu quốc gia (TC08), Sản phẩm chuyển đổi số (TC10)" in strengths


def test_the_progress_section_lists_every_criterion_against_the_year_target(soup: BeautifulSoup) -> None:
    table = soup.find(id="khen-thuong").find_next("table")
    first = [c.get_text() for c in table.find("tbody").find_all("tr")[0].find_all("td")]
    assert len(table.find("tbody").find_all("tr")) == 12
    assert first[:2] == ["TC01. Ký số văn bản", "chung: 100,0%"]


def test_every_unit_that_sent_a_file_has_a_review_feedback_without_award_words(out: Path) -> None:
    with (out / "row_accounting.csv").open(encoding="utf-8-sig") as handle:
        header, *lines = [line.rstrip("\n").split(",") for line in handle]
    units = {dict(zip(header, line, strict=True))["unit_code"] for line in lines} - {""}
    assert sorted(p.stem for p in (out / "feedback").glob("*.xlsx")) == sorted(units)
    for path in sorted((out / "feedback").glob("*.xlsx")):
        book = openpyxl.load_workbook(path, read_only=True)
        text = " ".join(str(v) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r if v)
        assert text.startswith("PHẢN HỒI KẾT QUẢ SƠ KẾT 6 THÁNG ĐẦU NĂM 2023"), path.name
        assert "Đây là kết quả sơ kết (từ 01/01/2023 đến 30/06/2023) so với chỉ tiêu cả năm" in text, path.name
        assert [w for w in AWARD_WORDS if w in text] == [], path.name


def test_the_manifest_lists_exactly_the_published_files(out: Path) -> None:
    listed = set(json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"])
    published = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"manifest.json"}
    assert listed == published
    assert not listed & set(AWARD_FILES)
