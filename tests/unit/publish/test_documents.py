"""The Tờ trình and the draft decision (lib.publish.documents), opened with python-docx.

A small award list written by hand (2 collectives and 3 individuals recommended, others reserve
or excluded) is built into both documents with the 2023 params and the repository's wording.
Oracles are worked out by hand: 2 × 3.600.000 + 3 × 1.800.000 = 12.600.000 đồng, "Mười hai triệu
sáu trăm nghìn đồng"; the layout numbers are Nghị định 30/2020, Phụ lục I's ranges.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from docx.shared import Mm

from lib.contract.params import Params
from lib.publish.documents import (
    QUYET_DINH_FILE,
    TO_TRINH_FILE,
    WordingError,
    build_quyet_dinh,
    build_to_trinh,
    write_documents,
)
from tests.support.documents import CODE_WORDS, all_paragraphs, all_text, open_docx, runs_with

ROOT = Path(__file__).resolve().parents[3]
WORDING = ROOT / "params" / "documents"
SECRET_CODE = "058090001234"  # what a unit might type as a person code: never printed

RECOMMENDED_COLLECTIVES = ["Sở Văn hóa, Thể thao và Du lịch", "Ủy ban nhân dân xã Phước Minh"]
RECOMMENDED_INDIVIDUALS = ["Đỗ Quốc Tuấn", "Ngô Hữu Tâm", "Võ Minh Thủy"]
NOT_RECOMMENDED = ["Tỉnh Đoàn", "Sở Giao thông vận tải", "Bùi Văn Phúc", "Lê Văn Hòa"]


def _row(kind: str, status: str, rank: float, name: str, unit: str, position: str = "", reasons: str = "") -> dict:
    return {
        "kind": kind,
        "status": status,
        "rank": rank,
        "nominee_code": f"X-{name[:3]}",
        "nominee_name": name,
        "unit_code": "22906",
        "person_code": SECRET_CODE,
        "score": 80.0,
        "reasons": reasons or f"Thành tích của {name}",
        "position": position or None,
        "unit_name": unit,
        "unit_group": "ubnd_xa",
    }


@pytest.fixture(scope="module")
def awards() -> pd.DataFrame:
    rows = [
        # Out of rank order on purpose: the annex lists by rank.
        _row("tap_the", "de_nghi", 2, RECOMMENDED_COLLECTIVES[1], RECOMMENDED_COLLECTIVES[1]),
        _row("tap_the", "de_nghi", 1, RECOMMENDED_COLLECTIVES[0], RECOMMENDED_COLLECTIVES[0]),
        _row("tap_the", "du_bi", 3, "Tỉnh Đoàn", "Tỉnh Đoàn"),
        _row("tap_the", "khong_du_dieu_kien", float("nan"), "Sở Giao thông vận tải", "Sở Giao thông vận tải"),
        _row("ca_nhan", "de_nghi", 1, "Đỗ Quốc Tuấn", "Ủy ban nhân dân xã Thành Hải", "Chủ tịch UBND"),
        _row("ca_nhan", "de_nghi", 2, "Ngô Hữu Tâm", "Ủy ban nhân dân xã Bắc Phong", "Công chức Văn phòng - Thống kê"),
        _row("ca_nhan", "de_nghi", 3, "Võ Minh Thủy", "Ủy ban nhân dân xã Phước Chiến"),
        _row("ca_nhan", "du_bi", 4, "Bùi Văn Phúc", "Ủy ban nhân dân phường Mỹ Hải", "Chuyên viên"),
        _row("ca_nhan", "khong_du_dieu_kien", float("nan"), "Lê Văn Hòa", "Ủy ban nhân dân thành phố", "Chuyên viên"),
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    return pd.DataFrame({"unit_code": ["a", "b", "c", "d"], "submitted": [True, True, False, True]})


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, awards, scores, params_2023: Params) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("documents")
    paths = write_documents(awards, scores, out, params_2023, ROOT / "params")
    return {p.name: p for p in paths}


@pytest.fixture(params=[TO_TRINH_FILE, QUYET_DINH_FILE])
def document(request, built):
    return open_docx(built[request.param])


def test_both_files_are_written_under_their_names(built) -> None:
    assert set(built) == {"to_trinh.docx", "du_thao_quyet_dinh.docx"}


def test_every_section_is_a4_with_the_margins_of_appendix_1(document) -> None:
    assert len(document.sections) == 2  # the document, then the attached list
    for section in document.sections:
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
        # Word keeps lengths in twips (1/1440 inch): 15 mm is stored as 14.993 mm.
        top, bottom, left, right = (round(m.mm, 1) for m in (section.top_margin, section.bottom_margin,
                                                              section.left_margin, section.right_margin))  # fmt: skip
        assert 20 <= top <= 25 and 20 <= bottom <= 25
        assert 30 <= left <= 35 and 15 <= right <= 20


def test_the_body_is_times_new_roman_13_to_14_pt(document) -> None:
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14
    body_runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    assert body_runs
    for run in body_runs:
        assert run.font.name in (None, "Times New Roman")
        assert run.font.size is None or 13 <= run.font.size.pt <= 14, run.text


def test_quoc_hieu_is_bold_capitals_12_13_pt_and_tieu_ngu_bold_13_14_pt(document) -> None:
    (quoc_hieu,) = runs_with(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert quoc_hieu.bold and quoc_hieu.text.isupper() and 12 <= quoc_hieu.font.size.pt <= 13
    (tieu_ngu,) = runs_with(document, "Độc lập - Tự do - Hạnh phúc")
    assert tieu_ngu.bold and 13 <= tieu_ngu.font.size.pt <= 14


def test_noi_nhan_is_12_pt_bold_italic_and_its_list_11_pt(document) -> None:
    (title,) = runs_with(document, "Nơi nhận:")
    assert title.bold and title.italic and title.font.size.pt == 12
    cell = next(c for t in document.tables for c in t.rows[0].cells if c.paragraphs[0].text == "Nơi nhận:")
    items = cell.paragraphs[1:]
    assert len(items) >= 3 and all(p.text.startswith("- ") for p in items)
    assert all(r.font.size.pt == 11 for p in items for r in p.runs)


def test_pages_are_numbered_in_the_top_margin_from_page_2(document) -> None:
    for section in document.sections:
        assert section.different_first_page_header_footer
        assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
        header = section.header.paragraphs[0]
        assert header.alignment == 1  # centred
        assert "PAGE" in "".join(header._p.itertext())
    annex_numbering = document.sections[1]._sectPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pgNumType"
    )
    assert annex_numbering is not None  # the attached list is numbered on its own


def test_the_header_table_has_no_borders_and_holds_number_date_and_national_title(document) -> None:
    header = document.tables[0]
    assert header.style is None or header.style.name in ("Normal Table", "Table Normal")
    left, right = (c.text for c in header.rows[0].cells)
    assert "Số:" in left and "/" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Ninh Thuận, ngày" in right
    assert round(sum(c.width.mm for c in header.rows[0].cells)) == 165


def test_to_trinh_has_its_parts(built) -> None:
    doc = open_docx(built[TO_TRINH_FILE])
    text = all_text(doc)
    assert "Số:        /TTr-STTTT" in text
    assert "TỜ TRÌNH" in text and "Kính gửi:" in text and "(qua Sở Nội vụ)" in text
    bases = [p.text for p in doc.paragraphs if p.text.startswith("Căn cứ ")]
    assert bases == [
        "Căn cứ Luật Thi đua, Khen thưởng năm 2003 (sửa đổi, bổ sung năm 2005, 2013);",
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ;",
        "Căn cứ Hướng dẫn số 2730/HD-SNV ngày 06/9/2022 của Sở Nội vụ;",
    ]
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text
    # The evaluation's result: 3 of 4 units reported; 4 collectives and 5 individuals nominated, of whom
    # 2 + 1 reserve collectives and 3 + 1 reserve individuals passed the gates.
    assert "Có 3/4 cơ quan, đơn vị, địa phương" in text
    assert "04 tập thể và 05 cá nhân; trong đó 03 tập thể và 04 cá nhân đủ điều kiện" in text
    assert "DANH SÁCH ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" in text
    assert "(Kèm theo Tờ trình số        /TTr-STTTT ngày" in text


def test_quyet_dinh_has_its_parts(built) -> None:
    doc = open_docx(built[QUYET_DINH_FILE])
    text = all_text(doc)
    assert "Số:        /QĐ-UBND" in text and "QUYẾT ĐỊNH" in text and "QUYẾT ĐỊNH:" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NINH THUẬN" in text
    bases = [p.text for p in doc.paragraphs if p.text.startswith("Căn cứ ")]
    assert bases[0] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
    assert len(bases) == 2 + 3 + 1  # the Chairman's competence, legal_basis, the plan
    for label in ("Điều 1.", "Điều 2.", "Điều 3."):
        assert any(p.text.startswith(label) for p in doc.paragraphs), label
    assert "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 02 tập thể và 03 cá nhân" in text
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text
    assert "(Kèm theo Quyết định số        /QĐ-UBND ngày" in text


def test_the_signature_block_leaves_room_to_sign(document) -> None:
    closing = next(t for t in document.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    signer = closing.rows[0].cells[1].paragraphs
    blank = [p for p in signer if not p.text.strip()]
    assert len(blank) >= 3  # the room for a hand or digital signature
    assert signer[-1].text == "Họ và tên người ký" and signer[-1].runs[0].bold


def test_the_annex_names_every_recommended_nominee_in_rank_order_and_no_one_else(document) -> None:
    annex = [t for t in document.tables if t.rows[0].cells[0].text == "STT"]
    assert len(annex) == 2  # I. Tập thể, II. Cá nhân
    collectives = [row.cells[1].text for row in annex[0].rows[1:]]
    individuals = [row.cells[1].text for row in annex[1].rows[1:]]
    assert collectives == RECOMMENDED_COLLECTIVES and individuals == RECOMMENDED_INDIVIDUALS
    assert [row.cells[0].text for row in annex[1].rows[1:]] == ["1", "2", "3"]
    text = all_text(document)
    assert "I. TẬP THỂ (02 tập thể)" in text and "II. CÁ NHÂN (03 cá nhân)" in text
    for name in NOT_RECOMMENDED:
        assert name not in text, name


def test_position_and_unit_share_a_column(built) -> None:
    doc = open_docx(built[QUYET_DINH_FILE])
    individuals = [t for t in doc.tables if t.rows[0].cells[0].text == "STT"][1]
    assert [row.cells[2].text for row in individuals.rows[1:]] == [
        "Chủ tịch UBND, Ủy ban nhân dân xã Thành Hải",
        "Công chức Văn phòng - Thống kê, Ủy ban nhân dân xã Bắc Phong",
        "Ủy ban nhân dân xã Phước Chiến",  # no position typed: the unit alone
    ]


def test_the_tờ_trình_states_the_amounts_and_the_total_in_figures_and_words(built) -> None:
    text = all_text(open_docx(built[TO_TRINH_FILE]))
    assert "mỗi tập thể được tặng Bằng khen kèm theo tiền thưởng 3.600.000 đồng, mỗi cá nhân 1.800.000 đồng" in text
    assert "02 tập thể × 3.600.000 đồng + 03 cá nhân × 1.800.000 đồng = 12.600.000 đồng" in text
    assert "(Bằng chữ: Mười hai triệu sáu trăm nghìn đồng)" in text
    assert "mức lương cơ sở 1.800.000 đồng" in text and "01/07/2023" in text


def test_the_decision_states_the_total_too(built) -> None:
    text = all_text(open_docx(built[QUYET_DINH_FILE]))
    assert "tổng số tiền thưởng 12.600.000 đồng (Bằng chữ: Mười hai triệu sáu trăm nghìn đồng)" in text


def test_no_code_word_no_code_and_no_person_code_is_printed(document) -> None:
    text = all_text(document)
    for word in CODE_WORDS:
        pattern = re.escape(word) if not word.isalnum() and "_" not in word else rf"(?<!\w){re.escape(word)}(?!\w)"
        assert not re.search(pattern, text), word
    assert SECRET_CODE not in text and "X-" not in text and "22906" not in text
    assert "80,0" not in text  # the score is the list's business, not the annex's


def test_two_builds_give_identical_bytes_and_fixed_properties(awards, scores, params_2023, built) -> None:
    for build, name in ((build_to_trinh, TO_TRINH_FILE), (build_quyet_dinh, QUYET_DINH_FILE)):
        assert build(awards, scores, params_2023, WORDING) == built[name].read_bytes()
        core = open_docx(built[name]).core_properties
        assert core.author == "" and core.last_modified_by == "" and core.revision == 1
        assert core.created.date() == params_2023.as_of and core.modified == core.created


def test_the_wording_comes_from_the_templates(tmp_path, awards, scores, params_2023) -> None:
    folder = shutil.copytree(WORDING, tmp_path / "documents")
    path = folder / "to_trinh.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("- Như trên;", "- Văn phòng Ủy ban nhân dân tỉnh;"), encoding="utf-8"
    )
    out = tmp_path / "out"
    out.mkdir()
    write_documents(awards, scores, out, params_2023.with_changes({"documents.templates": "documents"}), tmp_path)
    text = all_text(open_docx(out / TO_TRINH_FILE))
    assert "- Văn phòng Ủy ban nhân dân tỉnh;" in text and "- Như trên;" not in text


def test_a_misspelt_placeholder_stops_naming_it(tmp_path, awards, scores, params_2023) -> None:
    folder = shutil.copytree(WORDING, tmp_path / "documents")
    path = folder / "quyet_dinh.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{award}", "{awrad}"), encoding="utf-8")
    with pytest.raises(WordingError, match=r"\{awrad\} is unknown"):
        build_quyet_dinh(awards, scores, params_2023, folder)


def test_an_empty_part_says_so_and_the_total_counts_what_is_listed(tmp_path, awards, scores, params_2023) -> None:
    only_collectives = awards[~((awards["kind"] == "ca_nhan") & (awards["status"] == "de_nghi"))]
    out = tmp_path / "out"
    out.mkdir()
    write_documents(only_collectives, scores, out, params_2023, ROOT / "params")
    text = all_text(open_docx(out / TO_TRINH_FILE))
    assert "II. CÁ NHÂN (00 cá nhân)" in text and "(không có)" in text
    assert "= 7.200.000 đồng (Bằng chữ: Bảy triệu hai trăm nghìn đồng)" in text


def test_a_control_character_a_unit_typed_is_dropped_not_fatal(tmp_path, awards, scores, params_2023) -> None:
    typed = awards.copy()
    typed.loc[typed["nominee_name"] == "Ngô Hữu Tâm", "nominee_name"] = "Ngô Hữu\x0b Tâm"
    out = tmp_path / "out"
    out.mkdir()
    write_documents(typed, scores, out, params_2023, ROOT / "params")
    assert "Ngô Hữu Tâm" in all_text(open_docx(out / QUYET_DINH_FILE))


def test_the_header_columns_and_rules_follow_params(document, params_2023) -> None:
    header = params_2023.documents.header
    left, right = document.tables[0].rows[0].cells
    assert abs(left.width - Mm(header.left_mm)) < Mm(0.1) and abs(right.width - Mm(header.right_mm)) < Mm(0.1)
    rules = [p for p in all_paragraphs(document) if p._p.pPr is not None and p._p.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") is not None]  # fmt: skip
    assert len(rules) >= 3  # under the issuing body, under the Tiêu ngữ, under the title
