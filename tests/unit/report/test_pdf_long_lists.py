"""report.pdf prints the first report.max_table_rows items of a longer list and says where the rest is;
report.html keeps every item. Checked on a real PDF written by WeasyPrint and read back with pypdf."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pypdf import PdfReader

from lib.contract.params import load_params
from lib.report.pdf import write_report_pdf

ROOT = Path(__file__).resolve().parents[3]


def _page(items: int) -> str:
    lines = "".join(f"<li>Dòng số {i}</li>" for i in range(1, items + 1))
    return f'<!DOCTYPE html><html lang="vi"><body><h4>Bằng điểm</h4><ul>{lines}</ul><p>Hết.</p></body></html>'


def _printed(tmp_path: Path, items: int, limit: int) -> str:
    params = load_params(ROOT / "params" / "2023.yaml")
    params = dataclasses.replace(params, report=dataclasses.replace(params.report, max_table_rows=limit))
    html = tmp_path / "report.html"
    html.write_text(_page(items), encoding="utf-8")
    write_report_pdf(html, tmp_path / "report.pdf", params)
    return "\n".join(page.extract_text() for page in PdfReader(tmp_path / "report.pdf").pages)


def test_a_list_longer_than_the_limit_prints_its_first_items_and_a_note(tmp_path: Path) -> None:
    text = _printed(tmp_path, items=1234, limit=3)
    assert "Dòng số 1" in text and "Dòng số 3" in text
    assert "Dòng số 4" not in text and "Dòng số 1234" not in text
    assert "Bản in hiển thị 3/1.234 dòng đầu; đầy đủ trong report.html." in text
    assert "Hết." in text
    assert "Dòng số 4" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_a_list_at_the_limit_prints_whole_without_a_note(tmp_path: Path) -> None:
    text = _printed(tmp_path, items=3, limit=3)
    assert "Dòng số 3" in text
    assert "Bản in hiển thị" not in text
