"""Which unit a file belongs to when its content cannot say, and what each unit's participation is.

A refused file (unreadable, encrypted, too large, of an unknown unit) still
came from someone: the template asks for the file to be named after the
unit's code ("22903.xlsx"), so the name attributes it. The unit is then
"đã nộp nhưng không đọc được" (submitted, unreadable), not "chưa nộp", and
gets a feedback workbook that says what to do. A readable file is attributed
by its content first (:func:`lib.ingest.inputs._resolve_units`); a name that is
not a registry code attributes nothing (nothing is guessed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from lib.contract.labels import ACCEPTED, NOT_SUBMITTED, SUBMITTED, UNREADABLE

# What clerks add to the code in a file name: "22903_lan2", "22903 (1)", "22903-sua", "S-YT_lan1".
# One such tail at a time, from the end, so that "DN-01_lan2" gives "DN-01", never "DN".
_NAME_TAIL = re.compile(r"(?:[ _.-]+(?:lan|lần|ban|bản|sua|sửa|v)?\s*\d*|\s*\(\d+\))$", re.IGNORECASE)


def code_from_file_name(file: str, codes: Iterable[str]) -> str:
    """The registry code a file is named after ('submissions/22903_lan2.xls' -> '22903'), or ''."""
    known = {code.casefold(): code for code in codes}
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0].strip()
    while stem:
        if stem.casefold() in known:
            return known[stem.casefold()]
        shorter = _NAME_TAIL.sub("", stem, count=1)
        if shorter == stem:
            return ""
        stem = shorter
    return ""


def participation(registry: pd.DataFrame, submissions: pd.DataFrame) -> pd.Series:
    """Per registry unit: submitted (a file was used), unreadable (files arrived, none usable), not submitted."""
    attributed = submissions[submissions["unit_code"].fillna("").astype(str) != ""]
    used = set(attributed.loc[attributed["status"] == ACCEPTED, "unit_code"])
    arrived = set(attributed["unit_code"])
    codes = registry["unit_code"]
    state = [SUBMITTED if c in used else UNREADABLE if c in arrived else NOT_SUBMITTED for c in codes]
    return pd.Series(state, index=codes.to_numpy(), name="participation")
