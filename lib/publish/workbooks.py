"""Write xlsx and csv files that are byte-identical run after run and inert.

Every workbook the project writes is a :data:`Book`: its sheets as plain data
(:class:`Sheet`, rows of values with their look) that :func:`save_workbook`
writes through XlsxWriter. Plain data lets the submission template and the
sample generator share one layout, and lets a book built in one process be
written in another (:func:`save_workbooks`).

Deterministic: XlsxWriter dates ``docProps/core.xml`` with the wall clock
unless it is given a ``created`` date, and when it assembles the zip from
temporary files (its default, and ``constant_memory``) it stamps the entries
with a local-time date; ``in_memory`` gives every entry 1980-01-01 and leaves
nothing on disk until the file is complete.

Inert: text that a spreadsheet would take for a formula (a leading =, +, -
or @) is stored as text, never evaluated: in xlsx as an explicit string cell
(``write_string``, with XlsxWriter's own conversions of strings to numbers,
formulas and links turned off), so "=HYPERLINK(...)" reads back as those very
characters; in csv with the apostrophe Excel itself uses (:func:`inert`).

Printed: every sheet on A4 landscape, one page wide, its frozen header rows
repeated on each page. XlsxWriter cannot measure text, and LibreOffice (and
so a PDF made from a workbook) keeps the default row height, so a row of
wrapped text is given the height of its estimated lines. A sheet meant to be
signed and filed (the award annex) says more in its :class:`PageSetup`:
margins, the rows repeated atop each page, page numbers in the footer; its
book is written in one font (``save_workbook(..., font=...)``).

Numbers a person reads stay numbers: a score is a number cell shown with one
decimal (:data:`SCORE`). Its format carries the Vietnamese locale tag
``[$-42A]``: LibreOffice then shows a decimal comma (90,9) whatever the
machine's language; Excel shows the decimal separator of Windows' regional
settings (90,9 on a Vietnamese Windows, 90.9 on an English one). Dates are
shown dd/mm/yyyy (:data:`DATE`).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

FIXED_TIME = dt.datetime(2000, 1, 1)
AUTHOR = "ninhthuan-dx"
_OPTIONS = {
    "in_memory": True,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 forbids (a submitted text may hold \x07); shown, never written.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_A4 = 9
_A4_LANDSCAPE_HEIGHT = 595.3  # points
# One line of 11-point Calibri is the default row height (15 points); a column of width w holds w
# digits, about 1.2 w characters of ordinary text and 1.05 w of bold (estimates err towards a taller row).
_LINE_POINTS = 15
# A line of another font is about 1.32 times its size (Times New Roman 12: 15.75 points in Excel).
_LINE_PER_POINT = 1.32
_DEFAULT_SIZE = 11
_DEFAULT_WIDTH = 8.43
_CHARS_PER_WIDTH = 1.2
_BOLD_CHARS_PER_WIDTH = 1.05

Style = Mapping[str, Any]
"""XlsxWriter format properties of a cell ({"bold": True}, {"num_format": "0.0%"}...)."""

BOLD: Style = {"bold": True}
HEADER: Style = {"bold": True, "pattern": 1, "bg_color": "#DDEBF7"}
WRAP_TOP: Style = {"text_wrap": True, "valign": "top"}
PERCENT: Style = {"num_format": "0.0%"}
# A score 0-100: one decimal, a decimal comma under the Vietnamese locale tag (see the module's docstring).
SCORE: Style = {"num_format": "[$-42A]0.0"}
DATE: Style = {"num_format": "dd/mm/yyyy"}
DATE_TIME: Style = {"num_format": "dd/mm/yyyy hh:mm:ss"}


def title_style(size: int) -> Style:
    """A bold title of the given point size."""
    return {"bold": True, "font_size": size}


@dataclass(frozen=True)
class Styled:
    """A value with its own look (a bold label in a table), in place of its row's style."""

    value: Any
    style: Style


@dataclass(frozen=True)
class Row:
    """One row of cells from column A, and the style of every cell in it.

    A ``span`` row holds one value merged across every column of the sheet
    (a title: centred on the page, never cut at a column border); a
    ``keep_with_next`` row is printed on the page of the row after it (a part's
    title never ends a page), on sheets with a :class:`PageSetup`.
    """

    values: Sequence[Any] = ()
    style: Style | None = None
    span: bool = False
    keep_with_next: bool = False


@dataclass(frozen=True)
class Validation:
    """A data-validation rule on rows first..last (0-based) of one column; options as XlsxWriter takes them."""

    first_row: int
    last_row: int
    column: int
    options: Mapping[str, Any]


@dataclass(frozen=True)
class PageSetup:
    """How a sheet to be printed and filed looks on paper, beyond A4 landscape one page wide.

    ``repeat_rows`` (first, last, 0-based) are printed atop every page, in
    place of the frozen rows; margins are in inches (left, right, top,
    bottom); ``footer`` is XlsxWriter's header/footer code ("&P" the page,
    "&N" the pages); ``centered`` centres the table between the side margins;
    ``text_width`` scales the characters a column is estimated to hold per
    line (below 1 for text that must never be cut: quoted names wrap early).
    """

    repeat_rows: tuple[int, int] | None = None
    margins: tuple[float, float, float, float] = (0.6, 0.6, 0.7, 0.7)
    footer: str = ""
    centered: bool = True
    text_width: float = 1.0


@dataclass
class Sheet:
    """One worksheet as data: rows written from A1 down, and how it is shown and printed.

    ``freeze_rows`` stay in view and are printed atop every page;
    ``autofilter`` is XlsxWriter's (first_row, first_col, last_row, last_col);
    ``as_typed`` writes text exactly as given, for the synthetic submissions,
    which plant NFD and other odd text on purpose (published sheets are NFC);
    ``column_styles`` formats whole columns, so that a cell a clerk types into
    later already has its format (a date shown as dd/mm/yyyy).
    """

    rows: list[Row] = field(default_factory=list)
    widths: Sequence[float] = ()
    freeze_rows: int = 0
    autofilter: tuple[int, int, int, int] | None = None
    validations: list[Validation] = field(default_factory=list)
    as_typed: bool = False
    column_styles: Mapping[int, Style] = field(default_factory=dict)  # column -> format of its empty cells too
    page: PageSetup | None = None


Book = dict[str, Sheet]
"""Sheets by name, in tab order."""


def inert(value: Any) -> Any:
    """Neutralise text a spreadsheet could execute (OWASP CSV injection).

    A leading apostrophe is what Excel itself uses to mark a cell as text;
    numbers are left alone so that -3 stays a number.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_LEADS):
        return "'" + value
    return value


def shown_text(text: str) -> str:
    """Text as a published workbook shows it: NFC, each character XML refuses written as "[U+0007]".

    Dropping such a character would hide that the submitted text held one;
    writing it would make a file Excel refuses to open.
    """
    return _XML_ILLEGAL.sub(lambda m: f"[U+{ord(m.group(0)):04X}]", unicodedata.normalize("NFC", text))


def table_sheet(
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[float],
    header_style: Style = HEADER,
    body_style: Style | None = None,
) -> Sheet:
    """A table: the header row in view and printed on every page, filterable when it has rows."""
    body = [Row(values, body_style) for values in rows]
    return Sheet(
        rows=[Row(header, header_style), *body],
        widths=widths,
        freeze_rows=1,
        autofilter=(0, 0, len(body), max(len(header), 1) - 1) if body else None,
    )


def save_workbook(book: Book, path: Path, font: tuple[str, float] | None = None) -> None:
    """Write a book to path with XlsxWriter; equal books give equal bytes.

    ``font`` (name, size) is the font of every cell of the book, in place of
    Calibri 11; rows of wrapped text are made as tall as its lines.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = dict(_OPTIONS)
    if font is not None:
        # "font_scheme: none" keeps the font a named font, not the theme's (Excel would show Calibri).
        options["default_format_properties"] = {"font_name": font[0], "font_size": font[1], "font_scheme": "none"}
    workbook = xlsxwriter.Workbook(str(path), options)
    workbook.set_properties({"created": FIXED_TIME, "author": AUTHOR})
    formats = _Formats(workbook)
    size = font[1] if font is not None else _DEFAULT_SIZE
    for name, sheet in book.items():
        _write_sheet(workbook.add_worksheet(name), sheet, formats, size)
    workbook.close()


def save_workbooks(books: Iterable[tuple[Path, Book]], workers: int | None = None, chunk: int = 64) -> None:
    """Write many (path, book) pairs on ``workers`` processes (default: every core), ``chunk`` books per task.

    A workbook's bytes depend only on its book, so the order in which the
    workers finish changes nothing. At most two tasks per worker are pending
    at a time: the books of a national run (13,000) are never all in memory.
    Workers are started with "spawn", safe inside a Jupyter kernel; with one
    worker the books are written here, without starting any process.
    """
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        for path, book in books:
            save_workbook(book, path)
        return
    main = sys.modules["__main__"]
    if not hasattr(main, "__spec__"):
        # An IPython kernel's __main__ lacks __spec__, which spawn's start-up reads.
        main.__spec__ = None
    pending: set[Future[None]] = set()
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        for task in _chunks(books, chunk):
            if len(pending) >= 2 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    future.result()
            pending.add(pool.submit(_save_all, task))
        for future in pending:
            future.result()


def _chunks(books: Iterable[tuple[Path, Book]], size: int) -> Iterator[list[tuple[Path, Book]]]:
    """Consecutive lists of ``size`` items, taken from the iterable only as they are asked for."""
    task: list[tuple[Path, Book]] = []
    for item in books:
        task.append(item)
        if len(task) == size:
            yield task
            task = []
    if task:
        yield task


def _save_all(task: list[tuple[Path, Book]]) -> None:
    """One worker task: a chunk of books (a task per book would cost more in messages than in writing)."""
    for path, book in task:
        save_workbook(book, path)


class _ExactFloat(float):
    """A float that XlsxWriter writes with every digit it needs.

    XlsxWriter formats numbers with 16 significant digits ("{:.16G}"), which
    changes the last digit of some doubles (0.38911514253980006 would read
    back as 0.3891151425398001); repr is the shortest text that reads back
    as the very same double.
    """

    def __format__(self, spec: str) -> str:
        return repr(float(self))


class _Formats:
    """One XlsxWriter format per distinct style of a workbook (formats belong to their workbook).

    Most cells share a few style objects, so a format is found by the style's
    identity first (the style is kept, so its id cannot be reused), by its
    properties only the first time.
    """

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.workbook = workbook
        self.by_id: dict[tuple[int, int], tuple[Style | None, Style | None, Format]] = {}
        self.by_properties: dict[tuple[tuple[str, Any], ...], Format] = {}

    def get(self, style: Style | None, number_format: Style | None = None) -> Format | None:
        """The format of a style, with a number format (a date's) laid over it."""
        if not style and not number_format:
            return None
        ids = (id(style), id(number_format))
        known = self.by_id.get(ids)
        if known is not None and known[0] is style and known[1] is number_format:
            return known[2]
        properties = {**(style or {}), **(number_format or {})}
        key = tuple(sorted(properties.items()))
        if key not in self.by_properties:
            self.by_properties[key] = self.workbook.add_format(properties)
        self.by_id[ids] = (style, number_format, self.by_properties[key])
        return self.by_properties[key]


def _write_sheet(worksheet: Worksheet, sheet: Sheet, formats: _Formats, font_size: float = 11) -> None:
    """Widths, then the rows (each as tall as its wrapped text), then view, filter, rules and print setup."""
    for col, width in enumerate(sheet.widths):
        worksheet.set_column(col, col, width, formats.get(sheet.column_styles.get(col)))
    heights = []
    for r, row in enumerate(sheet.rows):
        widths = [sum(sheet.widths)] if row.span else sheet.widths
        lines = _wrapped_lines(row, widths, sheet.page.text_width if sheet.page else 1.0)
        line = _line_points((row.style or {}).get("font_size", font_size))
        heights.append(lines * line)
        if lines > 1 or line > _LINE_POINTS:
            worksheet.set_row(r, lines * line)
        if row.span and len(sheet.widths) > 1:
            # XlsxWriter's way to merge a typed value: the range with a blank, then the first cell written.
            worksheet.merge_range(r, 0, r, len(sheet.widths) - 1, "", formats.get(row.style))
        for c, value in enumerate(row.values):
            style = row.style
            if isinstance(value, Styled):
                value, style = value.value, value.style
            _write_value(worksheet, r, c, value, style, formats, sheet.as_typed)
    if sheet.freeze_rows:
        worksheet.freeze_panes(sheet.freeze_rows, 0)
        worksheet.repeat_rows(0, sheet.freeze_rows - 1)
    if sheet.autofilter:
        worksheet.autofilter(*sheet.autofilter)
    for rule in sheet.validations:
        if worksheet.data_validation(rule.first_row, rule.column, rule.last_row, rule.column, dict(rule.options)):
            raise ValueError(f"data validation refused by XlsxWriter: {rule}")
    _print_setup(worksheet, sheet.page)
    if sheet.page is not None:
        breaks = _page_breaks(sheet.rows, heights, sheet.page)
        if breaks:
            worksheet.set_h_pagebreaks(breaks)


def _page_breaks(rows: Sequence[Row], heights: Sequence[float], page: PageSetup) -> list[int]:
    """Rows that must start a page so that each ``keep_with_next`` row is printed with the row after it.

    The rows' heights are those written, so the pages can be laid out here as
    Excel and LibreOffice lay them out at 100 % (A4 landscape, the margins,
    the repeated rows atop every page after the first).
    """
    usable = _A4_LANDSCAPE_HEIGHT - 72 * (page.margins[2] + page.margins[3])
    repeated = sum(heights[page.repeat_rows[0] : page.repeat_rows[1] + 1]) if page.repeat_rows else 0.0
    breaks, used = [], 0.0
    for r, (row, height) in enumerate(zip(rows, heights, strict=True)):
        need = height + (heights[r + 1] if row.keep_with_next and r + 1 < len(heights) else 0.0)
        if used + need > usable and used > repeated:
            if need > height:
                breaks.append(r)
            used = repeated
        used += height
    return breaks


def _wrapped_lines(row: Row, widths: Sequence[float], text_width: float = 1.0) -> int:
    """How many lines the tallest wrapped text of a row takes, estimated from its words and column width.

    XlsxWriter cannot measure text and LibreOffice (hence a printed PDF)
    keeps the default row height, so wrapped text would spill over the rows
    below; the row is given the height of its estimated lines instead.
    """
    lines = 1
    for c, value in enumerate(row.values):
        style = row.style
        if isinstance(value, Styled):
            value, style = value.value, value.style
        if isinstance(value, str) and style and style.get("text_wrap"):
            width = widths[c] if c < len(widths) else _DEFAULT_WIDTH
            per_width = (_BOLD_CHARS_PER_WIDTH if style.get("bold") else _CHARS_PER_WIDTH) * text_width
            lines = max(lines, _text_lines(value, width * per_width))
    return lines


def _text_lines(text: str, per_line: float) -> int:
    """Lines of text wrapped at spaces (and inside words longer than a line), as a spreadsheet wraps it."""
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split(" "):
            if used and used + 1 + len(word) > per_line:
                lines += 1
                used = 0
            used += len(word) + (1 if used else 0)
            while used > per_line:
                lines += 1
                used -= int(per_line)
    return lines


def _line_points(font_size: float) -> float:
    """The height of one line of text of a font size, in points (never below Calibri 11's 15)."""
    return max(_LINE_POINTS, math.ceil(font_size * _LINE_PER_POINT * 4) / 4)


def _print_setup(worksheet: Worksheet, page: PageSetup | None) -> None:
    """A4 landscape, one page wide: the columns of a sheet stay together on paper; then the sheet's own setup."""
    worksheet.set_paper(_A4)
    worksheet.set_landscape()
    worksheet.fit_to_pages(1, 0)
    if page is None:
        return
    left, right, top, bottom = page.margins
    worksheet.set_margins(left=left, right=right, top=top, bottom=bottom)
    if page.repeat_rows is not None:
        worksheet.repeat_rows(*page.repeat_rows)
    if page.footer:
        worksheet.set_footer(page.footer)
    if page.centered:
        worksheet.center_horizontally()


def _missing(value: Any) -> bool:
    """None, NaN, and pandas' NA and NaT: a cell left empty (frames hand over all four)."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _write_value(
    worksheet: Worksheet, row: int, col: int, value: Any, style: Style | None, formats: _Formats, as_typed: bool
) -> None:
    """One cell, by the value's type; text always as a string cell, never a formula.

    An empty text is a blank cell that keeps its look (a border), not a string of nothing.
    """
    if _missing(value):
        return
    if isinstance(value, str) and not value:
        worksheet.write_blank(row, col, None, formats.get(style))
    elif isinstance(value, str):
        worksheet.write_string(row, col, value if as_typed else shown_text(value), formats.get(style))
    elif isinstance(value, bool):
        worksheet.write_boolean(row, col, value, formats.get(style))
    elif isinstance(value, numbers.Integral):
        worksheet.write_number(row, col, value, formats.get(style))
    elif isinstance(value, numbers.Real) and math.isfinite(value):
        worksheet.write_number(row, col, _ExactFloat(value), formats.get(style))
    elif isinstance(value, dt.date):
        shown = DATE_TIME if isinstance(value, dt.datetime) else DATE
        worksheet.write_datetime(row, col, value, formats.get(style, shown))
    else:
        worksheet.write_string(row, col, shown_text(str(value)), formats.get(style))


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Apply :func:`inert` to every text cell of a frame."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(inert)
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 csv with BOM (Excel opens Vietnamese correctly), LF endings, inert text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    inert_frame(frame).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
