"""The second shipped sample run, RUN=2026: Khánh Hòa on the post-2025 structure, run once end to end.

One pipeline run (module-scoped) in a copy of the repository, then `python -m lib template --run 2026`. The
oracles are hand-written from the reference files and params/2026.yaml: 65 commune-level units (48 xã, 16
phường, 1 đặc khu, data/external/khanh_hoa_2025_communes.csv), no district, Sở Khoa học và Công nghệ tỉnh
Khánh Hòa as standing body (symbol TTr-SKHCN), prize money under Nghị định 98/2023 at the base salary of
2.340.000 đồng (individual 1,0 × 2.340.000 = 2.340.000 đồng; collective twice that, 4.680.000 đồng).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from lib.contract.quality_rules import RULES
from lib.run.sample_data import load_sample_spec
from tests.support.documents import docx_text
from tests.support.pipeline import copy_repo, run_cli

pytestmark = pytest.mark.slow

# What a 2026 output must not say: the former province, the district level, the merged department.
WRONG = re.compile(r"Ninh Thuận|[Hh]uyện|[Tt]hị trấn|TT&TT|Thông tin và Truyền thông|STTTT|2023")
# Allowed: the decree's own number and date (Nghị định số 98/2023/NĐ-CP ngày 31/12/2023) wherever it is cited,
# the previous run's published files the comparison reads (outputs/2023/scores.csv in the provenance), and the
# crosswalk's read summary in data_quality.xlsx («so với lần đánh giá 2023»).
ALLOWED = re.compile(r"98/2023/NĐ-CP( ngày 31/12/2023)?|outputs/2023/[\w.]+|lần đánh giá 2023")
# Where each planted case with a rule is reported: (unit code in data_quality.xlsx, file, rule).
EXPECTED: dict[str, tuple[str | None, str, str]] = {
    "NFD text": ("22558", "submissions/22558.xlsx", "text_repaired"),
    "tone placement Hoà/Uỷ": ("22558", "submissions/22558.xlsx", "text_repaired"),
    "TCVN3 text": ("22651", "submissions/22651.xlsx", "text_repaired"),
    "number as text with separators": ("22366", "submissions/22366.xlsx", "text_number"),
    "percent as 75.5": ("22333", "submissions/22333.xlsx", "percent_scale"),
    "percent as text '75,5%'": ("S-NV", "submissions/S-NV.xlsx", "text_percent"),
    "fraction in one cell": ("22390", "submissions/22390.xlsx", "fraction_in_cell"),
    "text dates": ("22411", "submissions/22411.xlsx", "text_date"),
    "resubmission": (None, "submissions/S-YT_lan1.xlsx", "superseded"),
    "unknown unit code": (None, "submissions/99999.xlsx", "unit_unknown"),
    "numerator above denominator": ("22813", "submissions/22813.xlsx", "numerator_above_denominator"),
    "negative count": ("22420", "submissions/22420.xlsx", "negative_count"),
    "subtotal row": ("22528", "submissions/22528.xlsx", "subtotal_row"),
    "corrupt file": (None, "submissions/22597.xlsx", "file_unreadable"),
    "commune identified by its name alone": ("22465", "submissions/22465.xlsx", "unit_resolved_by_name"),
    "special zone by name": ("22736", "submissions/22736.xlsx", "unit_resolved_by_name"),
    "commune over-reports online dossiers": ("22870", "systems/portal_hoso.csv", "system_gap_used"),
    "signed-document rate confirmed": ("S-VHTT", "systems/vbdh_kyso.csv", "system_confirmed"),
    "document-system gap settled by the appraisal": ("22780", "appraisal/tham_dinh.csv", "appraisal_confirmed"),
    "document-system gap not yet appraised": ("22465", "systems/vbdh_kyso.csv", "system_gap_needs_appraisal"),
    "discipline corrected by the appraisal": ("22849", "appraisal/tham_dinh.csv", "appraisal_adjusted"),
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, published: Path) -> Path:
    """A repository copy in which `report --run 2026` and `template --run 2026` have succeeded.

    2026 is compared with 2023 (params previous_run): the session's published 2023 run is copied in, so the
    2023 pipeline is not run a second time.
    """
    copy = copy_repo(tmp_path_factory.mktemp("run2026") / "repo")
    shutil.copytree(published / "outputs" / "2023", copy / "outputs" / "2023")
    done = run_cli(copy, "report", "--run", "2026")
    assert done.returncode == 0, done.stderr[-3000:]
    done = run_cli(copy, "template", "--run", "2026")
    assert done.returncode == 0, done.stderr[-3000:]
    return copy


@pytest.fixture(scope="module")
def out(repo: Path) -> Path:
    return repo / "outputs" / "2026"


@pytest.fixture(scope="module")
def findings(out: Path) -> pd.DataFrame:
    return pd.read_excel(out / "data_quality.xlsx", sheet_name="ChiTiet", dtype=str, engine="openpyxl").fillna("")


def _xlsx_texts(path: Path) -> Iterator[str]:
    book = load_workbook(path, read_only=True)
    for sheet in book.worksheets:
        yield sheet.title
        for row in sheet.iter_rows(values_only=True):
            yield from (v for v in row if isinstance(v, str))


def _html_text(path: Path) -> str:
    """The report's visible text without section 10, the comparison with the previous run (h2#so-sanh and what
    follows it up to the next h2): that section names 2023 and the 2023 units on purpose."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    heading = soup.find(id="so-sanh")
    if heading is not None:
        for sibling in list(heading.find_next_siblings()):
            if sibling.name == "h2":
                break
            sibling.decompose()
        heading.decompose()
    return soup.get_text(" ")


def _wrong_words(texts: dict[str, str]) -> list[str]:
    """Each forbidden word found, with its file and some context."""
    found = []
    for name, text in texts.items():
        text = ALLOWED.sub("", text)
        found += [f"{name}: …{text[max(0, m.start() - 50) : m.end() + 50]}…" for m in WRONG.finditer(text)]
    return found


def test_every_commune_level_unit_is_scored_in_one_group_and_no_district(out: Path) -> None:
    scores = pd.read_csv(out / "scores.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    groups = scores["unit_group"].value_counts().to_dict()
    assert groups["ubnd_xa"] == 48 + 16 + 1
    assert "ubnd_huyen" not in groups
    assert set(scores["admin_level"]) <= {"tinh", "xa", ""}
    communes = scores[scores["unit_group"] == "ubnd_xa"]["unit_name"]
    assert communes.str.startswith("Ủy ban nhân dân đặc khu").sum() == 1
    assert communes.str.startswith("Ủy ban nhân dân phường").sum() == 16


def test_documents_name_the_standing_body_the_province_and_the_2022_law(out: Path) -> None:
    to_trinh = docx_text(out / "to_trinh.docx")
    assert "SỞ KHOA HỌC" in to_trinh and "UBND TỈNH KHÁNH HÒA" in to_trinh
    assert "TTr-SKHCN" in to_trinh
    assert "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022" in to_trinh
    decision = docx_text(out / "du_thao_quyet_dinh.docx")
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA" in decision
    assert "Sở Khoa học và Công nghệ tỉnh Khánh Hòa" in decision
    assert "Nghị định số 98/2023/NĐ-CP" in decision
    assert "2.340.000 đồng" in decision and "4.680.000 đồng" in decision


def test_the_annex_line_names_the_2026_proposal(out: Path) -> None:
    lines = list(_xlsx_texts(out / "award_list.xlsx"))
    assert "(Kèm theo Tờ trình số ……/TTr-SKHCN ngày ……/……/2026 của Sở Khoa học và Công nghệ tỉnh Khánh Hòa)" in lines


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_planted_case_is_reported_on_its_unit(findings: pd.DataFrame, case: str) -> None:
    unit, file, rule = EXPECTED[case]
    rows = findings[(findings["Tệp"] == file) & (findings["Message (English)"] == RULES[rule].en)]
    if unit is not None:
        rows = rows[rows["Mã đơn vị"] == unit]
    assert len(rows) >= 1, (case, file, rule)


def test_every_planted_case_of_the_spec_has_an_expectation(repo: Path) -> None:
    spec = load_sample_spec(repo / "params" / "samples" / "2026.yaml", repo)
    planted = {p["case"]: p["rule"] for p in spec.cases if p["rule"]}
    assert planted == {case: rule for case, (_, _, rule) in EXPECTED.items()}


def test_a_unit_without_its_code_is_told_to_write_the_code_not_a_district(findings: pd.DataFrame) -> None:
    """No district exists: the commune and the special zone found by name are told to give their code."""
    for unit in ("22465", "22736"):
        rows = findings[(findings["Mã đơn vị"] == unit) & (findings["Tệp"] == f"submissions/{unit}.xlsx")]
        row = rows[rows["Cột"] == "Mã đơn vị"].iloc[0]
        assert "mã đơn vị" in row["Cách khắc phục"].lower()
        assert not WRONG.search(row["Nội dung"] + row["Cách khắc phục"])


def test_no_output_speaks_of_the_former_province_districts_or_2023(repo: Path, out: Path) -> None:
    texts = {"report.html": _html_text(out / "report.html")}
    for name in ("to_trinh.docx", "du_thao_quyet_dinh.docx"):
        texts[name] = docx_text(out / name)
    books = [out / "award_list.xlsx", out / "data_quality.xlsx", *sorted((out / "feedback").glob("*.xlsx"))]
    books.append(repo / "outputs" / "templates" / "mau_bao_cao_2026.xlsx")
    for book in books:
        texts[book.relative_to(repo).as_posix()] = "\n".join(_xlsx_texts(book))
    assert len(books) > 80
    wrong = _wrong_words(texts)
    assert wrong == [], f"{len(wrong)} found, e.g. {wrong[:8]}"
