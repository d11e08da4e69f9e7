"""Repair Vietnamese text as units really type it, without guessing.

Submissions mix NFC and NFD, the two tone placements (Hòa / Hoà), legacy
TCVN3 (.VnTime) text pasted from old documents, zero-width and control
characters. Everything a person reads must come out NFC with one tone
placement, so that names compare equal and print correctly.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 (TCVN 5712:1993, ".VnTime" fonts) stores Vietnamese letters in the
# Latin-1 range; Excel keeps those code points, so the text arrives as e.g.
# "Ph\xadíc" for "Phước". Lower-case letters plus the seven base capitals
# the lower-case fonts carry.
_TCVN3_SOURCE = "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦"
_TCVN3_TARGET = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ"
_TCVN3_TABLE = str.maketrans(_TCVN3_SOURCE, _TCVN3_TARGET)
# Latin-1 letters that belong to modern Vietnamese: their presence alone
# does not betray TCVN3.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_TCVN3_MARKERS = set(_TCVN3_SOURCE) - _VIETNAMESE_LATIN1

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Invisible or direction-changing characters that only hide differences
# (zero-width space/joiners, BOM, bidi overrides and isolates, soft hyphen
# is TCVN3's "ư" and handled above).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


def looks_like_tcvn3(text: str) -> bool:
    """True when the text can only be TCVN3 bytes shown as Latin-1.

    Decided on characters that never occur in Unicode Vietnamese, and only
    when every character is in the single-byte range TCVN3 can produce.
    """
    if not text or any(ord(ch) > 0xFF for ch in text):
        return False
    return any(ch in _TCVN3_MARKERS for ch in text)


def decode_tcvn3(text: str) -> str:
    """Convert TCVN3 text (as Latin-1 code points) to Unicode NFC."""
    return unicodedata.normalize("NFC", text.translate(_TCVN3_TABLE))


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


def strip_diacritics(text: str) -> str:
    """ASCII-ish key used only for matching header labels, never for names."""
    decomposed = unicodedata.normalize("NFD", clean_text(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
