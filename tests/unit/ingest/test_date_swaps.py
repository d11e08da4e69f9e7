"""Dates an en-US computer read month first are kept as read, with a warning naming both readings.

Oracles by hand (params/2023.yaml: period 01/01-31/12/2023, deadline 14/12/2023, so submission and
dossier dates are expected from 01/12/2023 to 31/12/2023).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lib.contract.params import Params
from lib.ingest.date_swaps import swapped
from lib.ingest.inputs import ingest
from tests.unit.ingest.test_inputs import COLLECTIVE, info, issues_for, product, raw_dir, write_submission


@pytest.mark.parametrize(
    ("value", "other"),
    [
        (dt.date(2023, 5, 12), dt.date(2023, 12, 5)),
        (dt.date(2023, 12, 13), None),  # no thirteenth month: one reading only
        (dt.date(2023, 6, 6), None),  # the same either way
    ],
)
def test_the_other_reading(value: dt.date, other: dt.date | None) -> None:
    assert swapped(value) == other


def test_swapped_dates_warn_naming_both_readings(tmp_path: Path, params_2023: Params) -> None:
    raw = raw_dir(tmp_path)
    # "05/12/2023" typed in an en-US Excel is saved as the real date 12 May; likewise the others below.
    write_submission(
        raw / "submissions" / "S-TP.xlsx",
        params_2023,
        info("S-TP", "Sở Tư pháp", submitted_on=dt.date(2023, 5, 12)),
        products=[
            product("Họp không giấy", on=dt.date(2023, 3, 4)),
            product("Một cửa điện tử", on=dt.date(2023, 12, 13)),
        ],
        collective=[{**COLLECTIVE, "dossier_sent_on": dt.date(2023, 1, 12)}],
    )
    write_submission(
        raw / "submissions" / "S-YT.xlsx",
        params_2023,
        info("S-YT", "Sở Y tế", submitted_on=dt.date(2023, 12, 5)),
        products=[
            product("Bệnh án điện tử", on=dt.date(2023, 12, 10)),
            product("Đặt lịch khám", on=dt.date(2023, 12, 4)),
        ],
    )
    result = ingest(raw, params_2023)
    found = result.issues[result.issues["rule"] == "date_day_month_swapped"]
    got = sorted(found[["file", "sheet", "value", "detail"]].itertuples(index=False, name=None))
    assert got == [
        (
            "submissions/S-TP.xlsx",
            "DonVi",
            "12/05/2023",
            "đọc là 12/05/2023; nếu đảo ngày và tháng: 05/12/2023 (ngày gửi thường từ 01/12/2023 đến 31/12/2023)",
        ),
        (
            "submissions/S-TP.xlsx",
            "KhenTapThe",
            "12/01/2023",
            "đọc là 12/01/2023; nếu đảo ngày và tháng: 01/12/2023 (hồ sơ thường gửi từ 01/12/2023 đến 31/12/2023)",
        ),
        (
            "submissions/S-YT.xlsx",
            "SanPham",
            "10/12/2023",
            "đọc là 10/12/2023; nếu đảo ngày và tháng: 12/10/2023 (sau ngày gửi báo cáo 05/12/2023)",
        ),
    ]
    assert set(found["severity"]) == {"warning"} and set(found["action"]) == {"kept"}
    # kept as read: a valid date is never silently changed
    assert result.submissions.set_index("file").loc["submissions/S-TP.xlsx", "submitted_on"] == dt.date(2023, 5, 12)
    assert len(issues_for(result, "S-YT.xlsx").query("rule == 'date_day_month_swapped'")) == 1
