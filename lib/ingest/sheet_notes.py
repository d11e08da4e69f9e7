"""What the cell values alone do not show about one sheet, whatever format it was saved in.

Shared by the .xlsx scan (:mod:`lib.ingest.workbook_reader`) and the .ods scan
(:mod:`lib.ingest.ods_scan`), so that the parser names formulas, error cells and
merged ranges the same way for both.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SheetNotes:
    """What the values alone do not show about one sheet (0-based row, column)."""

    formulas: dict[tuple[int, int], tuple[str, bool]] = field(default_factory=dict)  # formula text, has a value
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # '#DIV/0!'...
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    merged_total: int = 0
    trailing_blank_rows: int = 0  # rows holding only blanks after the last row with content
    last_row: int = 0  # 1-based number of the last row with content
