"""The real client: LibreOffice saves sample submissions as .xls, .ods and .xlsx, and ingest reads them alike.

A unit's clerk opens the template in whatever office software the unit has and
saves it in that software's habits. LibreOffice Calc (headless) converts five
sample submissions, chosen for what they exercise (a fraction typed in a cell,
a percentage typed as text, TCVN3 text, collective and individual nominations,
a department and communes); every clean table, every finding and every score
must equal the originals'. So must a blank template filled by a clerk (its unit list sheet, its dd/mm/yyyy
date cells holding real dates). Only the file name's extension differs.

LibreOffice is a test dependency, like the browser: ``make test`` installs
Debian's ``libreoffice-calc-nogui`` when it is missing. Without it this test
fails, saying so, rather than skipping: a skipped real-client test would let a
format regression through unseen.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from lib.contract import schemas as sc
from lib.contract.params import Params
from lib.ingest.inputs import IngestResult, ingest, load_registry
from lib.publish.template import build_workbook
from lib.publish.workbooks import save_workbook
from lib.scoring.scores import score_units
from tests.support.hostile_corpus import COLLECTIVE, SAMPLE_RAW

pytestmark = pytest.mark.slow
SAMPLES = ("22750", "22780", "22903", "S-TP", "S-VHTTDL")
FILLED = "22909"  # the blank template (unit list, dd/mm/yyyy date cells) filled with real date cells
FORMATS = ("xls", "ods", "xlsx")  # "xlsx": the workbook as LibreOffice saves it, not as XlsxWriter wrote it
MISSING = (
    "LibreOffice (soffice) is not installed: `make test` installs Debian's libreoffice-calc-nogui "
    "(or: apt-get install -y --no-install-recommends libreoffice-calc-nogui)"
)
TABLES = ("indicators", "products", "collective_nominations", "individual_nominations")


def _raw(base: Path) -> Path:
    """A run folder with the sample registry and register and an empty submissions folder."""
    (base / "submissions").mkdir(parents=True)
    for name in ("registry.csv", "register.csv"):
        shutil.copyfile(SAMPLE_RAW / name, base / name)
    return base


def _convert(files: list[Path], fmt: str, out: Path, profile: Path) -> None:
    """One soffice process per format, with its own user profile (no clash with a running LibreOffice)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail(MISSING, pytrace=False)
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", fmt]
    subprocess.run([*command, "--outdir", str(out), *map(str, files)], check=True, capture_output=True, timeout=300)
    made = sorted(p.name for p in out.iterdir())
    assert made == sorted(f"{f.stem}.{fmt}" for f in files), made


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, params_2023: Params) -> dict[str, IngestResult]:
    """The originals and each LibreOffice-saved format, ingested as separate runs."""
    base = tmp_path_factory.mktemp("real_client")
    originals = _raw(base / "original")
    registry, _ = load_registry(SAMPLE_RAW / "registry.csv", params_2023)
    save_workbook(build_workbook(params_2023, _filled_rows(), registry), originals / "submissions" / f"{FILLED}.xlsx")
    files = [originals / "submissions" / f"{FILLED}.xlsx"] + [
        Path(shutil.copyfile(SAMPLE_RAW / "submissions" / f"{c}.xlsx", originals / "submissions" / f"{c}.xlsx"))
        for c in SAMPLES
    ]
    results = {"original": ingest(originals, params_2023)}
    for fmt in FORMATS:
        raw = _raw(base / fmt)
        _convert(files, fmt, raw / "submissions", base / "profile")
        results[fmt] = ingest(raw, params_2023)
    return results


def _filled_rows() -> dict[type, list[dict[str, Any]]]:
    """What a commune clerk types into the blank template: counts, a product, a nomination, real dates."""
    return {
        sc.UnitInfoModel: [
            {"unit_code": FILLED, "unit_name": "Ủy ban nhân dân xã Phước Diêm", "submitted_on": dt.date(2023, 12, 5)}
        ],
        sc.IndicatorModel: [
            {"criterion_code": "TC01", "numerator": 412, "denominator": 415},
            {"criterion_code": "TC04", "numerator": 43, "denominator": 60},
        ],
        sc.ProductModel: [{"product_name": "Bản đồ số xã Phước Diêm", "in_use_on": dt.date(2023, 6, 15)}],
        sc.CollectiveNominationModel: [{**COLLECTIVE, "dossier_sent_on": dt.date(2023, 12, 8)}],
    }


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """A table with file names reduced to their stem (the only thing a format may change)."""
    out = frame.copy()
    if "file" in out:
        out["file"] = out["file"].str.replace(r"\.(xlsx|xls|ods)$", "", regex=True)
    return out.reset_index(drop=True)


def test_soffice_is_installed() -> None:
    if shutil.which("soffice") is None:
        pytest.fail(MISSING, pytrace=False)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_file_is_accepted_and_accounted_for(runs: dict[str, IngestResult], fmt: str) -> None:
    columns = [
        "file",
        "unit_code",
        "unit_name_submitted",
        "submitted_on",
        "status",
        "rows_read",
        "rows_accepted",
        "rows_rejected",
        "nominees_read",
    ]
    original = _plain(runs["original"].submissions[columns])
    assert (original["status"] == "accepted").all()
    pd.testing.assert_frame_equal(_plain(runs[fmt].submissions[columns]), original)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("table", TABLES)
def test_the_clean_tables_are_the_originals(runs: dict[str, IngestResult], fmt: str, table: str) -> None:
    expected = _plain(runs["original"].tables[table])
    assert len(expected) > 0, f"the samples hold no {table} row: choose others"
    pd.testing.assert_frame_equal(_plain(runs[fmt].tables[table]), expected, check_dtype=False, obj=table)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_findings_are_the_originals(runs: dict[str, IngestResult], fmt: str) -> None:
    columns = ["file", "unit_code", "sheet", "row", "column", "value", "rule", "severity", "action"]
    pd.testing.assert_frame_equal(_plain(runs[fmt].issues[columns]), _plain(runs["original"].issues[columns]))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_scores_are_the_originals(runs: dict[str, IngestResult], fmt: str, params_2023: Params) -> None:
    def scored(result: IngestResult) -> pd.DataFrame:
        t = result.tables
        _, scores = score_units(result.registry, result.submissions, t["indicators"], t["products"], params_2023)
        return scores.reset_index(drop=True)

    expected = scored(runs["original"])
    assert expected.loc[expected["unit_code"].isin([*SAMPLES, FILLED]), "score"].notna().all()
    pd.testing.assert_frame_equal(scored(runs[fmt]), expected)
