"""Shared fixtures: the repository root and the 2023 params."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from lib.contract.params import load_params

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def params_2023() -> dict[str, Any]:
    """The real params file, loaded and validated once."""
    return load_params(ROOT / "params" / "2023.yaml")


@pytest.fixture
def params(params_2023: dict[str, Any]) -> dict[str, Any]:
    """A private deep copy a test may change."""
    return copy.deepcopy(params_2023)


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
