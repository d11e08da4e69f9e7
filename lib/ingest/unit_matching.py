"""Resolve what a unit wrote about itself to a registry code.

Units write "UBND xã Phước Dinh", "Uỷ ban nhân dân xã Phước Dinh" or just
"Phước Dinh", sometimes without a code. Near-homonyms (Thanh Hải / Thành Hải,
Phước Hải / Phương Hải) stay distinct because diacritics are kept. The words
stripped from a name's start are params ``structure.name_prefixes``. A name
shared by two communes is resolved with the parent (params
``structure.parent_level``, e.g. the district) or not at all; where the
structure has no parent level, only the code tells them apart.
"""

from __future__ import annotations

import re

import pandas as pd

from lib.contract.params import Structure
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
_HYPHEN = re.compile(r"\s*-\s*")
# A name loses at most this many leading prefixes ("UBND" then "xã"): a name is never eaten whole.
_PREFIX_PASSES = 2


def prefix_pattern(prefixes: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    """One leading prefix of params ``structure.name_prefixes`` followed by a space, folded, longest first."""
    folded = sorted({fold_key(p) for p in prefixes if p.strip()}, key=len, reverse=True)
    if not folded:
        return re.compile(r"(?!)")  # matches nothing
    return re.compile(r"^(?:" + "|".join(re.escape(p) for p in folded) + r")\s+")


def name_key(name: str, prefixes: re.Pattern[str]) -> str:
    """Key for comparing unit names: cleaned, folded, the structure's prefixes dropped (at most twice)."""
    # "Phan Rang - Tháp Chàm" and "Phan Rang-Tháp Chàm" are both in use.
    key = _HYPHEN.sub("-", fold_key(name))
    for short, full in _ABBREVIATIONS.items():
        key = key.replace(short, full)
    for _ in range(_PREFIX_PASSES):
        key = prefixes.sub("", key, count=1)
    return re.sub(r"\s+", " ", _HYPHEN.sub("-", key)).strip()


class UnitMatcher:
    """Look units up in one registry by code, or by name and the parent's name (params ``structure``)."""

    def __init__(self, registry: pd.DataFrame, structure: Structure) -> None:
        self._prefixes = prefix_pattern(structure.name_prefixes)
        self.has_parent = structure.parent_level is not None
        self.parent_label = structure.parent_label or ""
        self._codes = set(registry["unit_code"])
        self._by_name: dict[str, list[str]] = {}
        self._parent = dict(zip(registry["unit_code"], registry["parent_code"], strict=True))
        self._name_of = {}
        for code, name in zip(registry["unit_code"], registry["unit_name"], strict=True):
            self._by_name.setdefault(self.key(name), []).append(code)
            self._name_of[code] = name
        parents = registry.loc[registry["admin_level"] == structure.parent_level, "unit_code"]
        self._district_key = {self.key(self._name_of[c]): c for c in parents}

    def key(self, name: str) -> str:
        """:func:`name_key` with this structure's prefixes."""
        return name_key(name, self._prefixes)

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
        return self._district_key.get(self.key(district)) if district else None

    def by_name(self, name: str | None, district: str | None) -> tuple[str | None, str | None]:
        """(code, problem) for a unit name, narrowed by district when given.

        problem is 'unit_unknown' or 'unit_name_ambiguous' when no single unit
        matches; a name never matches a merely similar one.
        """
        if not name:
            return None, "unit_unknown"
        candidates = self._by_name.get(self.key(name), [])
        if district and self.has_parent:
            district_code = self._district_key.get(self.key(district))
            narrowed = [c for c in candidates if self._parent.get(c) == district_code]
            candidates = narrowed or ([] if district_code else candidates)
        if len(candidates) == 1:
            return candidates[0], None
        if not candidates:
            return None, "unit_unknown"
        return None, "unit_name_ambiguous" if self.has_parent else "unit_code_needed"

    def candidates(self, name: str | None) -> list[str]:
        """Every registry unit a name matches, as «name (code)»: what an ambiguous file is told to choose from."""
        codes = self._by_name.get(self.key(name), []) if name else []
        return [f"{self._name_of[c]} ({c})" for c in codes]
