"""Vietnamese text repair: NFC, tone placement, TCVN3, invisible characters (lib.ingest.text_repair)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.ingest.text_repair import (
    _TCVN3_SOURCE,
    _TCVN3_TARGET,
    canonical_tone_placement,
    clean_text,
    decode_tcvn3,
    fold_key,
    looks_like_tcvn3,
    redact_personal,
    strip_diacritics,
)

_TO_TCVN3 = str.maketrans(_TCVN3_TARGET, _TCVN3_SOURCE)


def to_tcvn3(text: str) -> str:
    """What a .VnTime document pasted into Excel hands us: TCVN3 bytes read as Latin-1."""
    return unicodedata.normalize("NFC", text).translate(_TO_TCVN3)


# Syllables as units type them: both tone placements, đ, capitals, plain ASCII.
SYLLABLES = [
    "Nguyễn", "Thị", "Thủy", "Thuỷ", "Hòa", "Hoà", "Ủy", "Uỷ", "ban", "nhân", "dân", "xã", "Phước",
    "Dinh", "Thành", "Thanh", "Hải", "Ninh", "Thuận", "quý", "hoàng", "khỏe", "khoẻ", "Đặng", "đường",
    "ngày", "tháng", "năm", "số", "hóa", "hoá", "TT&TT", "UBND", "Phan", "Rang-Tháp", "Chàm", "1.245",
]  # fmt: skip
# What makes real cells messy: stray combining tones, zero-width and bidi characters, controls, odd spaces.
COMBINING = list("\u0300\u0301\u0303\u0309\u0323\u0302\u031b\u0306")
INVISIBLE = ["\u200b", "\u200d", "\ufeff", "\u202e", "\u2066", "\x00", "\x07", "\x1f", "\x85"]
SPACES = ["\xa0", "\t", "\n", "  ", "\u2003", "\u3000"]

vietnamese_text = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=8).map(" ".join)
messy_text = st.lists(st.sampled_from(SYLLABLES + COMBINING + INVISIBLE + SPACES), max_size=12).map("".join)
# TCVN3 cells come from legacy documents: TCVN3 bytes plus what Word pastes along, never Unicode tones.
# (A cell holding both is undecidable and not generated.)
tcvn3_text = st.lists(
    st.one_of(vietnamese_text.map(to_tcvn3), st.sampled_from(INVISIBLE + SPACES)), min_size=1, max_size=6
).map("".join)


@settings(max_examples=300, deadline=None)
@given(messy_text)
def test_clean_text_output_is_nfc(text: str) -> None:
    cleaned = clean_text(text)
    assert unicodedata.normalize("NFC", cleaned) == cleaned


@settings(max_examples=300, deadline=None)
@given(st.one_of(vietnamese_text, messy_text, tcvn3_text))
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.one_of(vietnamese_text, messy_text))
def test_nfd_and_nfc_input_give_the_same_output(text: str) -> None:
    assert clean_text(unicodedata.normalize("NFD", text)) == clean_text(unicodedata.normalize("NFC", text))


@settings(max_examples=200, deadline=None)
@given(vietnamese_text)
def test_tcvn3_text_decodes_back_or_is_left_alone(text: str) -> None:
    """TCVN3 is decoded when a byte betrays it, and never guessed otherwise.

    'Nguyễn' encodes to 'NguyÔn', which is also plausible Latin-1 Vietnamese:
    such a cell is left as typed rather than guessed.
    """
    encoded = to_tcvn3(text)
    if looks_like_tcvn3(encoded):
        assert clean_text(encoded) == clean_text(text)
    else:
        assert clean_text(encoded) == canonical_tone_placement(encoded)


def test_nfd_name_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Ủy ban nhân dân xã Phước Dinh")
    assert nfd != "Ủy ban nhân dân xã Phước Dinh"
    assert clean_text(nfd) == "Ủy ban nhân dân xã Phước Dinh"


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Hoà", "Hòa"),
        ("Thuỷ", "Thủy"),
        ("Uỷ", "Ủy"),
        ("khoẻ", "khỏe"),
        ("Phước Hoà", "Phước Hòa"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("HOÀ", "HÒA"),
    ],
)
def test_new_style_tone_placement_becomes_traditional(typed: str, canonical: str) -> None:
    assert clean_text(typed) == canonical
    assert clean_text(unicodedata.normalize("NFD", typed)) == canonical


@pytest.mark.parametrize("word", ["quý", "Quỳnh", "hoàng", "Hòa", "Thủy", "Nguyễn", "thuận", "xuân"])
def test_words_that_need_no_tone_move_are_unchanged(word: str) -> None:
    """'qu' + y keeps the tone on y; a final consonant (hoàng) reads the same in both styles."""
    assert canonical_tone_placement(word) == word
    assert clean_text(word) == word


def test_tcvn3_decoding_of_a_known_name() -> None:
    encoded = to_tcvn3("Phạm Thị Thủy")
    assert encoded == "Ph¹m ThÞ Thñy"
    assert looks_like_tcvn3(encoded)
    assert decode_tcvn3(encoded) == "Phạm Thị Thủy"
    assert clean_text(encoded) == "Phạm Thị Thủy"


def test_tcvn3_decoding_of_a_place_name_with_capital_letters() -> None:
    encoded = to_tcvn3("Ninh Thuận")
    assert encoded == "Ninh ThuËn"
    assert clean_text(encoded) == "Ninh Thuận"
    assert clean_text(to_tcvn3("Đặng Văn Ước")) == "Đặng Văn Ước"


def test_tcvn3_is_decoded_even_with_a_zero_width_character_pasted_along() -> None:
    """Word often leaves a zero-width space or BOM behind; it must not hide the TCVN3."""
    assert clean_text("\ufeffPh¹m ThÞ Thñy\u200b") == "Phạm Thị Thủy"


@pytest.mark.parametrize("text", ["Phước Dinh", "Café Hòa", "Bảo An", "ABC 123", "Thuận Nam", "Đà Lạt"])
def test_unicode_vietnamese_is_not_mistaken_for_tcvn3(text: str) -> None:
    assert not looks_like_tcvn3(text)
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("Phước\u200b Dinh", "Phước Dinh"),
        ("\ufeffSở Y tế", "Sở Y tế"),
        ("Thanh\u202e Hải", "Thanh Hải"),
        ("Bảo\u2066 An\u2069", "Bảo An"),
        ("Ninh\x00Sơn", "Ninh Sơn"),
        ("Ninh\x07\x1f Phước", "Ninh Phước"),
        ("  Thuận\t\tBắc \n", "Thuận Bắc"),
        ("Ninh\xa0Hải", "Ninh Hải"),
    ],
)
def test_invisible_and_control_characters_are_removed(dirty: str, clean: str) -> None:
    assert clean_text(dirty) == clean


def test_near_homonyms_stay_distinct() -> None:
    """Thanh Hải and Thành Hải are two communes in two districts: no key may merge them."""
    assert fold_key("Thanh Hải") != fold_key("Thành Hải")
    assert fold_key("Phước Hải") != fold_key("Phương Hải")
    assert fold_key("Đông Hải") != fold_key("Dông Hải")


def test_fold_key_ignores_case_form_and_tone_placement() -> None:
    assert fold_key("UỶ BAN NHÂN DÂN XÃ PHƯỚC HOÀ") == fold_key(
        unicodedata.normalize("NFD", "Ủy ban nhân dân xã Phước Hòa")
    )


def test_strip_diacritics_is_for_labels_only() -> None:
    assert strip_diacritics("Tử số (số đạt)") == "tu so (so dat)"
    assert strip_diacritics("Đơn vị") == "don vi"


@pytest.mark.parametrize(
    ("typed", "published", "kinds"),
    [
        ("CCCD 058.090.001.234", "CCCD [đã ẩn]", ["id_number"]),
        ("CCCD: 058090001234", "CCCD: [đã ẩn]", ["id_number"]),
        ("Căn cước công dân số 058 090 001 234", "Căn cước công dân số [đã ẩn]", ["id_number"]),
        ("số định danh 058-090-001-234", "số định danh [đã ẩn]", ["id_number"]),
        ("CMND 123.456.789 cấp năm 2010", "CMND [đã ẩn] cấp năm 2010", ["id_number"]),
        ("Hộ chiếu số C1234567", "Hộ chiếu số [đã ẩn]", ["id_number"]),
        ("hộ chiếu: B12345678.", "hộ chiếu: [đã ẩn].", ["id_number"]),
        ("mã 058.090.001.234", "mã [đã ẩn]", ["id_number"]),
        ("mã 0580 9000 1234", "mã [đã ẩn]", ["id_number"]),
        ("058090001234", "[đã ẩn]", ["id_number"]),
        ("123 456 789", "[đã ẩn]", ["id_number"]),
        ("gọi 0912 345 678", "gọi [đã ẩn]", ["phone"]),
        ("ĐT +84 912 345 678", "ĐT [đã ẩn]", ["phone"]),
        ("(+84) 912.345.678", "[đã ẩn]", ["phone"]),
        ("ĐT 0259.3822.123", "ĐT [đã ẩn]", ["phone"]),
        ("thư an.nv@gmail.com", "thư [đã ẩn]", ["email"]),
        # Document numbers, amounts, dates and tax codes are not personal: left as typed.
        ("Số 123456789/QĐ", "Số 123456789/QĐ", []),
        ("Số 123/QĐ-UBND", "Số 123/QĐ-UBND", []),
        ("Quyết định 1234/QĐ-UBND ngày 12/5/2023", "Quyết định 1234/QĐ-UBND ngày 12/5/2023", []),
        ("thưởng 123.456.789 đồng", "thưởng 123.456.789 đồng", []),
        ("Mã số thuế 4500123456", "Mã số thuế 4500123456", []),
        ("năm 2023 có 1.245 hồ sơ", "năm 2023 có 1.245 hồ sơ", []),
    ],
)
def test_redaction_hides_ids_phones_and_emails_and_leaves_document_numbers(
    typed: str, published: str, kinds: list[str]
) -> None:
    assert redact_personal(typed) == (published, kinds)
