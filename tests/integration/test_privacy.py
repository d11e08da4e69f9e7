"""No personal identifier a unit typed reaches any published file, whatever its format (SPEC §5).

Personal values are planted in real workbooks, in the formats offices type them
(citizen IDs with spaces, dots or dashes, a citizen ID used as person code,
phones with +84, passports, e-mails in free text); the whole pipeline runs and
every published file (html, csv, xlsx, the executed notebooks) is scanned.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from lib.contract.params import Params
from tests.support.documents import docx_text
from tests.support.hostile_corpus import SAMPLE_RAW, info, person, save, workbook, write_valid_units
from tests.support.pipeline import copy_repo, run_cli

pytestmark = pytest.mark.slow

# (what the unit typed, where): every one must be absent from every published file.
CITIZEN_ID_AS_CODE = "058090001299"
PLANTED = {
    CITIZEN_ID_AS_CODE: "person_code",
    "058 090 001 235": "id_number",
    "0912.345.679": "phone",
    "an.tv@gmail.com": "email",
    "058.090.001.236": "achievement_summary",
    "079-203-004-567": "achievement_summary",
    "+84 912 345 680": "achievement_summary",
    "C7654321": "achievement_summary",
    "binh.lt@yahoo.com": "achievement_summary",
    "123.456.781": "initiative_name",
    "0259-3822-124": "position",
}
# A document number in the same text is not personal and must stay as typed.
DOCUMENT_NUMBER = "Số 123456789/QĐ-UBND"


def _planted_workbook(params: Params, sub: Path) -> Path:
    """Commune 22906 nominates two people; every personal value is in a cell of theirs."""
    summary = (
        "Chủ trì số hóa hồ sơ; CCCD 058.090.001.236, căn cước 079-203-004-567; ĐT +84 912 345 680; "
        f"hộ chiếu số C7654321; thư binh.lt@yahoo.com; theo {DOCUMENT_NUMBER}."
    )
    people = [
        person(
            CITIZEN_ID_AS_CODE,
            full_name="Trần Văn An",
            id_number="058 090 001 235",
            phone="0912.345.679",
            email="an.tv@gmail.com",
            achievement_summary=summary,
            initiative_name="Số hóa hồ sơ (CMND 123.456.781)",
            position="Chuyên viên, ĐT 0259-3822-124",
        ),
        person(CITIZEN_ID_AS_CODE, full_name="Lê Thị Bình"),  # the same code again: the finding must not show it
    ]
    return save(workbook(params, info("22906", "UBND xã Phước Minh"), individuals=people), sub / "22906.xlsx")


def _published_texts(out: Path) -> dict[str, str]:
    """Every published file as text: xlsx by cell, docx by paragraph, the PDF as pypdf reads it, the rest decoded."""
    texts = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"):
        if path.suffix == ".xlsx":
            book = load_workbook(path, read_only=True)
            cells = (str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c is not None)
            texts[path.relative_to(out).as_posix()] = "\n".join(cells)
        elif path.suffix == ".docx":
            texts[path.relative_to(out).as_posix()] = docx_text(path)
        elif path.suffix == ".pdf":
            texts[path.relative_to(out).as_posix()] = "\n".join(p.extract_text() for p in PdfReader(path).pages)
        else:
            texts[path.relative_to(out).as_posix()] = path.read_text(encoding="utf-8-sig")
    return texts


def test_no_planted_personal_value_reaches_any_published_file(tmp_path: Path, params_2023: Params) -> None:
    repo = copy_repo(tmp_path / "repo")
    raw = repo / "data" / "raw" / "2023"
    shutil.rmtree(raw)
    (raw / "submissions").mkdir(parents=True)
    shutil.copyfile(SAMPLE_RAW / "registry.csv", raw / "registry.csv")
    write_valid_units(raw / "submissions", params_2023)
    _planted_workbook(params_2023, raw / "submissions")
    done = run_cli(repo, "report", "--run", "2023")
    assert done.returncode == 0, done.stderr[-3000:]
    texts = _published_texts(repo / "outputs" / "2023")
    kinds = {Path(name).suffix for name in texts}
    assert {".html", ".pdf", ".csv", ".xlsx", ".ipynb", ".docx"} <= kinds and "feedback/22906.xlsx" in texts
    digits_only = {re.sub(r"\D", "", v): v for v in PLANTED if sum(ch.isdigit() for ch in v) >= 9}
    leaks = [
        (secret, name)
        for name, text in texts.items()
        for secret in [*PLANTED, *digits_only]
        if secret in text or secret in re.sub(r"[ .\-]", "", text)
    ]
    assert not leaks, leaks
    # The nominees are there, under their derived public codes.
    award_csv = texts["award_list.csv"]
    assert "22906-CN01" in award_csv and "22906-CN02" in award_csv and "Trần Văn An" in award_csv
    processed = (repo / "data" / "processed" / "2023" / "individual_nominations.csv").read_text(encoding="utf-8-sig")
    assert CITIZEN_ID_AS_CODE in processed  # the submitted code stays in data/processed for joins
    assert DOCUMENT_NUMBER in processed and "058.090.001.236" not in processed  # redacted, the document kept
