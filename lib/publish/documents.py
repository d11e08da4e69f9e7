"""The documents the standing body sends up: the Tờ trình and the draft decision, with the list attached.

Plan §IV.4 and §V.1: Sở TT&TT "tổng hợp chung trình Chủ tịch Ủy ban nhân dân tỉnh (thông qua Sở
Nội vụ)"; Sở Nội vụ then prepares the decision. Both are laid out as Nghị định số 30/2020/NĐ-CP,
Phụ lục I wants (A4, margins, Times New Roman, the header table with Quốc hiệu and Tiêu ngữ, page
numbers from page 2, Nơi nhận, the signature block), with sizes from params ``documents``. Every
sentence comes from the wording templates (``params/documents/*.yaml``), filled from params and
from the award list's counts; what a unit typed (names, positions, achievements) only ever goes into
the annex tables as plain text. Numbers, days and signatures are left for the office to fill in.
Nothing personal beyond name, position and unit is written. The file's bytes depend only on the
inputs: fixed core properties (dates from params ``as_of``) and fixed zip entry times.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import string
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from lib.contract.formats import fmt_date, fmt_money, money_words
from lib.contract.labels import COLLECTIVE, EXCLUDED, INDIVIDUAL, RECOMMENDED
from lib.contract.params import DocumentIssuer, Params

TO_TRINH_FILE = "to_trinh.docx"
QUYET_DINH_FILE = "du_thao_quyet_dinh.docx"
WORDING_FILES = ("chung", "to_trinh", "quyet_dinh")
_CENTER, _JUSTIFY, _LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
# Characters XML 1.0 cannot hold (a docx is XML): dropped from a unit's text rather than failing the run.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# What may follow an element in its parent (ECMA-376 order): Word refuses a file whose order is wrong.
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_PGNUMTYPE = (
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter",
    "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip


class WordingError(ValueError):
    """A wording template that cannot be used; the message names the file and the key or placeholder."""


class _Wording(string.Formatter):
    """``{name}`` and ``{name:two|money|words|upper}`` filled from a flat mapping of facts, nothing else.

    No attribute or index look-up ("{a.b}", "{a[0]}"): a template reaches only the facts it is given.
    """

    def get_field(self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> tuple[Any, str]:
        if not field_name.isidentifier():
            raise WordingError(f"placeholder {{{field_name}}}: only plain names are allowed")
        if field_name not in kwargs:
            raise WordingError(f"placeholder {{{field_name}}} is unknown; known: {', '.join(sorted(kwargs))}")
        return kwargs[field_name], field_name

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "two":
            return f"{int(value):02d}"
        if format_spec == "money":
            return fmt_money(int(value))
        if format_spec == "words":
            return money_words(int(value))
        if format_spec == "upper":
            return str(value).upper()
        if format_spec:
            raise WordingError(f"format :{format_spec} is unknown; known: two, money, words, upper")
        return str(value)


def load_wording(folder: Path) -> dict[str, dict[str, Any]]:
    """The three wording files (chung, to_trinh, quyet_dinh) as mappings; a missing one names its path."""
    wording = {}
    for name in WORDING_FILES:
        path = folder / f"{name}.yaml"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise WordingError(f"{path}: cannot be read: {exc}") from exc
        if not isinstance(data, dict):
            raise WordingError(f"{path}: the top level must be a mapping of keys")
        wording[name] = data
    return wording


def fill(template: str, facts: Mapping[str, Any]) -> str:
    """One wording template with its placeholders filled (folded lines of the yaml already joined)."""
    return _Wording().vformat(template, (), facts)


def prize_total(collectives: int, individuals: int, params: Params) -> int:
    """The prize money of a list: each collective's and each individual's amount of params ``prize_money``."""
    money = params.prize_money
    return collectives * money.collective() + individuals * money.individual()


def document_facts(awards: pd.DataFrame, scores: pd.DataFrame, params: Params) -> dict[str, Any]:
    """Every value a wording template may name: params, counts of the award list and scores, the money."""
    kinds = {kind: awards[awards["kind"] == kind] for kind in (COLLECTIVE, INDIVIDUAL)}
    recommended = {kind: int((part["status"] == RECOMMENDED).sum()) for kind, part in kinds.items()}
    money = params.prize_money
    return {
        "year": params.as_of.year,
        "province": params.province,
        "movement": params.movement,
        "award": params.award.name,
        "issuer_name": params.issuing_body,
        "place": params.documents.place,
        "plan_reference": params.plan_reference,
        "to_trinh_symbol": params.documents.to_trinh.symbol,
        "deadline": params.award.deadline_label,
        "units": len(scores),
        "units_submitted": int(scores["submitted"].astype(bool).sum()),
        "nominated_collectives": len(kinds[COLLECTIVE]),
        "nominated_individuals": len(kinds[INDIVIDUAL]),
        "eligible_collectives": int((kinds[COLLECTIVE]["status"] != EXCLUDED).sum()),
        "eligible_individuals": int((kinds[INDIVIDUAL]["status"] != EXCLUDED).sum()),
        "collectives": recommended[COLLECTIVE],
        "individuals": recommended[INDIVIDUAL],
        "cap_collectives": params.caps.collectives,
        "cap_individuals": params.caps.individuals,
        "individual_amount": money.individual(),
        "collective_amount": money.collective(),
        "total": prize_total(recommended[COLLECTIVE], recommended[INDIVIDUAL], params),
        "base_salary": money.base_salary,
        "base_salary_from": fmt_date(money.base_salary_from),
        "base_salary_basis": money.base_salary_basis,
        "prize_basis": money.legal_basis,
        "individual_coefficient": f"{money.individual_coefficient:g}".replace(".", ","),
        "collective_multiple": f"{money.collective_multiple:g}".replace(".", ","),
    }


def annex_rows(awards: pd.DataFrame, kind: str) -> list[dict[str, str]]:
    """The recommended nominees of one kind in rank order, as the annex prints them (no code, no score)."""
    part = awards[(awards["kind"] == kind) & (awards["status"] == RECOMMENDED)].sort_values("rank", kind="stable")
    rows = []
    for i, rec in enumerate(part.itertuples(index=False), start=1):
        position = _text(rec.position)
        unit = _text(rec.unit_name)
        rows.append(
            {
                "number": str(i),
                "name": _text(rec.nominee_name),
                "position_unit": f"{position}, {unit}" if position and unit else position or unit,
                "achievements": _text(rec.reasons),
            }
        )
    return rows


def _text(value: Any) -> str:
    """A table value as docx text: blank for a missing value, never a character XML refuses."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else _NOT_XML.sub("", str(value))


class _Builder:
    """One document being laid out: the docx, its params, the shared wording and the facts."""

    def __init__(self, params: Params, common: Mapping[str, Any], facts: Mapping[str, Any]) -> None:
        self.params, self.layout, self.common, self.facts = params, params.documents, common, dict(facts)
        self.doc: DocxDocument = Document()
        self._styles()
        self._section(self.doc.sections[0], restart=False)

    def fill(self, template: str, **more: Any) -> str:
        """A template of this document filled with its facts (and a few local ones)."""
        return fill(template, {**self.facts, **more})

    def _styles(self) -> None:
        fonts, para = self.layout.fonts, self.layout.paragraph
        normal = self.doc.styles["Normal"]
        normal.font.name, normal.font.size = fonts.name, Pt(fonts.body_pt)
        fonts_xml = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts_xml.set(qn(attr), fonts.name)
        normal.paragraph_format.space_before, normal.paragraph_format.space_after = Pt(0), Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        self.body_format = (Mm(para.first_line_mm), Pt(para.space_after_pt), para.line_spacing)

    def _section(self, section: Any, restart: bool) -> None:
        """A4, the margins, no number on the section's first page, a centred PAGE field on the others."""
        page = self.layout.page
        section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
        section.top_margin, section.bottom_margin = Mm(page.top_mm), Mm(page.bottom_mm)
        section.left_margin, section.right_margin = Mm(page.left_mm), Mm(page.right_mm)
        section.header_distance = section.footer_distance = Mm(page.header_mm)
        section.different_first_page_header_footer = True
        section.header.is_linked_to_previous = False
        section.first_page_header.is_linked_to_previous = False
        header = section.header.paragraphs[0]
        header.alignment = _CENTER
        _page_field(header, Pt(self.layout.fonts.page_number_pt))
        if restart:
            number = OxmlElement("w:pgNumType")
            number.set(qn("w:start"), "1")
            section._sectPr.insert_element_before(number, *_AFTER_PGNUMTYPE)

    def para(
        self,
        text: str,
        where: Any = None,
        size: float | None = None,
        bold: bool = False,
        italic: bool = False,
        align: Any = _CENTER,
        body: bool = False,
        after: float = 0,
    ) -> Paragraph:
        """One paragraph of one run; ``body`` sets it as a body paragraph (justified, indented, spaced)."""
        paragraph = (where or self.doc).add_paragraph()
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size or self.layout.fonts.body_pt)
        fmt = paragraph.paragraph_format
        if body:
            fmt.first_line_indent, fmt.space_after, fmt.line_spacing = self.body_format
            paragraph.alignment = _JUSTIFY
        else:
            paragraph.alignment = align
            fmt.space_after = Pt(after)
        return paragraph

    def header(self, issuer: DocumentIssuer) -> None:
        """The two-column header without borders: issuing body and number left, Quốc hiệu right, date below."""
        fonts, head = self.layout.fonts, self.layout.header
        table = _plain_table(self.doc, (head.left_mm, head.right_mm))
        left, right = table.rows[0].cells
        _clear(left)
        for line in issuer.parent_body:
            self.para(line, left, size=fonts.issuer_pt)
        for line in issuer.issuer:
            self.para(line, left, size=fonts.issuer_pt, bold=True)
        _rule(self.para("", left, size=2), head.left_mm, head.issuer_rule_mm)
        number = self.para(self.fill(self.common["so"], symbol=issuer.symbol), left, size=fonts.issuer_pt)
        number.paragraph_format.space_before = Pt(6)
        _clear(right)
        self.para(self.common["quoc_hieu"], right, size=fonts.national_title_pt, bold=True)
        self.para(self.common["tieu_ngu"], right, size=fonts.motto_pt, bold=True)
        _rule(self.para("", right, size=2), head.right_mm, head.motto_rule_mm)
        for _ in issuer.parent_body:
            self.para("", right, size=fonts.issuer_pt)
        date = self.para(self.fill(self.common["ngay"], symbol=issuer.symbol), right, size=fonts.body_pt, italic=True)
        date.paragraph_format.space_before = Pt(6)

    def title(self, document_type: str, summary: str) -> None:
        """The document type in bold capitals, its summary in bold, a short rule under both."""
        fonts = self.layout.fonts
        self.para("", size=fonts.body_pt)
        self.para(document_type, size=fonts.title_pt, bold=True).paragraph_format.space_before = Pt(12)
        self.para(self.fill(summary), size=fonts.title_pt, bold=True)
        text_width = self.layout.header.left_mm + self.layout.header.right_mm
        _rule(self.para("", size=2, after=6), text_width, self.layout.header.title_rule_mm)

    def bases(self, bases: Sequence[str]) -> None:
        """One "Căn cứ …;" paragraph per basis, italic as Phụ lục I sets the bases of a decision."""
        for basis in bases:
            self.para(self.fill(self.common["can_cu"], basis=basis), body=True, italic=True)

    def closing(self, noi_nhan: Sequence[str], signer: Sequence[str]) -> None:
        """Nơi nhận bottom left (12 pt bold italic, its list 11 pt); the signer bottom right, room to sign."""
        fonts, head = self.layout.fonts, self.layout.header
        half = (head.left_mm + head.right_mm) / 2
        table = _plain_table(self.doc, (half - 5, half + 5))
        _keep_row_together(table.rows[0])
        left, right = table.rows[0].cells
        _clear(left)
        self.para(self.common["noi_nhan"], left, size=fonts.recipients_title_pt, bold=True, italic=True, align=_LEFT)
        for line in noi_nhan:
            self.para(f"- {self.fill(line)}", left, size=fonts.recipients_pt, align=_LEFT)
        _clear(right)
        for line in signer:
            self.para(self.fill(line), right, size=fonts.body_pt, bold=True)
        for _ in range(int(self.common["signature_space_lines"])):
            self.para("", right, size=fonts.body_pt)
        self.para(self.fill(self.common["signer_name"]), right, size=fonts.body_pt, bold=True)
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = True

    def annex(self, wording: Mapping[str, Any], awards: pd.DataFrame, symbol: str) -> None:
        """The attached list on a section of its own (numbered anew): I. Tập thể, II. Cá nhân."""
        fonts = self.layout.fonts
        self._section(self.doc.add_section(WD_SECTION.NEW_PAGE), restart=True)
        self.para(self.fill(wording["title"], symbol=symbol), size=fonts.title_pt, bold=True)
        self.para(self.fill(wording["subtitle"], symbol=symbol), size=fonts.body_pt, italic=True)
        self.para(self.fill(wording["lead"], symbol=symbol), size=fonts.body_pt, italic=True)
        text_width = self.layout.header.left_mm + self.layout.header.right_mm
        _rule(self.para("", size=2, after=6), text_width, self.layout.header.title_rule_mm)
        for kind, key, columns in (
            (COLLECTIVE, "collectives", wording["collective_columns"]),
            (INDIVIDUAL, "individuals", wording["individual_columns"]),
        ):
            heading = self.para(self.fill(wording[key]), bold=True, align=_LEFT, after=6)
            heading.paragraph_format.space_before = Pt(6)
            heading.paragraph_format.keep_with_next = True
            rows = annex_rows(awards, kind)
            if rows:
                self.annex_table(columns, rows)
            else:
                self.para(self.common["annex_none"], align=_LEFT)

    def annex_table(self, columns: Sequence[Mapping[str, Any]], rows: Sequence[Mapping[str, str]]) -> None:
        """A boxed table: a bold heading row repeated on every page, one row per nominee, rows never split."""
        size = self.layout.fonts.table_pt
        table = self.doc.add_table(rows=1 + len(rows), cols=len(columns))
        table.style = self.doc.styles["Table Grid"]
        _fix_widths(table, [float(c["width_mm"]) for c in columns])
        heading = table.rows[0]
        _repeat_heading(heading)
        for cell, column in zip(heading.cells, columns, strict=True):
            _clear(cell)
            self.para(str(column["head"]), cell, size=size, bold=True, after=3).paragraph_format.space_before = Pt(3)
        for row, values in zip(table.rows[1:], rows, strict=True):
            _keep_row_together(row)
            for cell, column in zip(row.cells, columns, strict=True):
                _clear(cell)
                field = str(column["field"])
                text = self.para(values[field], cell, size=size, align=_CENTER if field == "number" else _LEFT, after=3)
                text.paragraph_format.space_before = Pt(3)

    def to_bytes(self, title: str) -> bytes:
        """The docx as bytes that depend on the content only (see :func:`deterministic_docx`)."""
        return deterministic_docx(self.doc, title, self.params.as_of)


def build_to_trinh(awards: pd.DataFrame, scores: pd.DataFrame, params: Params, folder: Path) -> bytes:
    """to_trinh.docx: the standing body's Tờ trình to the Chairman, through Sở Nội vụ, and its annex."""
    wording = load_wording(folder)
    common, words = wording["chung"], wording["to_trinh"]
    issuer = params.documents.to_trinh
    doc = _Builder(params, common, document_facts(awards, scores, params))
    doc.header(issuer)
    doc.title(words["document_type"], words["summary"])
    recipients = [doc.fill(line) for line in words["kinh_gui"]]
    gap = "\u00a0" if len(recipients) == 1 else ""
    doc.para(f"{words['kinh_gui_label']}{gap} {' '.join(recipients)}", size=params.documents.fonts.body_pt, after=6)
    doc.bases(params.legal_basis)
    for item in words["body"]:
        if "heading" in item:
            doc.para(doc.fill(item["heading"]), bold=True, body=True).paragraph_format.keep_with_next = True
        else:
            doc.para(doc.fill(item["text"]), body=True)
    doc.closing(words["noi_nhan"], words["signer"])
    doc.annex(words["annex"], awards, issuer.symbol)
    return doc.to_bytes(doc.fill(words["summary"]))


def build_quyet_dinh(awards: pd.DataFrame, scores: pd.DataFrame, params: Params, folder: Path) -> bytes:
    """du_thao_quyet_dinh.docx: the draft decision Sở Nội vụ puts before the Chairman, with the same list."""
    wording = load_wording(folder)
    common, words = wording["chung"], wording["quyet_dinh"]
    issuer = params.documents.quyet_dinh
    doc = _Builder(params, common, document_facts(awards, scores, params))
    doc.header(issuer)
    doc.title(words["document_type"], words["summary"])
    doc.para(doc.fill(words["authority"]), bold=True, after=6)
    doc.bases([*issuer.authority_basis, *params.legal_basis, params.plan_reference])
    doc.para(doc.fill(words["proposal"]), body=True, italic=True)
    doc.para(doc.fill(words["decides"]), bold=True, after=6).paragraph_format.space_before = Pt(6)
    for article in words["articles"]:
        paragraph = doc.para(f"{doc.fill(article['label'])} ", body=True, bold=True)
        run = paragraph.add_run(doc.fill(article["text"]))
        run.font.size = Pt(params.documents.fonts.body_pt)
    doc.closing(words["noi_nhan"], words["signer"])
    doc.annex(words["annex"], awards, issuer.symbol)
    return doc.to_bytes(doc.fill(words["summary"]))


def write_documents(
    awards: pd.DataFrame, scores: pd.DataFrame, output_dir: Path, params: Params, params_dir: Path
) -> list[Path]:
    """to_trinh.docx and du_thao_quyet_dinh.docx into the run's (staging) folder; wording beside the params."""
    folder = params_dir / params.documents.templates
    paths = []
    for name, build in ((TO_TRINH_FILE, build_to_trinh), (QUYET_DINH_FILE, build_quyet_dinh)):
        path = output_dir / name
        path.write_bytes(build(awards, scores, params, folder))
        paths.append(path)
    return paths


def deterministic_docx(doc: DocxDocument, title: str, as_of: dt.date) -> bytes:
    """The document saved with fixed core properties and zip entry times, so two builds give equal bytes.

    python-docx stamps its own name, "now" and the zip's wall-clock times; none of it is a fact of the
    run, and the audit compares hashes. The dates are params ``as_of`` (the evaluation's date).
    """
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
    core = doc.core_properties
    core.author = core.last_modified_by = core.comments = core.keywords = core.subject = core.category = ""
    core.title, core.revision = title, 1
    core.created = core.modified = core.last_printed = stamp
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(as_of.year, as_of.month, as_of.day, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _page_field(paragraph: Paragraph, size: Pt) -> None:
    """A PAGE field (Word and LibreOffice compute it) in one run of the header's size."""
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = size
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        else:
            run.text = text


def _plain_table(doc: DocxDocument, widths_mm: Sequence[float]) -> Any:
    """A one-row table without borders or cell padding, of fixed column widths (the header, the closing)."""
    table = doc.add_table(rows=1, cols=len(widths_mm))
    _fix_widths(table, widths_mm)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    return table


def _fix_widths(table: Any, widths_mm: Sequence[float]) -> None:
    """Fixed layout, centred, each column and cell its width (Word reads the cells, LibreOffice the grid)."""
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.insert_element_before(layout, "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _clear(cell: _Cell) -> None:
    """Remove the empty paragraph a new cell holds, so the cell holds only what is added."""
    for paragraph in cell.paragraphs:
        paragraph._p.getparent().remove(paragraph._p)


def _rule(paragraph: Paragraph, width_mm: float, length_mm: float) -> None:
    """A solid horizontal rule of ``length_mm`` centred in ``width_mm``: a top border on an indented paragraph."""
    side = Mm(max(width_mm - length_mm, 0) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.space_before = Pt(4)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for attr, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(attr), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)


def _keep_row_together(row: Any) -> None:
    """A table row never split across two pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_heading(row: Any) -> None:
    """The heading row printed again at the top of every page the table runs onto."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
