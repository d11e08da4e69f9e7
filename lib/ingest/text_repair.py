"""Repair Vietnamese text as units really type it, without guessing.

Submissions mix NFC and NFD, the two tone placements (Hòa / Hoà), legacy
TCVN3 (.VnTime) text pasted from old documents, zero-width and control
characters. Everything a person reads must come out NFC with one tone
placement, so that names compare equal and print correctly.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

# TCVN3 (TCVN 5712:1993, ".VnTime" fonts) stores Vietnamese letters in the
# Latin-1 range; Excel keeps those code points, so the text arrives as e.g.
# "Ph\xadíc" for "Phước". Lower-case letters plus the seven base capitals
# the lower-case fonts carry.
_TCVN3_SOURCE = "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦"
_TCVN3_TARGET = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ"
_TCVN3_TABLE = str.maketrans(_TCVN3_SOURCE, _TCVN3_TARGET)
_TO_TCVN3_TABLE = str.maketrans(_TCVN3_TARGET, _TCVN3_SOURCE)
# Latin-1 letters that belong to modern Vietnamese: their presence alone
# does not betray TCVN3.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_TCVN3_MARKERS = set(_TCVN3_SOURCE) - _VIETNAMESE_LATIN1

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# A word as TCVN3 text spells it: ASCII letters and digits plus the Latin-1
# range the .VnTime fonts use for Vietnamese letters (soft hyphen and ® too).
_LATIN1_WORD = re.compile(r"[A-Za-z0-9\xa1-\xff]+")
# One Vietnamese syllable, tones removed (vowel quality marks kept).
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|[cmnpt])?$"
)
# Invisible or direction-changing characters that only hide differences
# (zero-width space/joiners, BOM, bidi overrides and isolates, soft hyphen
# is TCVN3's "ư" and handled above).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


def looks_like_tcvn3(text: str) -> bool:
    """True when the text can only be TCVN3 bytes shown as Latin-1.

    Decided on characters that never occur in Unicode Vietnamese, only when
    every character is in the single-byte range TCVN3 can produce, and only
    when every word holding such a character decodes to a Vietnamese
    syllable: "Ph¹m ThÞ Thñy" does, "Công ty ABC®" ("ABCđ") and "Müller"
    ("Mựller") do not and are left as typed.
    """
    if not text or any(ord(ch) > 0xFF for ch in text):
        return False
    words = [w for w in _LATIN1_WORD.findall(text) if any(ch in _TCVN3_MARKERS for ch in w)]
    if not words or max(len(w) for w in words) < 2:
        return False
    return all(_is_vietnamese_syllable(decode_tcvn3(w)) for w in words)


def _is_vietnamese_syllable(word: str) -> bool:
    """Onset + one to three vowels + a permitted final consonant, tones ignored."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return bool(_SYLLABLE.match(base))


def decode_tcvn3(text: str) -> str:
    """Convert TCVN3 text (as Latin-1 code points) to Unicode NFC."""
    return unicodedata.normalize("NFC", text.translate(_TCVN3_TABLE))


def encode_tcvn3(text: str) -> str:
    """The inverse of :func:`decode_tcvn3`: how a .VnTime document stores Vietnamese (for test and sample data)."""
    return unicodedata.normalize("NFC", text).translate(_TO_TCVN3_TABLE)


def _old_style_tone(word: str) -> str:
    """Put the tone of a final oa/oe/uy on its first vowel (hoà → hòa).

    Both placements are in use; the registry and official documents use the
    traditional one, so that is the canonical form. "qu" + y keeps its tone
    on the y (quý), and a syllable with a final consonant (hoàng) is the
    same in both styles.
    """
    decomposed = unicodedata.normalize("NFD", word)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    tail = base[-2:].lower()
    if tail not in {"oa", "oe", "uy"} or base[-3:-2].lower() == "q":
        return word
    # Find the tone on the last base letter and move it to the one before.
    letters: list[list[str]] = []
    for ch in decomposed:
        if unicodedata.combining(ch) and letters:
            letters[-1].append(ch)
        else:
            letters.append([ch])
    last, prev = letters[-1], letters[-2]
    tones = [m for m in last[1:] if m in _TONE_MARKS]
    if not tones or any(m in _TONE_MARKS for m in prev[1:]):
        return word
    letters[-1] = [m for m in last if m not in _TONE_MARKS]
    letters[-2] = prev + tones
    return unicodedata.normalize("NFC", "".join("".join(g) for g in letters))


def canonical_tone_placement(text: str) -> str:
    """Apply the traditional tone placement to every word of the text."""
    return _WORD.sub(lambda m: _old_style_tone(m.group(0)), text)


# Submissions repeat the same texts (criterion names, unit names, labels) thousands
# of times at national scale; these functions are pure, so results are cached.
@functools.lru_cache(maxsize=131_072)
def clean_text(text: str) -> str:
    """Return the text as it should be stored and shown.

    TCVN3 decoded, NFC, invisible and control characters removed, runs of
    whitespace collapsed, traditional tone placement. Idempotent.
    """
    # TCVN3 is recognised after the clean-up, not before: an invisible
    # character or a Unicode space left in the cell would hide it from the
    # detector on this pass and not on the next one (clean_text would not be
    # idempotent); an invisible character between a letter and its tone
    # would keep them from composing.
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    if looks_like_tcvn3(text):
        text = decode_tcvn3(text)
    # Moving a tone can let a stray combining mark after the word compose.
    return unicodedata.normalize("NFC", canonical_tone_placement(text))


def fold_key(text: str) -> str:
    """Comparison key for names: cleaned, case-folded, 'đ' kept distinct.

    Diacritics are kept because they distinguish real units (Thanh Hải and
    Thành Hải are two communes).
    """
    return clean_text(text).casefold()


@functools.lru_cache(maxsize=131_072)
def strip_diacritics(text: str) -> str:
    """ASCII-ish key used only for matching header labels, never for names."""
    decomposed = unicodedata.normalize("NFD", clean_text(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# Personal data typed into text that is published: e-mail addresses,
# Vietnamese phone numbers (0 or +84, 10-11 digits), identity numbers and
# passport numbers. An ID is a 12-digit citizen ID (CCCD, separators allowed:
# "058 090 001 234", "058.090.001.234", "0580-9000-1234") or a 9-digit one
# (CMND) written bare or with spaces or dashes; after a word that announces
# an identity document (CCCD, CMND, căn cước, số định danh, hộ chiếu, ...)
# any such number is hidden, dotted 9 digits and passport numbers ("C1234567")
# included. Outside that context a 9-digit number with dots is an amount
# ("123.456.789 đồng"), and a number followed by "/" is a document number
# ("Số 123456789/QĐ", "Số 123/QĐ-UBND"): both are left alone.
REDACTED = "[đã ẩn]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+(])\(?(?:\+?84\)?|0)[\d .()\-]{7,16}\d(?!\d)")
_NOT_A_DOCUMENT_NUMBER = r"(?!\s?/)(?![.,\-]?\d)"
_ID_NUMBER = re.compile(
    r"(?<![\d.,/\-])(?:\d{12}|\d{9}|\d{3}([ .\-])\d{3}\1\d{3}\1\d{3}|\d{4}([ .\-])\d{4}\2\d{4}"
    r"|\d{3}([ \-])\d{3}\3\d{3})" + _NOT_A_DOCUMENT_NUMBER
)
_ID_CONTEXT = re.compile(
    r"(?i)(?<!\w)(?:cccd|cmnd|cmt|căn cước(?: công dân)?|chứng minh(?: nhân dân| thư)?|số định danh(?: cá nhân)?"
    r"|hộ chiếu|passport)(?:\s*(?:số|no\.?))?\s*[:#]?\s*"
    r"(?P<value>[a-z]{1,2}\s?\d{6,8}|\d(?:[ .\-]?\d){8,11})" + _NOT_A_DOCUMENT_NUMBER
)


def _is_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if digits.startswith("84") and not candidate.lstrip("( ").startswith("0"):
        digits = "0" + digits[2:]
    return digits.startswith("0") and len(digits) in (10, 11) and digits[1] != "0"


def redact_personal(text: str) -> tuple[str, list[str]]:
    """The text with e-mails, phone numbers and ID numbers replaced by "[đã ẩn]".

    Returns the redacted text and the kinds found (never the values), so that
    the issue saying what was hidden does not repeat it.
    """
    found: list[str] = []

    def sub(kind: str, pattern: re.Pattern[str], text: str, check: Callable[[str], bool] | None = None) -> str:
        def replace(match: re.Match[str]) -> str:
            if check is not None and not check(match.group(0)):
                return match.group(0)
            if kind not in found:
                found.append(kind)
            return REDACTED

        return pattern.sub(replace, text)

    text = sub("email", _EMAIL, text)
    text = _ID_CONTEXT.sub(lambda m: _hide_value(m, found), text)
    text = sub("phone", _PHONE, text, _is_phone)
    text = sub("id_number", _ID_NUMBER, text)
    return text, found


def _hide_value(match: re.Match[str], found: list[str]) -> str:
    """The announcing word kept ("CCCD [đã ẩn]"), the number after it hidden."""
    if "id_number" not in found:
        found.append("id_number")
    start, end = match.span("value")
    whole = match.group(0)
    return whole[: start - match.start()] + REDACTED + whole[end - match.start() :]


def printable(text: str, *, spaces: bool = True) -> str:
    """Text safe to show anywhere: invisible, bidi and control characters made visible.

    A right-to-left override or a bell character copied into an issue's
    value would reorder the page or be refused by a spreadsheet; shown as
    "[U+202E]" it tells the unit what to delete. Tabs and line breaks become
    spaces, or with ``spaces=False`` (file names, which must stay distinct)
    are shown as codes too.
    """
    if spaces:
        text = _SPACES_SHOWN.sub(" ", text)
    return _HIDDEN.sub(lambda m: f"[U+{ord(m.group(0)):04X}]", text)


_SPACES_SHOWN = re.compile("[\t\n\r]")
# The invisible and control characters clean_text removes, plus line separators and interlinear annotations.
_HIDDEN = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00-\x1f\x7f-\x9f\u2028\u2029\ufff9-\ufffb]"
)
