"""The environment: one hashed lock, environment.yml consistent with it, a self-documenting Makefile."""

from __future__ import annotations

import re
import subprocess

import yaml

from tests.support.pipeline import ROOT


def _lock_pins() -> dict[str, list[str]]:
    pins: dict[str, list[str]] = {}
    for match in re.finditer(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)", (ROOT / "requirements.lock").read_text(), re.M):
        pins.setdefault(match.group(1).lower().split("[")[0], []).append(match.group(2))
    return pins


def test_every_direct_requirement_is_pinned_with_hashes() -> None:
    pins = _lock_pins()
    direct = [
        line.split("[")[0].strip().lower()
        for line in (ROOT / "requirements.in").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for name in ["jupyterlab", "papermill", "pandas", "seaborn", "nbconvert", "pandera", *direct]:
        assert name in pins, name
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / "requirements.lock").read_text())
    for block in blocks:
        if "==" in block.splitlines()[0]:
            assert "--hash=sha256:" in block, block.splitlines()[0]


def test_environment_yml_agrees_with_the_lock() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    assert "python=3.11" in deps
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)
    assert "-r requirements.lock" in pip_section and "--require-hashes" in pip_section
    conda_packages = [d for d in deps if isinstance(d, str)]
    assert set(conda_packages) == {"python=3.11", "pip"}, "pins belong in requirements.lock only"
    header = (ROOT / "requirements.lock").read_text().splitlines()[:3]
    assert any("--python-version 3.11" in line for line in header)


def test_make_help_lists_every_target() -> None:
    done = subprocess.run(["make", "help"], cwd=ROOT, capture_output=True, text=True, check=True)
    for target in ("report", "test", "lab", "template", "clean", "audit", "help"):
        assert re.search(rf"^\s+{target}\s", done.stdout, re.M), target


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in (ROOT / "README.md").read_text() and "make report" in (ROOT / "README.md").read_text()
