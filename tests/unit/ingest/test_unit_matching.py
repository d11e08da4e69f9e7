"""Resolving what a unit wrote about itself to a registry code (lib.ingest.unit_matching), on the real 2023 registry."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from lib.contract.params import Params, Structure
from lib.ingest.inputs import load_registry
from lib.ingest.unit_matching import UnitMatcher, name_key, prefix_pattern

# params/2023.yaml structure.name_prefixes, written out.
PREFIXES = prefix_pattern(
    ["Ủy ban nhân dân", "UBND", "thành phố", "TP.", "TP", "thị xã", "thị trấn", "TT.", "TT", "huyện", "quận", "phường",
     "xã", "đặc khu"]
)  # fmt: skip


@pytest.fixture(scope="module")
def matcher(root: Path, params_2023: Params) -> UnitMatcher:
    registry = load_registry(root / "data" / "external" / "ninh_thuan_2023_units.csv", params_2023)[0]
    return UnitMatcher(registry, params_2023.structure)


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


def test_a_name_shared_by_two_communes_needs_the_district(params_2023: Params) -> None:
    registry = pd.DataFrame(
        {
            "unit_code": ["D1", "D2", "X1", "X2"],
            "unit_name": ["UBND huyện Một", "UBND huyện Hai", "UBND xã Phước Hòa", "UBND xã Phước Hòa"],
            "unit_group": ["ubnd_huyen", "ubnd_huyen", "ubnd_xa", "ubnd_xa"],
            "admin_level": ["huyen", "huyen", "xa", "xa"],
            "parent_code": ["58", "58", "D1", "D2"],
        }
    )
    matcher = UnitMatcher(registry, params_2023.structure)
    assert matcher.by_name("Phước Hòa", None) == (None, "unit_name_ambiguous")
    assert matcher.by_name("Phước Hòa", "Hai") == ("X2", None)
    assert matcher.by_name("Phước Hoà", "huyện Một") == ("X1", None)
    assert matcher.by_name("Phước Hòa", "Ba") == (None, "unit_name_ambiguous")


def test_name_key_examples() -> None:
    assert name_key("Ủy ban nhân dân thành phố Phan Rang-Tháp Chàm", PREFIXES) == "phan rang-tháp chàm"
    assert name_key("Sở LĐ-TB&XH", PREFIXES) == name_key("Sở Lao động - Thương binh và Xã hội", PREFIXES)
    assert name_key("Thành Hải", PREFIXES) != name_key("Thanh Hải", PREFIXES)


def _flat_registry() -> pd.DataFrame:
    """A post-2025 province: communes and wards straight under the province, two of them named alike."""
    return pd.DataFrame(
        {
            "unit_code": ["T", "X1", "X2", "P1", "DK1"],
            "unit_name": ["UBND tỉnh", "UBND xã Phước Hòa", "UBND xã Phước Hòa", "UBND phường Bảo An",
                          "Đặc khu Trường Sa"],
            "unit_group": ["so_ban_nganh", "ubnd_xa", "ubnd_xa", "ubnd_xa", "ubnd_xa"],
            "admin_level": ["tinh", "xa", "xa", "xa", "xa"],
            "parent_code": [None, "T", "T", "T", "T"],
        }
    )  # fmt: skip


@pytest.mark.parametrize(
    "written", ["UBND đặc khu Trường Sa", "Đặc khu Trường Sa", "Ủy ban nhân dân đặc khu Trường Sa", "Trường Sa"]
)
def test_a_special_zone_is_named_with_or_without_its_prefix(params_2023: Params, written: str) -> None:
    """«đặc khu» is one of params structure.name_prefixes (issue 18)."""
    assert UnitMatcher(_flat_registry(), params_2023.structure).by_name(written, None) == ("DK1", None)


def test_without_a_parent_level_a_shared_name_asks_for_the_code_and_names_the_candidates(params_2023: Params) -> None:
    flat = Structure(**{**params_2023.structure.__dict__, "parent_level": None, "parent_label": None})
    matcher = UnitMatcher(_flat_registry(), flat)
    assert matcher.by_name("Phước Hòa", None) == (None, "unit_code_needed")
    # a parent's name cannot narrow it: the structure has none
    assert matcher.by_name("xã Phước Hòa", "Phước Hòa") == (None, "unit_code_needed")
    assert matcher.candidates("UBND xã Phước Hòa") == ["UBND xã Phước Hòa (X1)", "UBND xã Phước Hòa (X2)"]
    assert matcher.by_name("phường Bảo An", None) == ("P1", None)


def test_prefixes_are_the_params_ones(params_2023: Params) -> None:
    """Without «đặc khu» among the prefixes the zone's name keeps it, and a bare name no longer matches."""
    prefixes = tuple(p for p in params_2023.structure.name_prefixes if p != "đặc khu")
    fewer = Structure(**{**params_2023.structure.__dict__, "name_prefixes": prefixes})
    matcher = UnitMatcher(_flat_registry(), fewer)
    assert matcher.by_name("Trường Sa", None) == (None, "unit_unknown")
    assert matcher.by_name("Đặc khu Trường Sa", None) == ("DK1", None)
