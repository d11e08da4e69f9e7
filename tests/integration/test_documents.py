"""The published Tờ trình and draft decision of the 2023 sample run, opened with python-docx.

The oracle is the published award_list.csv read here with the csv module: every recommended
nominee must be named in both annexes, nobody else; the total is counted by hand from that csv
with the amounts Decree 91/2017 gives on the 1.800.000 đồng base salary (3.600.000 a collective,
1.800.000 an individual: both already multiples of 10.000, so the rounding leaves them).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from tests.support.documents import CODE_WORDS, all_text, open_docx, runs_with

pytestmark = pytest.mark.slow
FILES = ("to_trinh.docx", "du_thao_quyet_dinh.docx")
COLLECTIVE_AMOUNT, INDIVIDUAL_AMOUNT = 3_600_000, 1_800_000


def _award_rows(out: Path) -> list[dict[str, str]]:
    with (out / "award_list.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def out(published: Path) -> Path:
    return published / "outputs" / "2023"


@pytest.fixture(scope="module", params=FILES)
def text_of(request, out: Path) -> tuple[str, str]:
    return request.param, all_text(open_docx(out / request.param))


def test_both_documents_are_published_and_in_the_manifest(out: Path) -> None:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(FILES) <= set(manifest["outputs"])
    assert {f"params/documents/{n}.yaml" for n in ("chung", "to_trinh", "quyet_dinh")} <= set(manifest["inputs"])


def test_every_recommended_nominee_is_named_and_no_other(out: Path, text_of) -> None:
    name, text = text_of
    rows = _award_rows(out)
    recommended = [r["nominee_name"] for r in rows if r["status"] == "de_nghi"]
    # A unit not recommended as a collective may still be named as a recommended person's unit.
    named_units = {r["unit_name"] for r in rows if r["status"] == "de_nghi"}
    others = {r["nominee_name"] for r in rows if r["status"] != "de_nghi"} - set(recommended) - named_units
    assert recommended
    for nominee in recommended:
        assert nominee in text, (name, nominee)
    for nominee in others:
        assert nominee not in text, (name, nominee)


def test_the_total_prize_money_is_counted_from_the_list(out: Path, text_of) -> None:
    _, text = text_of
    rows = [r for r in _award_rows(out) if r["status"] == "de_nghi"]
    collectives = sum(r["kind"] == "tap_the" for r in rows)
    individuals = sum(r["kind"] == "ca_nhan" for r in rows)
    assert (collectives, individuals) == (5, 7)  # the sample fills both caps
    total = collectives * COLLECTIVE_AMOUNT + individuals * INDIVIDUAL_AMOUNT
    assert total == 30_600_000
    assert "30.600.000 đồng (Bằng chữ: Ba mươi triệu sáu trăm nghìn đồng)" in text
    assert "3.600.000 đồng" in text and "1.800.000 đồng" in text


def test_no_code_word_and_no_public_code_is_printed(out: Path, text_of) -> None:
    name, text = text_of
    for word in CODE_WORDS:
        pattern = re.escape(word) if not word.isalnum() and "_" not in word else rf"(?<!\w){re.escape(word)}(?!\w)"
        assert not re.search(pattern, text), (name, word)
    for row in _award_rows(out):
        if row["kind"] == "ca_nhan":
            assert row["nominee_code"] not in text, (name, row["nominee_code"])


def test_the_published_files_keep_the_layout(out: Path) -> None:
    for name in FILES:
        doc = open_docx(out / name)
        for section in doc.sections:
            assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
            assert 20 <= round(section.top_margin.mm, 1) <= 25 and 30 <= round(section.left_margin.mm, 1) <= 35
            assert 15 <= round(section.right_margin.mm, 1) <= 20 and 20 <= round(section.bottom_margin.mm, 1) <= 25
        assert doc.styles["Normal"].font.name == "Times New Roman"
        (quoc_hieu,) = runs_with(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        assert quoc_hieu.bold
        (noi_nhan,) = runs_with(doc, "Nơi nhận:")
        assert noi_nhan.bold and noi_nhan.italic and noi_nhan.font.size.pt == 12
        text = all_text(doc)
        assert "I. TẬP THỂ (05 tập thể)" in text and "II. CÁ NHÂN (07 cá nhân)" in text and "Kèm theo" in text
