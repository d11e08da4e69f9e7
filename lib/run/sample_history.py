"""The sample's award history (data/raw/<run>/award_history.csv): a few awards of the movement's earlier years.

Written by :func:`lib.run.sample_data.generate` after the submissions, from
their content, so the planted cases name the nominees' own products and
people. Every row is synthetic (decision numbers included) and says so in its
note. Planted:

* the Provincial Youth Union (MT-TD, recommended 5th) was awarded in 2022 for
  its product «Trợ lý ảo hành chính công», the one product its 2023
  achievement rests on: the same achievement, so it is excluded citing the
  2022 decision, and the first reserve (22906) moves up to 5th;
* the second nominee of commune 22837 was awarded in 2022 for another product:
  a different achievement, shown beside the nominee, no bar;
* the department S-VHTTDL was awarded in 2021 (shown), commune 22888 (xã An
  Hải) was proposed in 2022 without a decision yet (shown as proposed), and a
  namesake of the 22837 nominee in another unit matches nobody.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from lib.contract import schemas as sc
from lib.contract.labels import COLLECTIVE, HISTORY_DECIDED, HISTORY_PROPOSED, HISTORY_STATUSES, INDIVIDUAL
from lib.contract.labels import NOMINEE_KINDS_VI as KINDS
from lib.contract.params import Params
from lib.ingest.award_history import HISTORY_FILE

PLANTED = [
    {
        "case": "achievement already rewarded (same DX product)",
        "where": "award_history.csv: MT-TD awarded in 2022 for its one 2023 product; excluded, reserve 22906 moves up",
        "rule": "chua_khen_thanh_tich",
    },
    {
        "case": "earlier award for a different achievement",
        "where": "award_history.csv: nominee 22837-CN02 awarded in 2022 for another product; shown, not barred",
        "rule": "history_award_recorded",
    },
]
NOTE = "Dữ liệu mẫu (tổng hợp), số quyết định giả định"
MOVEMENT = "Phong trào thi đua Chuyển đổi số"


def _first(content: dict[str, Any], unit: str, model: type, index: int = 0) -> dict[str, Any]:
    """One row the unit's generated workbook holds on a sheet."""
    return content[unit][model][index]


def _row(kind: str, unit: str, year: int, status: str, **values: Any) -> dict[str, Any]:
    row = dict(
        kind=KINDS[kind],
        unit_code=unit,
        full_name="",
        position="",
        award_year=year,
        award_form="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        status=HISTORY_STATUSES[status],
        decision_number="",
        decision_date="",
        movement=MOVEMENT,
        period=str(year),
        products="",
        achievement="",
        note=NOTE,
    )
    row.update(values)
    return row


def history_rows(content: dict[str, Any], params: Params) -> list[dict[str, Any]]:
    """The planted awards, in the order of the file."""
    before, earlier = params.year - 1, params.year - 2
    decided = dict(decision_number="2150/QĐ-UBND", decision_date=dt.date(before, 12, 20).strftime("%d/%m/%Y"))
    product = str(_first(content, "MT-TD", sc.ProductModel)["product_name"])
    person = _first(content, "22837", sc.IndividualNominationModel, 1)
    return [
        _row(
            COLLECTIVE,
            "MT-TD",
            before,
            HISTORY_DECIDED,
            products=product,
            achievement=f"Đã có thành tích xuất sắc trong {MOVEMENT} năm {before}: đưa vào sử dụng «{product}»",
            **decided,
        ),
        _row(
            INDIVIDUAL,
            "22837",
            before,
            HISTORY_DECIDED,
            full_name=person["full_name"],
            position=person.get("position") or "",
            products="Một cửa điện tử liên thông - Ủy ban nhân dân xã Phước Chiến",
            achievement=f"Chủ trì triển khai Một cửa điện tử liên thông của xã năm {before}",
            **decided,
        ),
        _row(
            COLLECTIVE,
            "S-VHTTDL",
            earlier,
            HISTORY_DECIDED,
            decision_number="1985/QĐ-UBND",
            decision_date=dt.date(earlier, 12, 15).strftime("%d/%m/%Y"),
            achievement=f"Đã có thành tích xuất sắc trong {MOVEMENT} năm {earlier}",
        ),
        _row(
            INDIVIDUAL,
            "22840",
            before,
            HISTORY_DECIDED,
            full_name=person["full_name"],
            position="Công chức Văn phòng - Thống kê",
            achievement=f"Có thành tích trong {MOVEMENT} năm {before} (người trùng họ tên, đơn vị khác)",
            **decided,
        ),
        _row(
            COLLECTIVE,
            "22888",
            before,
            HISTORY_PROPOSED,
            achievement=f"Đề nghị khen thưởng trong {MOVEMENT} năm {before}",
        ),
    ]


def write_history(out_dir: Path, content: dict[str, Any], params: Params) -> None:
    """award_history.csv with the planted awards (Vietnamese headings, as a clerk's file has them)."""
    titles = {name: str(column.title) for name, column in sc.fields(sc.AwardHistoryModel).items()}
    frame = pd.DataFrame(history_rows(content, params), columns=list(titles)).rename(columns=titles)
    frame.to_csv(out_dir / HISTORY_FILE, index=False, lineterminator="\n")
    planted = "\n".join(f"- {p['case']}: {p['where']} (`{p['rule']}`)" for p in PLANTED)
    with (out_dir / "SAMPLE_DATA.md").open("a", encoding="utf-8") as notes:
        notes.write(f"\n## Award history ({HISTORY_FILE})\n\n{planted}\n")
