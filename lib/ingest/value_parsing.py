"""Turn cell values as typed by unit staff into typed values, or say why not.

Every parser returns ``Parsed(value, problem, repaired)``: ``problem`` is a
rule code from :mod:`lib.contract.quality_rules` when the cell cannot be read without
guessing, ``repaired`` is a rule code when it was read but only after a
documented repair (a text number, a 0-100 percentage...). Nothing guesses:
dates are always day-first, an ambiguous separator is an error.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from lib.ingest.text_repair import clean_text, strip_diacritics

_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Days since the Excel epoch that are plausible dates (1990-2100); a bare
# number outside that range is a count typed in the wrong column.
_EXCEL_SERIAL_RANGE = (32874, 73051)
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN_DECIMAL_COMMA = re.compile(r"^[+-]?\d+(,\d+)?$")
_PLAIN_DECIMAL_DOT = re.compile(r"^[+-]?\d+\.\d+$")
# '1,245' reads 1245 with English separators; '0,755' or '1245,5' cannot.
_COMMA_THOUSANDS_LOOKALIKE = re.compile(r"^[+-]?[1-9]\d{0,2},\d{3}$")
_FRACTION = re.compile(r"^\s*(\S+)\s*/\s*(\S+)\s*$")
# A time of day after the date (a register's "16/12/2031 10:15", "16/12/2031 10h15", ISO "T10:15:00"): the day counts.
_TIME = r"(?:[ T,]+\d{1,2}\s*[:hg]\s*\d{0,2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:sa|ch|am|pm))?)?"
_DATE_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})" + _TIME + "$", re.IGNORECASE)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME + "$", re.IGNORECASE)
_DATE_WORDS = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$")
# A character that survives clean_text (not a space, invisible or control character).
_VISIBLE = re.compile("[^\\s\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00-\x1f\x7f-\x9f]")
_TRUE_WORDS = {"co", "x", "yes", "true", "1", "da co", "dung"}
_FALSE_WORDS = {"khong", "no", "false", "0", "chua", "chua co", "sai"}


@dataclass(frozen=True)
class Parsed:
    """Outcome of reading one cell."""

    value: Any = None
    problem: str | None = None
    repaired: str | None = None


EMPTY = Parsed()


def is_blank(raw: Any) -> bool:
    """True for cells a person would call empty (None, '', spaces, NaN)."""
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    # Same answer as clean_text(raw) == "" without cleaning the text: a sheet
    # may hold a hundred thousand blank cells, or one cell of a megabyte.
    return isinstance(raw, str) and _VISIBLE.search(raw) is None


def parse_vn_number(raw: Any) -> Parsed:
    """Read a number typed the Vietnamese way ('1.245' = 1245, '75,5' = 75.5).

    A dot followed by exactly three-digit groups is a thousands separator;
    a comma is the decimal mark. '1,245' or '3.5' could be either
    convention, so they are rejected instead of guessed.
    """
    if is_blank(raw):
        return EMPTY
    if isinstance(raw, bool):
        return Parsed(problem="not_a_number")
    if isinstance(raw, int | float):
        if math.isinf(raw):
            return Parsed(problem="not_a_number")
        return Parsed(value=float(raw))
    text = clean_text(str(raw)).replace(" ", "").replace("\u00a0", "")
    if _THOUSANDS_DOT.match(text):
        return Parsed(value=float(text.replace(".", "").replace(",", ".")), repaired="text_number")
    if _PLAIN_DECIMAL_COMMA.match(text):
        if _COMMA_THOUSANDS_LOOKALIKE.match(text):
            return Parsed(problem="ambiguous_separator")
        return Parsed(value=float(text.replace(",", ".")), repaired="text_number")
    if _PLAIN_DECIMAL_DOT.match(text):
        return Parsed(problem="ambiguous_separator")
    return Parsed(problem="not_a_number")


def parse_count(raw: Any) -> Parsed:
    """A non-negative whole count (documents, services, staff...)."""
    parsed = parse_vn_number(raw)
    if parsed.value is None:
        return parsed
    if parsed.value < 0:
        return Parsed(problem="negative_count")
    if parsed.value != int(parsed.value):
        return Parsed(problem="non_integer_count")
    return parsed


def parse_fraction(raw: Any) -> tuple[Parsed, Parsed] | None:
    """Split '45/60' typed into one cell into numerator and denominator.

    Returns None when the cell is not a fraction, so the caller falls back
    to reading a single count.
    """
    if not isinstance(raw, str):
        return None
    match = _FRACTION.match(clean_text(raw))
    if not match:
        return None
    num, den = parse_count(match.group(1)), parse_count(match.group(2))
    if num.problem or den.problem or num.value is None or den.value is None:
        return None
    return (Parsed(num.value, repaired="fraction_in_cell"), Parsed(den.value, repaired="fraction_in_cell"))


def parse_rate(raw: Any) -> Parsed:
    """A proportion in [0, 1] from '75,5%', 0.755, 75.5 or '45/60'.

    Percentage cells arrive both as fractions (0.755, what Excel stores for
    75.5 %) and as 0-100 numbers (75.5). A bare number above 1 is read as
    a percentage (documented repair); 1 itself is 100 %.
    """
    if is_blank(raw):
        return EMPTY
    if isinstance(raw, str):
        text = clean_text(raw).replace(" ", "")
        fraction = parse_fraction(text)
        if fraction is not None:
            num, den = fraction
            if den.value == 0:
                return Parsed(problem="zero_denominator")
            return _bounded_rate(num.value / den.value, "fraction_in_cell")
        if text.endswith("%"):
            number = parse_vn_number(text[:-1])
            if number.problem:
                return number
            return _bounded_rate(number.value / 100, "text_percent")
    number = parse_vn_number(raw)
    if number.problem or number.value is None:
        return number
    if number.value > 1:
        return _bounded_rate(number.value / 100, "percent_scale")
    return _bounded_rate(number.value, number.repaired)


def _bounded_rate(value: float, repaired: str | None) -> Parsed:
    if value < 0:
        return Parsed(problem="negative_rate")
    if value > 1:
        return Parsed(problem="rate_above_100")
    return Parsed(value=value, repaired=repaired)


def parse_date(raw: Any) -> Parsed:
    """A calendar date, always day-first as Vietnamese documents write it.

    Accepts Excel dates and serial numbers, '14/12/2031', '14-12-2031',
    '14.12.2031', ISO '2031-12-14' and 'ngày 14 tháng 12 năm 2031'; a time of
    day after the date ('16/12/2031 10:15', as a register logs it) is read
    and only the day kept (deadlines are days).
    '12/14/2031' is not silently swapped: it is rejected.
    """
    if is_blank(raw):
        return EMPTY
    if isinstance(raw, dt.datetime):
        return Parsed(value=raw.date())
    if isinstance(raw, dt.date):
        return Parsed(value=raw)
    if isinstance(raw, bool):
        return Parsed(problem="not_a_date")
    if isinstance(raw, int | float):
        # A fractional serial is a date-time (48198.43 = 16/12/2031 10:19): the day counts.
        if math.isfinite(raw) and _EXCEL_SERIAL_RANGE[0] <= raw <= _EXCEL_SERIAL_RANGE[1]:
            return Parsed(value=_EXCEL_EPOCH + dt.timedelta(days=math.floor(raw)), repaired="excel_serial_date")
        return Parsed(problem="not_a_date")
    text = strip_diacritics(str(raw))
    text = re.sub(r"\s+", " ", text).strip()
    for pattern, order in ((_DATE_NUMERIC, "dmy"), (_DATE_ISO, "ymd"), (_DATE_WORDS, "dmy")):
        match = pattern.match(text)
        if match:
            parts = [int(g) for g in match.groups()]
            year, month, day = (parts[2], parts[1], parts[0]) if order == "dmy" else parts
            try:
                return Parsed(value=dt.date(year, month, day), repaired="text_date")
            except ValueError:
                return Parsed(problem="invalid_date")
    return Parsed(problem="not_a_date")


def parse_bool(raw: Any) -> Parsed:
    """Yes/no cells: 'Có'/'Không', 'x', 1/0, TRUE/FALSE."""
    if is_blank(raw):
        return EMPTY
    if isinstance(raw, bool):
        return Parsed(value=raw)
    if isinstance(raw, int | float) and raw in (0, 1):
        return Parsed(value=bool(raw))
    key = strip_diacritics(str(raw)).strip()
    if key in _TRUE_WORDS:
        return Parsed(value=True)
    if key in _FALSE_WORDS:
        return Parsed(value=False)
    return Parsed(problem="not_yes_no")


def parse_text(raw: Any) -> Parsed:
    """Free text: repaired (NFC, TCVN3, invisible characters) and kept."""
    if is_blank(raw):
        return EMPTY
    if isinstance(raw, float) and math.isfinite(raw) and raw == int(raw):
        raw = int(raw)
    original = str(raw)
    cleaned = clean_text(original)
    return Parsed(value=cleaned, repaired="text_repaired" if cleaned != original.strip() else None)


def parse_code(raw: Any) -> Parsed:
    """An identifier: unit or person code, upper-cased, no inner spaces.

    GSO codes are numbers in Excel (22738.0); they are read back as text.
    """
    parsed = parse_text(raw)
    if parsed.value is None:
        return parsed
    return Parsed(value=parsed.value.replace(" ", "").upper(), repaired=parsed.repaired)


def parse_choice(raw: Any, choices: dict[str, str]) -> Parsed:
    """One of a closed list, matched on the code or the Vietnamese label.

    ``choices`` maps code -> Vietnamese label, as declared in the schema.
    """
    if is_blank(raw):
        return EMPTY
    key = strip_diacritics(str(raw)).strip()
    for code, label in choices.items():
        if key in {strip_diacritics(code), strip_diacritics(label)}:
            return Parsed(value=code)
    return Parsed(problem="not_in_list")
