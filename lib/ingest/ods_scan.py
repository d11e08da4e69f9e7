"""The sheets of an OpenDocument spreadsheet (.ods), measured from its content.xml before calamine opens it.

LibreOffice saves a sheet as rows and cells that may each stand for many
(``table:number-rows-repeated``, ``table:number-columns-repeated``): an
empty tail of a million rows is one element, but a value repeated over a
million rows would be expanded by calamine into a dense grid. One streaming
pass gives, per sheet, the extent of the cells that hold something (what
calamine allocates), the last row with a value, and what the values alone
do not show: formulas (``table:formula``; calamine hands over the cached
value), error cells (``calcext:value-type="error"``, read by calamine as
empty) and merged ranges. Nothing is resolved or evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

from lxml import etree

from lib.ingest.sheet_notes import SheetNotes

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_CELLS = {f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"}
# How many merged ranges of one sheet are kept (a reporting cap, as for .xlsx).
_MERGES_KEPT = 200


@dataclass
class OdsSheet:
    """One sheet of an .ods file: its extent (1-based) and the notes the parser needs."""

    name: str
    max_row: int = 0
    max_col: int = 0
    notes: SheetNotes = field(default_factory=SheetNotes)


def _attr(element: Any, ns: str, name: str) -> str | None:
    return element.get(f"{{{ns}}}{name}")


def _repeat(element: Any, name: str) -> int:
    try:
        return max(int(_attr(element, _TABLE, name) or 1), 1)
    except ValueError:
        return 1


def scan_content(handle: IO[bytes]) -> list[OdsSheet]:
    """Every top-level sheet of content.xml, in order, measured in one pass (entities never resolved)."""
    sheets: list[OdsSheet] = []
    row_number = 0
    blank_after = 0
    context = etree.iterparse(
        handle,
        events=("start", "end"),
        tag=(f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
    )
    for event, element in context:
        if element.tag == f"{{{_TABLE}}}table":
            if element.getparent() is not None and element.getparent().tag != f"{{{_OFFICE}}}spreadsheet":
                continue  # a table nested in a cell or a shape is not a sheet
            if event == "start":
                sheets.append(OdsSheet(name=_attr(element, _TABLE, "name") or ""))
                row_number, blank_after = 0, 0
            else:
                sheets[-1].notes.trailing_blank_rows = blank_after
                element.clear()
            continue
        if event == "start" or not sheets:
            continue
        repeat = _repeat(element, "number-rows-repeated")
        content, value = _scan_row(element, sheets[-1], row_number)
        if content:
            sheets[-1].max_row = row_number + repeat
        if value:
            sheets[-1].notes.last_row = row_number + repeat
            blank_after = 0
        elif content:
            blank_after += repeat
        row_number += repeat
        element.clear()
    return sheets


def _scan_row(row: Any, sheet: OdsSheet, row_index: int) -> tuple[bool, bool]:
    """(the row holds a cell with content, the row holds a non-blank value); notes its formulas and errors."""
    col = 0
    content = value = False
    for cell in row:
        if cell.tag not in _CELLS:
            continue
        repeat = _repeat(cell, "number-columns-repeated")
        kind = _attr(cell, _OFFICE, "value-type")
        text = "".join(cell.itertext())
        if kind is not None or text:
            content = True
            sheet.max_col = max(sheet.max_col, col + repeat)
            if _note_cell(cell, kind, text, (row_index, col), sheet.notes):
                value = True
        _note_merge(cell, (row_index, col), sheet.notes)
        col += repeat
    return content, value


def _note_cell(cell: Any, kind: str | None, text: str, where: tuple[int, int], notes: SheetNotes) -> bool:
    """Record a formula or an error cell; True when the cell holds a value (not only blanks)."""
    formula = _attr(cell, _TABLE, "formula")
    if _attr(cell, _CALCEXT, "value-type") == "error":
        notes.errors[where] = text.strip() or "#ERROR"
        return True
    if formula is not None:
        notes.formulas[where] = (_formula_text(formula), kind is not None)
        return True
    if kind is None or kind == "string":
        return bool(text.strip())
    return True


def _formula_text(formula: str) -> str:
    """'of:=43/44' -> '43/44': the formula as .xlsx stores it (no namespace, no '=')."""
    head, sep, tail = formula.partition(":=")
    return tail if sep and head.isalpha() else formula.removeprefix("=")


def _note_merge(cell: Any, where: tuple[int, int], notes: SheetNotes) -> None:
    rows, cols = _repeat(cell, "number-rows-spanned"), _repeat(cell, "number-columns-spanned")
    if rows == 1 and cols == 1:
        return
    notes.merged_total += 1
    if len(notes.merged) < _MERGES_KEPT:
        notes.merged.append((where, (where[0] + rows - 1, where[1] + cols - 1)))
