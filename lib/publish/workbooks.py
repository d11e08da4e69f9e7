"""Write xlsx and csv files that are byte-identical run after run and inert.

openpyxl stamps the wall-clock time into docProps/core.xml and into every zip
entry; both are pinned here. Text that a spreadsheet would take for a formula
(a leading =, +, - or @) is stored as text, never evaluated: in csv with the
apostrophe Excel itself uses (:func:`inert`), in xlsx as an explicit string
cell (:func:`put`), so "=HYPERLINK(...)" reads back as those very characters.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

FIXED_TIME = dt.datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_FIXED_STAMP = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """Neutralise text a spreadsheet could execute (OWASP CSV injection).

    A leading apostrophe is what Excel itself uses to mark a cell as text;
    numbers are left alone so that -3 stays a number.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_LEADS):
        return "'" + value
    return value


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one value; text becomes an explicit string cell, NFC, without characters xlsx refuses.

    openpyxl would otherwise store "=HYPERLINK(...)" as a formula; a control
    character it would refuse outright (the whole file would fail) is shown
    as "[U+0007]".
    """
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value)
        cell.value = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"[U+{ord(m.group(0)):04X}]", text)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


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


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Save with fixed document times and zip entry times."""
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    workbook.properties.creator = "ninhthuan-dx"
    workbook.properties.lastModifiedBy = None
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src,
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps "modified" with the wall clock inside save() itself.
                data = _MODIFIED.sub(rb"\g<1>" + _FIXED_STAMP + rb"\g<2>", data)
            dst.writestr(fixed, data)
