"""Reading a generated docx back the way a reader meets it (python-docx), for the documents' tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

# Codes of the vocabularies (lib.contract.labels) and words of the code that must never be printed.
CODE_WORDS = (
    "tap_the", "ca_nhan", "de_nghi", "du_bi", "ngoai_danh_sach", "khong_du_dieu_kien",
    "so_ban_nganh", "mttq_doan_the", "ubnd_huyen", "ubnd_xa", "doanh_nghiep", "to_chuc_khac",
    "recommended", "rejected", "accepted", "superseded", "reserve", "excluded", "collective", "individual",
    "nominee_code", "unit_code", "nan", "None", "{", "}",
)  # fmt: skip


def open_docx(path: Path) -> Document:
    """The file opened by python-docx (a file Word cannot read fails here first)."""
    return docx.Document(str(path))


def table_paragraphs(table: Table) -> Iterator[Paragraph]:
    """Every paragraph of a table, nested tables included."""
    for row in table.rows:
        for cell in row.cells:
            yield from cell.paragraphs
            for inner in cell.tables:
                yield from table_paragraphs(inner)


def all_paragraphs(doc: Document) -> list[Paragraph]:
    """Body paragraphs, then those of every table (header table, closing, annex), in document order per kind."""
    found = list(doc.paragraphs)
    for table in doc.tables:
        found += list(table_paragraphs(table))
    return found


def all_text(doc: Document) -> str:
    """Every visible text of the document (body, tables, page headers), one paragraph a line."""
    lines = [p.text for p in all_paragraphs(doc)]
    for section in doc.sections:
        lines += [p.text for p in section.header.paragraphs] + [p.text for p in section.first_page_header.paragraphs]
    return "\n".join(lines)


def runs_with(doc: Document, text: str) -> list:
    """The runs whose text is exactly ``text`` (stripped)."""
    return [run for p in all_paragraphs(doc) for run in p.runs if run.text.strip() == text]


def docx_text(path: Path) -> str:
    """A docx file as text, for scans of every published file."""
    return all_text(open_docx(path))
