"""Whole runs on inputs as offices and failures leave them: cp1258 registries, one unit group, a failed run.

Each run's stderr is checked for the kernel's TCP warning too (the run's kernel talks over IPC).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from tests.support.hostile_corpus import to_cp1258
from tests.support.pipeline import copy_repo, run_cli

pytestmark = pytest.mark.slow


def test_a_registry_saved_by_excel_on_vietnamese_windows_runs(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    registry = repo / "data" / "raw" / "2023" / "registry.csv"
    frame = pd.read_csv(registry, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    registry.write_bytes(to_cp1258(frame.to_csv(sep=";", index=False, lineterminator="\r\n")))
    done = run_cli(repo, "report", "--run", "2023")
    assert done.returncode == 0, done.stderr[-3000:]
    scores = pd.read_csv(repo / "outputs" / "2023" / "scores.csv", dtype=str)
    assert {"Ủy ban nhân dân xã Phước Minh", "Sở Văn hóa, Thể thao và Du lịch"} <= set(scores["unit_name"])
    quality = pd.read_excel(repo / "outputs" / "2023" / "data_quality.xlsx", sheet_name=None, engine="calamine")
    cells = {str(v) for frame in quality.values() for v in frame.astype(str).to_numpy().ravel()}
    assert "Windows-1258; dấu phân cách «;»" in cells


def test_an_unreadable_registry_is_one_message_naming_the_file(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    registry = repo / "data" / "raw" / "2023" / "registry.csv"
    registry.write_bytes(registry.read_text(encoding="utf-8-sig").encode("utf-16"))
    done = run_cli(repo, "report", "--run", "2023")
    assert done.returncode == 2
    assert "registry.csv: not a text csv (UTF-16 or binary); save it as «CSV UTF-8»" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_a_registry_of_a_single_unit_group_runs(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    registry = repo / "data" / "raw" / "2023" / "registry.csv"
    frame = pd.read_csv(registry, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame[frame["unit_group"] == "ubnd_huyen"].to_csv(registry, index=False, encoding="utf-8")
    done = run_cli(repo, "report", "--run", "2023")
    assert done.returncode == 0, done.stderr[-3000:]
    scores = pd.read_csv(repo / "outputs" / "2023" / "scores.csv", dtype=str)
    assert set(scores["unit_group"]) == {"ubnd_huyen"} and len(scores) == 7
    assert "running over TCP" not in done.stderr and "Kernel is running" not in done.stderr  # IPC transport


def test_a_run_after_a_failed_run_works(tmp_path: Path) -> None:
    """The scoring notebook fails: data/processed keeps complete tables, and the next run succeeds."""
    repo = copy_repo(tmp_path / "repo")
    path = repo / "notebooks" / "02_scoring.ipynb"
    original = path.read_bytes()
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("raise RuntimeError('deliberate failure')"))
    nbformat.write(nb, path)
    failed = run_cli(repo, "report", "--run", "2023")
    assert failed.returncode == 2 and "deliberate failure" in failed.stderr
    processed = repo / "data" / "processed" / "2023"
    csvs = sorted(p.stem for p in processed.glob("*.csv"))
    assert csvs and csvs == sorted(p.name.removesuffix(".types.json") for p in processed.glob("*.types.json"))
    assert [p.name for p in processed.parent.iterdir()] == ["2023"]  # no staging folder left
    path.write_bytes(original)
    done = run_cli(repo, "report", "--run", "2023")
    assert done.returncode == 0, done.stderr[-3000:]
    assert (repo / "outputs" / "2023" / "manifest.json").exists()
