"""Shared fixtures: the repository root and the 2023 params (typed, and as plain data)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lib.contract.params import Params, load_params, read_params_data

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def params_2023() -> Params:
    """The real params file, loaded and validated once (frozen: a test changes it with ``with_changes``)."""
    return load_params(ROOT / "params" / "2023.yaml")


@pytest.fixture
def params(params_2023: Params) -> Params:
    """The 2023 params; ``params.with_changes({"caps.collectives": 2})`` gives a changed, re-validated copy."""
    return params_2023


@pytest.fixture
def params_data() -> dict[str, Any]:
    """The 2023 params file as plain data, a fresh copy a test may edit before validating it."""
    return read_params_data(ROOT / "params" / "2023.yaml")


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository in which `python -m lib report --run 2023` has succeeded.

    Session-scoped: the pipeline runs once (about 20 s) and many tests read its outputs.
    """
    from tests.support.pipeline import copy_repo, run_cli

    repo = copy_repo(tmp_path_factory.mktemp("published") / "repo")
    done = run_cli(repo, "report", "--run", "2023")
    assert done.returncode == 0, done.stderr[-3000:]
    return repo
