"""Helpers for tests that run the real pipeline in a throw-away copy of the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from lib.run.audit import copy_ignore

ROOT = Path(__file__).resolve().parents[2]


def copy_repo(dest: Path, source: Path = ROOT, with_outputs: bool = False) -> Path:
    """A copy of the repository (code, params, raw data, git metadata) without .venv."""
    shutil.copytree(source, dest, ignore=copy_ignore(source), symlinks=True)
    (dest / "outputs").mkdir(exist_ok=True)
    if with_outputs and (source / "outputs").exists():
        shutil.copytree(source / "outputs", dest / "outputs", dirs_exist_ok=True)
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
