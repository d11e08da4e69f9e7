"""A refused file is attributed to the unit it is named after; participation tells refused from absent."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.contract.labels import NOT_SUBMITTED, SUBMITTED, UNREADABLE
from lib.ingest.attribution import code_from_file_name, participation

CODES = ["22903", "S-YT", "DN-01", "22750"]


@pytest.mark.parametrize(
    ("file", "code"),
    [
        ("submissions/22903.xlsx", "22903"),
        ("submissions/22903_lan2.xls", "22903"),
        ("submissions/22903 (1).ods", "22903"),
        ("submissions/22750-sua.xlsx", "22750"),
        ("submissions/s-yt.xlsx", "S-YT"),
        ("submissions/S-YT_lan1.xlsx", "S-YT"),
        ("submissions/DN-01_lan2.xlsx", "DN-01"),  # never shortened to a code it only starts with
        ("submissions/99999.xlsx", ""),
        ("submissions/Báo cáo xã.xlsx", ""),
        ("submissions/~$22903.xlsx", ""),  # an Excel lock file belongs to no one
    ],
)
def test_the_file_name_names_the_unit(file: str, code: str) -> None:
    assert code_from_file_name(file, CODES) == code


def test_participation_tells_unreadable_from_not_submitted() -> None:
    registry = pd.DataFrame({"unit_code": ["A", "B", "C", "D"]})
    submissions = pd.DataFrame(
        {
            "unit_code": ["A", "A", "B", ""],
            "status": ["rejected", "accepted", "rejected", "rejected"],
        }
    )
    states = participation(registry, submissions)
    assert states.to_dict() == {"A": SUBMITTED, "B": UNREADABLE, "C": NOT_SUBMITTED, "D": NOT_SUBMITTED}
