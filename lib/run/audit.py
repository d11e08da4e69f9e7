"""Prove (or disprove) that a published run came from these inputs and this code.

``make audit RUN=<run>`` checks, in this order: (1) every file published in
``outputs/<run>/`` against the hashes in its ``manifest.json`` (the files an
inspector holds: a changed, missing or extra file fails the audit even when a
re-run would match); (2) every input, params, code file and key package
against the manifest; (3) a re-execution of the whole pipeline in a temporary
copy of the repository, with the command the manifest records, output by
output. It prints the verdict first, in Vietnamese and English, then only the
differences; the full table goes to ``outputs/audit-<run>.csv``.

A difference is explained, not only named: inside a changed input, the cells
that differ from what ``audit_inputs.json`` recorded at publication
(``ChiTieu!C4: 623 → 523``; a text cell only as changed, its content is never
recorded), inside changed params the key paths with both values; when the
re-run's results differ, the units whose score moved and the award-list
entries that moved, entered or left. ``--keep DIR`` keeps the re-run's outputs.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from lib.contract.labels import AUDIT_DIFFERENCES_VI, AUDIT_KINDS_VI, AUDIT_VERDICT_VI
from lib.publish.workbooks import write_csv
from lib.run import messages as msg
from lib.run.audit_effects import SCORES_FILE, effects
from lib.run.input_cells import (
    INPUT_CELLS_FILE,
    Change,
    cell_changes,
    file_cells,
    load_input_cells,
    params_changes,
    recorded_reading,
)
from lib.run.pipeline import run_report
from lib.run.provenance import hash_tree, input_hashes, package_versions

_SKIP_TOP = {".venv", "outputs", ".pytest_cache", ".ruff_cache", ".hypothesis", ".cache"}
MANIFEST = "manifest.json"
COLUMNS = ["step", "kind", "file", "item", "expected", "got", "difference", "match"]
# What is checked against the manifest (the verdict counts these); the other rows explain a difference.
CHECK_KINDS = ("published", "input", "params", "code", "package", "output")
CELL, PARAMS_KEY = "cell", "params key"
NOTE = "—"  # old and new of a sentence that stands for a list of changes
# Lines of explanation shown per changed file and per effect on the console; the table holds them all.
SHOWN = 10


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
                "item": "",
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


def rerun(root: Path, manifest: dict[str, Any], workdir: Path) -> Path:
    """Step 3: re-execute in a copy of the repository under workdir; the folder of the re-run's outputs."""
    copy = workdir / "repo"
    shutil.copytree(root, copy, ignore=copy_ignore(root), symlinks=True)
    (copy / "outputs").mkdir(exist_ok=True)
    copy_previous_outputs(root, copy, manifest)
    return run_report(copy, manifest["run"], command=manifest["command"].split())


def copy_previous_outputs(root: Path, copy: Path, manifest: dict[str, Any]) -> None:
    """The previous run's published tables the run compared with (inputs, checked in step 2) go into the copy,
    so the re-run reads them instead of producing that run again."""
    for path in manifest["inputs"]:
        if path.startswith("outputs/") and (root / path).is_file():
            (copy / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / path, copy / path)


def rerun_rows(manifest: dict[str, Any], produced_dir: Path) -> list[dict[str, Any]]:
    """Step 3: every output of the re-run against the manifest."""
    produced = hash_tree(produced_dir, produced_dir)
    produced.pop(MANIFEST, None)
    return _rows(3, "output", manifest["outputs"], produced)


def _detail(step: int, kind: str, file: str, item: str, old: str, new: str, difference: str) -> dict[str, Any]:
    return {
        "step": step,
        "kind": kind,
        "file": file,
        "item": item,
        "expected": old,
        "got": new,
        "difference": difference,
        "match": False,
    }


def input_changes(root: Path, run: str, manifest: dict[str, Any], checks: list[dict[str, Any]]) -> list[Change]:
    """Inside every changed input and params file: the cells and key paths that differ from the publication.

    An input's cells are read now as they were then (the recorded reading) and
    fingerprinted with the key of then (its hash in the manifest), so that an
    unchanged cell gives the recorded fingerprint again.
    """
    record = load_input_cells(root / "outputs" / run / INPUT_CELLS_FILE)
    changes: list[Change] = []
    for row in checks:
        path = row["file"]
        if row["difference"] != "changed" or row["kind"] not in ("input", "params"):
            continue
        if record is None:
            changes.append(_note(path, msg.AUDIT_NO_RECORD))
        elif row["kind"] == "params":
            changes += _params_changes(root, record, path)
        elif path not in record["files"]:
            changes.append(_note(path, msg.AUDIT_NO_FILE_RECORD))
        else:
            now = file_cells(
                root / "data" / "raw" / run, root / path, manifest["inputs"][path], recorded_reading(record)
            )
            changes += cell_changes(path, record["files"][path], now or {}) or [_note(path, msg.AUDIT_NO_CELL_DIFFERS)]
    return changes


def _note(file: str, sentence: str) -> Change:
    """A sentence in place of a list of changes (nothing recorded to compare with, or nothing differs)."""
    return Change(file, sentence, NOTE, NOTE)


def _params_changes(root: Path, record: dict[str, Any], path: str) -> list[Change]:
    """The key paths of a changed params file; a sentence when it cannot be read or no value differs."""
    if path not in record["params"]:
        return [_note(path, msg.AUDIT_NO_FILE_RECORD)]
    try:
        found = params_changes(path, record["params"][path], (root / path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [Change(path, "(tệp)", "đọc được", f"không đọc được YAML ({str(exc)[:120]})")]
    return found or [_note(path, msg.AUDIT_NO_KEY_DIFFERS)]


def explanation_rows(
    root: Path, run: str, manifest: dict[str, Any], checks: list[dict[str, Any]], produced_dir: Path
) -> list[dict[str, Any]]:
    """What changed inside the inputs, then (when the re-run's results differ) what it did to the results."""
    rows = [
        _detail(2, PARAMS_KEY if c.file.startswith("params/") else CELL, c.file, c.item, c.old, c.new, "changed")
        for c in input_changes(root, run, manifest, checks)
    ]
    if any(r["kind"] == "output" and r["difference"] for r in checks):
        for e in effects(root / "outputs" / run, produced_dir):
            kind = "score" if e.file == SCORES_FILE else "award"
            rows.append({**_detail(3, kind, e.file, e.item, e.old, e.new, e.difference), "vi": e.vi, "en": e.en})
    return rows


def keep_outputs(produced_dir: Path, keep: Path) -> None:
    """``--keep DIR``: the re-run's outputs copied to DIR (created, or added to)."""
    shutil.copytree(produced_dir, keep, dirs_exist_ok=True)


def audit(root: Path, run: str, keep: Path | None = None) -> pd.DataFrame:
    """The full table: published files, sources and packages, the re-run's outputs, then what explains them."""
    manifest = load_manifest(root, run)
    if keep is not None and keep.resolve().is_relative_to((root / "outputs" / run).resolve()):
        raise AuditError(f"--keep {keep} is inside the published folder outputs/{run}/: choose another folder")
    checks = published_rows(root, run, manifest) + source_rows(root, run, manifest)
    with tempfile.TemporaryDirectory(prefix="dx-audit-") as tmp:
        produced_dir = rerun(root, manifest, Path(tmp))
        checks += rerun_rows(manifest, produced_dir)
        explained = explanation_rows(root, run, manifest, checks, produced_dir)
        if keep is not None:
            keep_outputs(produced_dir, keep)
    return pd.DataFrame(checks + explained, columns=[*COLUMNS, "vi", "en"])


def table_path(root: Path, run: str) -> Path:
    """Where the full table goes: beside the published folder, never inside it (it would be an extra file)."""
    return root / "outputs" / f"audit-{run}.csv"


def _shown(lines: list[str], indent: str) -> None:
    """At most SHOWN lines, then how many more the full table holds."""
    for line in lines[:SHOWN]:
        print(indent + line)
    if len(lines) > SHOWN:
        print(indent + msg.AUDIT_MORE.format(n=len(lines) - SHOWN))


def _change_lines(details: pd.DataFrame, file: str) -> list[str]:
    mine = details[details["file"] == file]
    return [
        row.item if row.expected == NOTE else f"{row.item}: {row.expected} → {row.got}" for row in mine.itertuples()
    ]


def _print_effects(details: pd.DataFrame) -> None:
    scores, awards = details[details["kind"] == "score"], details[details["kind"] == "award"]
    if scores.empty and awards.empty:
        return
    print(msg.AUDIT_EFFECT)
    for rows, heading in ((scores, msg.AUDIT_EFFECT_SCORES), (awards, msg.AUDIT_EFFECT_AWARDS)):
        print("  " + heading.format(n=len(rows)))
        _shown([f"{row.vi} / {row.en}" for row in rows.itertuples(index=False)], "    ")


def print_verdict(verdict: pd.DataFrame, table: Path | None = None) -> bool:
    """Print the verdict (Vietnamese, then English), the differences with what changed inside each, then
    the effect on the results; True when every check matched."""
    is_check = verdict["kind"].isin(CHECK_KINDS)
    checks, details = verdict[is_check], verdict[~is_check]
    failed = checks[~checks["match"].astype(bool)]
    passed = failed.empty
    if passed:
        print(f"{AUDIT_VERDICT_VI[True]}: {len(checks)} mục đều khớp với manifest")
        print(f"audit passed: {len(checks)} checks, every published file, input, code file and output matches")
    else:
        print(f"{AUDIT_VERDICT_VI[False]}: {len(failed)}/{len(checks)} mục khác với manifest")
        print(f"audit FAILED: {len(failed)} of {len(checks)} checks differ:")
        inside = details[details["kind"].isin((CELL, PARAMS_KEY))]
        for row in failed.itertuples(index=False):
            vi = f"{AUDIT_KINDS_VI[row.kind]} {AUDIT_DIFFERENCES_VI[row.difference]}"
            print(f"  {row.difference} {row.kind}: {row.file}  ({vi})")
            if row.kind in ("input", "params") and row.difference == "changed":
                _shown(_change_lines(inside, row.file), "      ")
        _print_effects(details)
    if table is not None:
        print(f"bảng đầy đủ / full table: {table}")
    return passed


def main(root: Path, run: str, keep: Path | None = None) -> int:
    """``python -m lib audit``: the audit, its table written to a file, exit 0 only when everything matched."""
    verdict = audit(root, run, keep)
    table = table_path(root, run)
    write_csv(verdict[COLUMNS], table)
    passed = print_verdict(verdict, table.relative_to(root))
    if keep is not None:
        print(msg.AUDIT_KEPT.format(folder=keep))
    return 0 if passed else 1
