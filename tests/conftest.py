"""Shared fixtures (the repository root, the 2023 params) and the ``requires_tool`` marker.

A test marked ``@pytest.mark.requires_tool("chromium")`` is skipped, with the install
command as its reason, when that program is not on PATH, and the end of the run lists
it under a loud "KHÔNG CHẠY" heading: a missing system tool never hides in a green run.
``make test`` installs the tools first where it can (tests/support/system_tools.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from lib.contract.params import Params, load_params, read_params_data

ROOT = Path(__file__).resolve().parent.parent
# The key under which a skipped test's report carries its "not run" line: user properties travel from the
# pytest-xdist workers to the controller, which prints the summary.
_NOT_RUN = "khong_chay"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip, before any fixture runs, a test whose system program is missing; remember it for the summary."""
    from lib.run import messages as msg
    from tests.support.system_tools import TOOLS, install_hint

    for marker in item.iter_markers("requires_tool"):
        command = marker.args[0]
        if shutil.which(command) is None:
            package = TOOLS[command]
            reason = msg.TOOLS_SKIP.format(command=command, package=package, install=install_hint([package]))
            item.user_properties.append((_NOT_RUN, f"{item.nodeid}: {reason}"))
            pytest.skip(reason)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    """List the tests not run for a missing tool, in red, after everything else."""
    from lib.run import messages as msg

    not_run = [
        value
        for report in terminalreporter.stats.get("skipped", [])
        for key, value in getattr(report, "user_properties", ())
        if key == _NOT_RUN
    ]
    if not_run:
        terminalreporter.section(msg.TOOLS_SUMMARY.format(n=len(not_run)), sep="!", red=True, bold=True)
        for line in not_run:
            terminalreporter.line(line, red=True)


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
def published_run(tmp_path_factory: pytest.TempPathFactory):
    """A copy of the repository in which `python -m lib report --run 2023` has succeeded, and that command.

    Session-scoped: the pipeline runs once (about 20 s) and many tests read its outputs (or its progress).
    """
    from tests.support.pipeline import copy_repo, run_cli

    repo = copy_repo(tmp_path_factory.mktemp("published") / "repo")
    done = run_cli(repo, "report", "--run", "2023")
    assert done.returncode == 0, done.stderr[-3000:]
    return repo, done


@pytest.fixture(scope="session")
def published(published_run) -> Path:
    """The repository copy with a published 2023 run."""
    return published_run[0]
