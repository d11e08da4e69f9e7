"""What produced a run: input hashes, package versions, code revision.

Shown in the report's provenance section and written to the manifest, so an
auditor can prove that a re-execution used the same inputs and code.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import subprocess
from pathlib import Path

KEY_PACKAGES = (
    "pandas",
    "numpy",
    "pandera",
    "papermill",
    "nbconvert",
    "nbclient",
    "nbformat",
    "ipykernel",
    "matplotlib",
    "seaborn",
    "xlsxwriter",
    "python-calamine",
    "pyyaml",
    "jupyterlab",
)


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def hash_tree(root: Path, base: Path) -> dict[str, str]:
    """{posix path relative to base: sha256} for every file under root, sorted."""
    if root.is_file():
        return {root.relative_to(base).as_posix(): sha256(root)}
    files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return {p.relative_to(base).as_posix(): sha256(p) for p in files}


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that shape the results."""
    versions = {}
    for name in KEY_PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    versions["python"] = platform.python_version()
    return versions


def code_revision(root: Path) -> dict[str, object]:
    """The git commit of the code and whether the tracked tree had local changes."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=20)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip()

    commit = git("rev-parse", "HEAD")
    status = git(
        "status",
        "--porcelain",
        "--untracked-files=no",
        "--",
        "lib",
        "notebooks",
        "params",
        "requirements.lock",
        "data/raw",
    )
    return {"commit": commit or "unknown (not a git checkout)", "dirty": bool(status) if status is not None else None}


def input_hashes(root: Path, run: str) -> dict[str, str]:
    """Hashes of what a run reads: raw data, params (the documents' wording included), lock, notebooks, lib."""
    hashes: dict[str, str] = {}
    wording = root / "params" / "documents"
    for part in (root / "data" / "raw" / run, root / "params" / f"{run}.yaml", wording, root / "requirements.lock"):
        if part.exists():
            hashes.update(hash_tree(part, root))
    for pattern in ("notebooks/*.ipynb", "notebooks/templates/**/*", "lib/**/*.py"):
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                hashes[path.relative_to(root).as_posix()] = sha256(path)
    hashes.update(previous_run_inputs(root, run))
    return dict(sorted(hashes.items()))


def previous_run_inputs(root: Path, run: str) -> dict[str, str]:
    """The previous run's published tables a compared run reads (params previous_run): inputs like raw data."""
    from lib.contract.labels import PREVIOUS_FILES
    from lib.contract.params import load_params

    params_file = root / "params" / f"{run}.yaml"
    previous = load_params(params_file).previous_run if params_file.exists() else None
    if previous is None:
        return {}
    paths = [root / "outputs" / previous / name for name in PREVIOUS_FILES]
    return {p.relative_to(root).as_posix(): sha256(p) for p in paths if p.exists()}


def collect(root: Path, run: str) -> dict[str, object]:
    """Everything the report's provenance section shows."""
    return {"code_revision": code_revision(root), "packages": package_versions(), "inputs": input_hashes(root, run)}
