"""Prove (or disprove) that a published run came from these inputs and this code.

``make audit RUN=2023`` checks every input, params and code file against the
hashes in ``outputs/<run>/manifest.json``, re-executes the whole pipeline in a
temporary copy of the repository with the parameters the manifest records,
and compares every output byte for byte (by SHA-256). Any difference fails the
audit and is named.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from lib.run.pipeline import run_report
from lib.run.provenance import hash_tree, input_hashes, package_versions

_SKIP_TOP = {".venv", "outputs", ".pytest_cache", ".ruff_cache", ".hypothesis", ".cache"}


class AuditError(RuntimeError):
    """The audit cannot start (no published run to check)."""


def copy_ignore(root: Path):
    """What a copy of the repository leaves out: the venv, outputs, processed data, caches, bench data."""

    def ignore(directory: str, names: list[str]) -> set[str]:
        here = Path(directory)
        skipped = {n for n in names if n == "__pycache__" or n == ".ipynb_checkpoints"}
        if here == root:
            skipped |= {n for n in names if n in _SKIP_TOP}
        if here == root / "data":
            skipped |= {"processed"} & set(names)
        if here in (root / "data" / "raw", root / "params"):
            skipped |= {n for n in names if n.startswith("bench-")}  # scripts/bench.py's generated data
        return skipped

    return ignore


def _row(kind: str, path: str, expected: str | None, got: str | None) -> dict[str, object]:
    return {
        "kind": kind,
        "file": path,
        "expected": (expected or "(absent)")[:16],
        "got": (got or "(absent)")[:16],
        "match": expected is not None and expected == got,
    }


def audit(root: Path, run: str) -> pd.DataFrame:
    """The verdict table: one row per input, code, output file and key package."""
    manifest_path = root / "outputs" / run / "manifest.json"
    if not manifest_path.exists():
        raise AuditError(f"{manifest_path.relative_to(root)} not found: publish a run first (make report RUN={run})")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    rows = []
    current = input_hashes(root, run)
    for path in sorted(set(manifest["inputs"]) | set(current)):
        kind = (
            "params" if path.startswith("params/") else "code" if path.startswith(("lib/", "notebooks/")) else "input"
        )
        rows.append(_row(kind, path, manifest["inputs"].get(path), current.get(path)))
    packages = package_versions()
    for name, version in sorted(manifest["packages"].items()):
        rows.append(_row("package", name, version, packages.get(name)))
    with tempfile.TemporaryDirectory(prefix="dx-audit-") as tmp:
        copy = Path(tmp) / "repo"
        shutil.copytree(root, copy, ignore=copy_ignore(root), symlinks=True)
        (copy / "outputs").mkdir(exist_ok=True)
        produced_dir = run_report(copy, manifest["run"], command=manifest["command"].split())
        produced = hash_tree(produced_dir, produced_dir)
    produced.pop("manifest.json", None)
    for path in sorted(set(manifest["outputs"]) | set(produced)):
        rows.append(_row("output", path, manifest["outputs"].get(path), produced.get(path)))
    return pd.DataFrame(rows, columns=["kind", "file", "expected", "got", "match"])


def print_verdict(verdict: pd.DataFrame) -> bool:
    """Print the table and the differences; True when everything matched."""
    shown = verdict.assign(match=verdict["match"].map({True: "yes", False: "NO"}))
    print(shown.to_string(index=False))
    failed = verdict[~verdict["match"]]
    if failed.empty:
        print(f"\naudit passed: {len(verdict)} checks, every input, code file and output matches the manifest")
        return True
    print(f"\naudit FAILED: {len(failed)} of {len(verdict)} checks differ:")
    for row in failed.itertuples(index=False):
        print(f"  changed {row.kind}: {row.file}")
    return False
