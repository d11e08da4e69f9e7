"""Prove (or disprove) that a published run came from these inputs and this code.

``make audit RUN=2023`` checks, in this order: (1) every file published in
``outputs/<run>/`` against the hashes in its ``manifest.json`` (the files an
inspector holds: a changed, missing or extra file fails the audit even when a
re-run would match); (2) every input, params, code file and key package
against the manifest; (3) a re-execution of the whole pipeline in a temporary
copy of the repository, with the command the manifest records, output by
output. It prints the verdict first, in Vietnamese and English, then only the
differences; the full table goes to ``outputs/audit-<run>.csv``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from lib.contract.labels import AUDIT_DIFFERENCES_VI, AUDIT_KINDS_VI, AUDIT_VERDICT_VI
from lib.publish.workbooks import write_csv
from lib.run.pipeline import run_report
from lib.run.provenance import hash_tree, input_hashes, package_versions

_SKIP_TOP = {".venv", "outputs", ".pytest_cache", ".ruff_cache", ".hypothesis", ".cache"}
MANIFEST = "manifest.json"
COLUMNS = ["step", "kind", "file", "expected", "got", "difference", "match"]


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


def _difference(expected: str | None, got: str | None) -> str:
    """How a checked item differs from the manifest: '' (it matches), changed, missing or extra."""
    if expected == got:
        return ""
    if got is None:
        return "missing"
    return "extra" if expected is None else "changed"


def _rows(step: int, kind: str, expected: dict[str, str], got: dict[str, str]) -> list[dict[str, Any]]:
    """One row per item named on either side, so a missing or an extra item is a row too."""
    rows = []
    for path in sorted(set(expected) | set(got)):
        difference = _difference(expected.get(path), got.get(path))
        rows.append(
            {
                "step": step,
                "kind": kind,
                "file": path,
                "expected": (expected.get(path) or "(absent)")[:16],
                "got": (got.get(path) or "(absent)")[:16],
                "difference": difference,
                "match": difference == "",
            }
        )
    return rows


def _source_kind(path: str) -> str:
    if path.startswith("params/"):
        return "params"
    return "code" if path.startswith(("lib/", "notebooks/")) else "input"


def load_manifest(root: Path, run: str) -> dict[str, Any]:
    """The published run's manifest; the audit cannot start without one."""
    path = root / "outputs" / run / MANIFEST
    if not path.exists():
        raise AuditError(f"{path.relative_to(root)} not found: publish a run first (make report RUN={run})")
    return json.loads(path.read_text(encoding="utf-8"))


def published_rows(root: Path, run: str, manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Step 1: the files in outputs/<run>/ as they are now, against the hashes recorded at publication."""
    published = root / "outputs" / run
    now = hash_tree(published, published)
    now.pop(MANIFEST, None)  # the reference itself: it cannot hash itself
    return _rows(1, "published", manifest["outputs"], now)


def source_rows(root: Path, run: str, manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Step 2: raw inputs, params, lock, notebooks, lib/ and key package versions against the manifest."""
    current = input_hashes(root, run)
    rows = []
    for kind in ("input", "params", "code"):
        expected = {p: h for p, h in manifest["inputs"].items() if _source_kind(p) == kind}
        rows += _rows(2, kind, expected, {p: h for p, h in current.items() if _source_kind(p) == kind})
    installed = package_versions()
    rows += _rows(2, "package", manifest["packages"], {n: installed[n] for n in manifest["packages"] if n in installed})
    return rows


def rerun_rows(root: Path, manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Step 3: re-execute in a temporary copy and compare every output with the manifest."""
    with tempfile.TemporaryDirectory(prefix="dx-audit-") as tmp:
        copy = Path(tmp) / "repo"
        shutil.copytree(root, copy, ignore=copy_ignore(root), symlinks=True)
        (copy / "outputs").mkdir(exist_ok=True)
        produced_dir = run_report(copy, manifest["run"], command=manifest["command"].split())
        produced = hash_tree(produced_dir, produced_dir)
    produced.pop(MANIFEST, None)
    return _rows(3, "output", manifest["outputs"], produced)


def audit(root: Path, run: str) -> pd.DataFrame:
    """The full table: published files, then sources and packages, then the re-run's outputs."""
    manifest = load_manifest(root, run)
    rows = published_rows(root, run, manifest) + source_rows(root, run, manifest) + rerun_rows(root, manifest)
    return pd.DataFrame(rows, columns=COLUMNS)


def table_path(root: Path, run: str) -> Path:
    """Where the full table goes: beside the published folder, never inside it (it would be an extra file)."""
    return root / "outputs" / f"audit-{run}.csv"


def print_verdict(verdict: pd.DataFrame, table: Path | None = None) -> bool:
    """Print the verdict (Vietnamese, then English), then only the differences; True when all matched."""
    failed = verdict[~verdict["match"]]
    passed = failed.empty
    if passed:
        print(f"{AUDIT_VERDICT_VI[True]}: {len(verdict)} mục đều khớp với manifest")
        print(f"audit passed: {len(verdict)} checks, every published file, input, code file and output matches")
    else:
        print(f"{AUDIT_VERDICT_VI[False]}: {len(failed)}/{len(verdict)} mục khác với manifest")
        print(f"audit FAILED: {len(failed)} of {len(verdict)} checks differ:")
        for row in failed.itertuples(index=False):
            vi = f"{AUDIT_KINDS_VI[row.kind]} {AUDIT_DIFFERENCES_VI[row.difference]}"
            print(f"  {row.difference} {row.kind}: {row.file}  ({vi})")
    if table is not None:
        print(f"bảng đầy đủ / full table: {table}")
    return passed


def main(root: Path, run: str) -> int:
    """``python -m lib audit``: the audit, its table written to a file, exit 0 only when everything matched."""
    verdict = audit(root, run)
    table = table_path(root, run)
    write_csv(verdict, table)
    return 0 if print_verdict(verdict, table.relative_to(root)) else 1
