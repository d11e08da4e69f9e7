"""The sample's appraisal file and system-of-record exports, with the discrepancies real checks find.

Written beside the submissions by :func:`lib.run.sample_data.generate`. The
systems' exports hold every unit their criterion concerns: a submitting
unit's counts as it reported them (the systems and the units count the same
dossiers and documents), a unit that sent nothing gets counts of its own.
Planted (listed in SAMPLE_DATA.md through :data:`PLANTED`):

* commune 22906 reports 316 of 704 dossiers online; the portal recorded 176:
  the portal's counts are scored (params: ``use_system``);
* department S-VHTTDL's signed-document rate is what the document system shows: verified;
* commune 22780's signed documents differ from the document system beyond the
  tolerance (``needs_appraisal``); the appraisal confirms the unit's figure
  (documents signed on the old platform), so it stays eligible;
* commune 22774's signed documents differ too, and no appraisal settles them:
  «cần thẩm định», its head (nominated) is not awarded;
* the appraisal finds that nominee CN-22856-01 of 22856, who declared no
  discipline, was reprimanded in 2023: excluded.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lib.contract import schemas as sc
from lib.contract.params import Params
from lib.ingest.value_parsing import parse_count

PLANTED = [
    {
        "case": "commune over-reports online dossiers",
        "where": "22906 TC04 316/704; portal_hoso.csv 176/704 (params: use_system)",
        "rule": "system_gap_used",
    },
    {
        "case": "signed-document rate confirmed",
        "where": "S-VHTTDL TC01 agrees with vbdh_kyso.csv",
        "rule": "system_confirmed",
    },
    {
        "case": "document-system gap settled by the appraisal",
        "where": "22780 TC01 vs vbdh_kyso.csv; appraisal/tham_dinh.csv confirms the unit's figure",
        "rule": "appraisal_confirmed",
    },
    {
        "case": "document-system gap not yet appraised",
        "where": "22774 TC01 vs vbdh_kyso.csv (params: needs_appraisal); its head is not awarded",
        "rule": "system_gap_needs_appraisal",
    },
    {
        "case": "discipline corrected by the appraisal",
        "where": "22856 nominee CN-22856-01: declared not disciplined, appraised as reprimanded",
        "rule": "appraisal_adjusted",
    },
]
APPRAISER = "Tổ thẩm định Sở Thông tin và Truyền thông"
# unit -> criterion -> system numerator (the planted gaps); everything else is the unit's own counts.
SYSTEM_GAPS = {"22906": {"TC04": 176}, "22774": {"TC01": 0.78}, "22780": {"TC01": 0.8}}


def _own_counts(content: dict[str, Any], unit: str, criterion: str) -> tuple[int, int] | None:
    """The counts a unit's workbook holds for a criterion, read as ingest reads them ("1.245" is 1245)."""
    rows = content.get(unit, {}).get(sc.IndicatorModel, [])
    for row in rows:
        num, den = parse_count(row.get("numerator")).value, parse_count(row.get("denominator")).value
        if row.get("criterion_code") == criterion and num is not None and den:
            return int(num), int(den)
    return None


def _system_counts(own: tuple[int, int] | None, gap: float | None, rng: np.random.Generator) -> tuple[int, int]:
    """What the system recorded: the unit's counts, the planted gap, or counts of a unit that sent nothing."""
    if own is None:
        den = int(rng.integers(40, 1500))
        return round(den * rng.uniform(0.3, 0.95)), den
    num, den = own
    if gap is None:
        return num, den
    return (int(gap), den) if gap >= 1 else (round(num * gap), den)


def write_systems(
    out_dir: Path,
    content: dict[str, Any],
    registry: pd.DataFrame,
    params: Params,
    seed: int,
    gaps: dict[str, dict[str, float]] | None = None,
) -> None:
    """One export per system of params ``verification.systems``, every unit its criterion concerns.

    ``gaps`` (unit -> criterion -> system numerator or share) are the run's planted gaps (default: 2023's).
    """
    gaps = SYSTEM_GAPS if gaps is None else gaps
    rng = np.random.default_rng(seed + 19)
    folder = out_dir / "systems"
    folder.mkdir(parents=True, exist_ok=True)
    extracted = dt.date(params.year, 12, 10).strftime("%d/%m/%Y")
    for system in params.verification.systems:
        crit = params.criterion(system.criterion)
        rows = []
        for unit, group in zip(registry["unit_code"], registry["unit_group"], strict=True):
            if group not in crit.applies_to:
                continue
            gap = gaps.get(unit, {}).get(crit.code)
            num, den = _system_counts(_own_counts(content, unit, crit.code), gap, rng)
            rows.append({"unit_code": unit, "numerator": num, "denominator": den, "extracted_on": extracted})
        pd.DataFrame(rows, columns=list(sc.fields(sc.SystemRecordModel))).to_csv(
            folder / system.file, index=False, lineterminator="\n"
        )


# The 2023 appraisal: who appraises, the unit whose gap is settled, the nominee whose discipline is corrected.
APPRAISAL = {
    "appraiser": APPRAISER,
    "minutes": "07/BB-STTTT",
    "settled_unit": "22780",
    "disciplined_unit": "22856",
    "disciplined_person": "CN-22856-01",
}


def write_appraisal(
    out_dir: Path, content: dict[str, Any], params: Params, appraisal: dict[str, str] | None = None
) -> None:
    """The standing body's appraisal: one unit's gap settled, one nominee's discipline corrected.

    ``appraisal`` names them and the appraiser for the run (default :data:`APPRAISAL`, the 2023 sample's).
    """
    plan = APPRAISAL if appraisal is None else appraisal
    own = _own_counts(content, plan["settled_unit"], "TC01")
    appraised_on = dt.date(params.year, 12, 12).strftime("%d/%m/%Y")
    rows = [
        {
            "unit_code": plan["settled_unit"],
            "person_code": "",
            "item": "TC01",
            "numerator": own[0] if own else "",
            "denominator": own[1] if own else "",
            "value": "",
            "reason": "Đối chiếu sổ văn bản đi: văn bản ký số trên hệ thống cũ chưa đồng bộ sang hệ thống quản lý "
            "văn bản và điều hành; số liệu đơn vị báo cáo đúng",
            "evidence_ref": f"Biên bản thẩm định số {plan['minutes']} ngày 12/12/{params.year}",
            "appraised_by": plan["appraiser"],
            "appraised_on": appraised_on,
        },
        {
            "unit_code": plan["disciplined_unit"],
            "person_code": plan["disciplined_person"],
            "item": "ky_luat",
            "numerator": "",
            "denominator": "",
            "value": "Có",
            "reason": f"Bị kỷ luật khiển trách trong năm {params.year}; hồ sơ đề nghị khai «Không»",
            "evidence_ref": f"Quyết định số 215/QĐ-UBND ngày 20/09/{params.year} về việc thi hành kỷ luật",
            "appraised_by": plan["appraiser"],
            "appraised_on": appraised_on,
        },
    ]
    folder = out_dir / "appraisal"
    folder.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame(rows, columns=list(sc.fields(sc.AppraisalModel)))
    frame.to_csv(out_dir / params.verification.appraisal_file, index=False, lineterminator="\n")
