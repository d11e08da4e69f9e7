"""Resolving what a unit wrote about itself to a registry code (lib.ingest.unit_matching), on the real 2023 registry."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from lib.ingest.inputs import load_registry
from lib.ingest.unit_matching import UnitMatcher, name_key


@pytest.fixture(scope="module")
def matcher(root: Path) -> UnitMatcher:
    return UnitMatcher(load_registry(root / "data" / "external" / "ninh_thuan_2023_units.csv")[0])


def test_known_codes(matcher: UnitMatcher) -> None:
    assert matcher.known("22774")
    assert matcher.known("S-TTTT")
    assert not matcher.known("99999")
    assert not matcher.known(None)


@pytest.mark.parametrize(
    "written",
    [
        "Ủy ban nhân dân xã Phước Dinh",
        "UBND xã Phước Dinh",
        "ubnd xã phước dinh",
        "Xã Phước Dinh",
        "Phước Dinh",
        "  UBND   xã  Phước\u200b Dinh ",
        unicodedata.normalize("NFD", "Uỷ ban nhân dân xã Phước Dinh"),
    ],
)
def test_prefixes_spacing_and_unicode_form_do_not_matter(matcher: UnitMatcher, written: str) -> None:
    assert matcher.by_name(written, None) == ("22903", None)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Sở TT&TT", "S-TTTT"),
        ("Sở Thông tin và Truyền thông", "S-TTTT"),
        ("Sở KH&ĐT", "S-KHDT"),
        ("Sở VH,TT&DL", "S-VHTTDL"),
        ("UBND huyện Ninh Hải", "586"),
        ("UBND TP. Phan Rang - Tháp Chàm", "582"),
        ("Uỷ ban nhân dân xã Phước Hoà", "22786"),
    ],
)
def test_abbreviations_tone_placement_and_hyphen_spacing(matcher: UnitMatcher, written: str, code: str) -> None:
    assert matcher.by_name(written, None) == (code, None)


def test_near_homonyms_are_resolved_with_the_district(matcher: UnitMatcher) -> None:
    """Thành Hải (22774) lies in Phan Rang-Tháp Chàm (582), Thanh Hải (22868) in Ninh Hải (586)."""
    assert matcher.by_name("UBND xã Thành Hải", "Phan Rang-Tháp Chàm") == ("22774", None)
    assert matcher.by_name("UBND xã Thành Hải", "Phan Rang - Tháp Chàm") == ("22774", None)
    assert matcher.by_name("UBND xã Thanh Hải", "Ninh Hải") == ("22868", None)
    assert matcher.by_name("UBND xã Thanh Hải", "huyện Ninh Hải") == ("22868", None)


def test_a_name_never_matches_a_merely_similar_one(matcher: UnitMatcher) -> None:
    assert matcher.by_name("Thanh Hải", "Phan Rang-Tháp Chàm") == (None, "unit_unknown")
    assert matcher.by_name("Thành Hải", "Ninh Hải") == (None, "unit_unknown")
    assert matcher.by_name("Thanh Hai", None) == (None, "unit_unknown")
    assert matcher.by_name("Phương Hải", None) == ("22852", None)
    assert matcher.by_name("Phước Hải", None) == ("22894", None)
    assert matcher.by_name("", None) == (None, "unit_unknown")
    assert matcher.by_name(None, "Ninh Hải") == (None, "unit_unknown")


def test_a_name_shared_by_two_communes_needs_the_district() -> None:
    registry = pd.DataFrame(
        {
            "unit_code": ["D1", "D2", "X1", "X2"],
            "unit_name": ["UBND huyện Một", "UBND huyện Hai", "UBND xã Phước Hòa", "UBND xã Phước Hòa"],
            "unit_group": ["ubnd_huyen", "ubnd_huyen", "ubnd_xa", "ubnd_xa"],
            "admin_level": ["huyen", "huyen", "xa", "xa"],
            "parent_code": ["58", "58", "D1", "D2"],
        }
    )
    matcher = UnitMatcher(registry)
    assert matcher.by_name("Phước Hòa", None) == (None, "unit_name_ambiguous")
    assert matcher.by_name("Phước Hòa", "Hai") == ("X2", None)
    assert matcher.by_name("Phước Hoà", "huyện Một") == ("X1", None)
    assert matcher.by_name("Phước Hòa", "Ba") == (None, "unit_name_ambiguous")


def test_name_key_examples() -> None:
    assert name_key("Ủy ban nhân dân thành phố Phan Rang-Tháp Chàm") == "phan rang-tháp chàm"
    assert name_key("Sở LĐ-TB&XH") == name_key("Sở Lao động - Thương binh và Xã hội")
    assert name_key("Thành Hải") != name_key("Thanh Hải")
