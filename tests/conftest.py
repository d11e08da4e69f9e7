"""Shared fixtures: the repository root and the 2023 params."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from lib.params import load_params

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
