"""Resolve what a unit wrote about itself to a registry code.

Units write "UBND xã Phước Dinh", "Uỷ ban nhân dân xã Phước Dinh" or just
"Phước Dinh", sometimes without a code. Near-homonyms (Thanh Hải / Thành Hải,
Phước Hải / Phương Hải) stay distinct because diacritics are kept; a name
shared by two communes is resolved with the parent district or not at all.
"""

from __future__ import annotations

import re

import pandas as pd

from lib.ingest.text_repair import fold_key

_ABBREVIATIONS = {
    "tt&tt": "thông tin và truyền thông",
    "tttt": "thông tin và truyền thông",
    "kh&đt": "kế hoạch và đầu tư",
    "gd&đt": "giáo dục và đào tạo",
    "tn&mt": "tài nguyên và môi trường",
    "lđ-tb&xh": "lao động - thương binh và xã hội",
    "nn&ptnt": "nông nghiệp và phát triển nông thôn",
    "vh,tt&dl": "văn hóa, thể thao và du lịch",
    "kh&cn": "khoa học và công nghệ",
    "gtvt": "giao thông vận tải",
}
_ADMIN_WORDS = re.compile(r"^(ủy ban nhân dân|ubnd)\s+")
_LEVEL_WORDS = re.compile(r"^(thành phố|tp\.?|huyện|thị trấn|tt\.?|phường|xã)\s+")
_HYPHEN = re.compile(r"\s*-\s*")


def name_key(name: str) -> str:
    """Key for comparing unit names: cleaned, folded, common prefixes dropped."""
    # "Phan Rang - Tháp Chàm" and "Phan Rang-Tháp Chàm" are both in use.
    key = _HYPHEN.sub("-", fold_key(name))
    for short, full in _ABBREVIATIONS.items():
        key = key.replace(short, full)
    key = _ADMIN_WORDS.sub("", key)
    key = _LEVEL_WORDS.sub("", key)
    return re.sub(r"\s+", " ", _HYPHEN.sub("-", key)).strip()


class UnitMatcher:
    """Look units up in one registry by code, or by name and district."""

    def __init__(self, registry: pd.DataFrame) -> None:
        self._codes = set(registry["unit_code"])
        self._by_name: dict[str, list[str]] = {}
        self._parent = dict(zip(registry["unit_code"], registry["parent_code"], strict=True))
        self._name_of = {}
        for code, name in zip(registry["unit_code"], registry["unit_name"], strict=True):
            self._by_name.setdefault(name_key(name), []).append(code)
            self._name_of[code] = name
        self._district_key = {
            name_key(self._name_of[c]): c for c in registry.loc[registry["admin_level"] == "huyen", "unit_code"]
        }

    def known(self, code: str | None) -> bool:
        """True when the code is in the registry."""
        return code is not None and code in self._codes

    def name_of(self, code: str) -> str:
        """The registry name of a known code."""
        return str(self._name_of[code])

    def district_of(self, code: str) -> str | None:
        """The district a commune belongs to (None for units that are not under a district)."""
        parent = self._parent.get(code)
        return parent if isinstance(parent, str) and parent in self._district_key.values() else None

    def district_code(self, district: str | None) -> str | None:
        """The registry code of a district name as units write it ("TP Phan Rang-Tháp Chàm"), or None."""
        return self._district_key.get(name_key(district)) if district else None

    def by_name(self, name: str | None, district: str | None) -> tuple[str | None, str | None]:
        """(code, problem) for a unit name, narrowed by district when given.

        problem is 'unit_unknown' or 'unit_name_ambiguous' when no single unit
        matches; a name never matches a merely similar one.
        """
        if not name:
            return None, "unit_unknown"
        candidates = self._by_name.get(name_key(name), [])
        if district:
            district_code = self._district_key.get(name_key(district))
            narrowed = [c for c in candidates if self._parent.get(c) == district_code]
            candidates = narrowed or ([] if district_code else candidates)
        if len(candidates) == 1:
            return candidates[0], None
        return None, "unit_name_ambiguous" if candidates else "unit_unknown"
