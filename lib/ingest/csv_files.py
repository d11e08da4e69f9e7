"""The run's csv files (registry, register) as offices save them: encoding and separator detected.

Excel on Vietnamese Windows saves "CSV" in Windows-1258 (base letters plus
combining tone marks) with ";" separators where the list separator is ";";
"CSV UTF-8" adds a BOM. All of these are read, the text normalised to NFC,
and how the file was read is said; anything else (UTF-16, binary, a broken
table) is one :class:`CsvFormatError` naming the file, never a traceback.
"""

from __future__ import annotations

import codecs
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 (BOM)"
WINDOWS_1258 = "Windows-1258"
SEPARATORS = (",", ";")


class CsvFormatError(ValueError):
    """The file is not a csv in an encoding the run reads; the message names the file."""


@dataclass(frozen=True)
class CsvTable:
    """A csv read as text: the cells, and how the file was read (for the finding that says so)."""

    frame: pd.DataFrame
    encoding: str
    separator: str

    @property
    def usual(self) -> bool:
        """UTF-8 (with or without BOM) and commas: nothing worth a finding."""
        return self.encoding in (UTF8, UTF8_BOM) and self.separator == ","


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(NFC text, encoding name): UTF-8 with BOM, UTF-8, then Windows-1258, in that order.

    UTF-8 is tried before Windows-1258 because Windows-1258 decodes almost
    any byte sequence; bytes that are valid UTF-8 are practically never
    Windows-1258 Vietnamese. NUL bytes (UTF-16, binary files) are refused.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        raise CsvFormatError(f"{name}: not a text csv (UTF-16 or binary); save it as «CSV UTF-8»")
    if data.startswith(codecs.BOM_UTF8):
        return unicodedata.normalize("NFC", data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")), UTF8_BOM
    for encoding, label in (("utf-8", UTF8), ("cp1258", WINDOWS_1258)):
        try:
            return unicodedata.normalize("NFC", data.decode(encoding)), label
        except UnicodeDecodeError:
            continue
    raise CsvFormatError(f"{name}: neither UTF-8 nor Windows-1258 text; save it as «CSV UTF-8»")


def separator_of(text: str) -> str:
    """ "," or ";", whichever the header line uses more (a header has no quoted separators)."""
    header = text.split("\n", 1)[0]
    return max(SEPARATORS, key=header.count)


def read_text_csv(path: Path) -> CsvTable:
    """Every cell as text ("" when blank), the encoding and separator detected."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CsvFormatError(f"{path.name}: cannot be read ({exc.strerror})") from None
    text, encoding = decode(data, path.name)
    separator = separator_of(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False)
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as exc:
        raise CsvFormatError(f"{path.name}: not a readable csv table ({str(exc).strip()[:200]})") from None
    return CsvTable(frame, encoding, separator)
