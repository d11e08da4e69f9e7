"""`make bench` runs end to end on a tiny data set (numbers are not asserted: benchmarks are not timed tests)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.pipeline import ROOT, copy_repo

pytestmark = pytest.mark.slow


def test_bench_script_runs_on_a_tiny_data_set(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    os.symlink(ROOT / ".venv", repo / ".venv")
    done = subprocess.run(
        [sys.executable, "scripts/bench.py", "--quick", "--runs", "1", "--warmup", "0", "--root", str(repo)],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    last = done.stdout.strip().splitlines()[-1]
    keys = [
        "floor_s",
        "province_s",
        "noop_s",
        "national_s",
        "score_rows_per_s",
        "peak_mb",
        "notebooks",
        "overhead_ratio",
        "scale_ratio",
        "province_vs_floor",
    ]
    assert last.startswith("bench: ")
    values = dict(re.findall(r"(\w+)=([\d.]+)", last))
    assert list(values)[: len(keys)] == keys
    assert all(float(values[k]) > 0 for k in keys)
    assert values["notebooks"] == "3"
    assert (repo / "outputs" / "bench-national" / "report.html").exists()
