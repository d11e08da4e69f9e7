"""Helpers for tests that run the real pipeline in a throw-away copy of the repository."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lib.run.audit import copy_ignore

ROOT = Path(__file__).resolve().parents[2]


# params/2023.yaml names 2022 as previous_run: a 2023 run reads outputs/2022/. The suite publishes 2022 once
# (previous_outputs) and every copy gets those files, so its 2023 runs do not each produce 2022 again.
PREVIOUS_RUN = "2022"
_previous: dict[str, Path] = {}


def previous_outputs(run: str = PREVIOUS_RUN) -> Path:
    """outputs/<run>/ published once per test session in a throw-away copy (removed at exit)."""
    if run not in _previous:
        base = Path(tempfile.mkdtemp(prefix="dx-previous-run-"))
        atexit.register(shutil.rmtree, base, ignore_errors=True)
        repo = base / "repo"
        shutil.copytree(ROOT, repo, ignore=copy_ignore(ROOT), symlinks=True)
        (repo / "outputs").mkdir(exist_ok=True)
        done = run_cli(repo, "report", "--run", run)
        assert done.returncode == 0, done.stderr[-3000:]
        _previous[run] = repo / "outputs" / run
    return _previous[run]


def copy_repo(dest: Path, source: Path = ROOT, with_outputs: bool = False) -> Path:
    """A copy of the repository (code, params, raw data, git metadata) without .venv, with outputs/2022/."""
    shutil.copytree(source, dest, ignore=copy_ignore(source), symlinks=True)
    (dest / "outputs").mkdir(exist_ok=True)
    if with_outputs and (source / "outputs").exists():
        shutil.copytree(source / "outputs", dest / "outputs", dirs_exist_ok=True)
    if not (dest / "outputs" / PREVIOUS_RUN).exists():
        shutil.copytree(previous_outputs(), dest / "outputs" / PREVIOUS_RUN)
    return dest


def run_cli(repo: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """``python -m lib <args>`` inside ``repo`` with the project venv's interpreter."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-m", "lib", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def tree_hashes(directory: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under directory."""
    from lib.run.provenance import hash_tree

    return hash_tree(directory, directory) if directory.exists() else {}
