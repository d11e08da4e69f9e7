"""`make test` installs the system tools its tests need, or says how and reports those tests as not run.

"Missing" is simulated with PATH: a folder holding only fake apt-get / sudo scripts (or nothing).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lib.run import messages as msg
from tests.support import system_tools
from tests.support.pipeline import ROOT

TOOLS = {"chromium": "chromium", "soffice": "libreoffice-calc-nogui"}


def _fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def bare_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH is one empty folder: no chromium, no soffice, no apt-get, no sudo."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    return bin_dir


def _apt_get_that_installs(bin_dir: Path, exit_code: int = 0) -> Path:
    """A fake apt-get that logs its arguments and, on install, puts the programs on PATH."""
    log = bin_dir / "apt.log"
    creates = " ".join(f"'{bin_dir}/{c}'" for c in TOOLS)
    body = f'echo "$@" >> "{log}"\n[ "$1" = install ] && for f in {creates}; do echo > "$f"; /bin/chmod +x "$f"; done'
    _fake(bin_dir, "apt-get", f"{body}\nexit {exit_code}")
    return log


def test_missing_tools_are_installed_with_apt_get_as_root(bare_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(system_tools, "_is_root", lambda: True)
    log = _apt_get_that_installs(bare_path)
    assert system_tools.ensure(TOOLS) == {}
    assert log.read_text().splitlines() == [
        "update -qq",
        "install -y -qq --no-install-recommends chromium libreoffice-calc-nogui",
    ]
    assert "Thiếu chromium, soffice" in capsys.readouterr().out


def test_not_root_goes_through_sudo(bare_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(system_tools, "_is_root", lambda: False)
    _apt_get_that_installs(bare_path)
    sudo_log = bare_path / "sudo.log"
    _fake(bare_path, "sudo", f'echo "$1" >> "{sudo_log}"\nexec "$@"')
    assert system_tools.ensure(TOOLS) == {}
    assert sudo_log.read_text().split() == ["apt-get", "apt-get"]


def test_nothing_missing_says_nothing(bare_path: Path, capsys) -> None:
    for command in TOOLS:
        _fake(bare_path, command, "exit 0")
    assert system_tools.ensure(TOOLS) == {}
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(
    ("setup", "why"),
    [
        ("no apt-get", msg.TOOLS_NO_APT),
        ("no rights", msg.TOOLS_NO_RIGHTS),
        ("apt fails", msg.TOOLS_APT_FAILED.format(code=100)),
    ],
)
def test_where_it_cannot_one_message_gives_the_command(bare_path: Path, monkeypatch, capsys, setup, why) -> None:
    monkeypatch.setattr(system_tools, "_is_root", lambda: setup == "apt fails")
    if setup != "no apt-get":
        _fake(bare_path, "apt-get", "exit 100")
    assert system_tools.ensure(TOOLS) == TOOLS
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and why in err
    assert "apt-get install -y -qq --no-install-recommends chromium libreoffice-calc-nogui" in err


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "two xdist workers"])
def test_a_test_needing_a_missing_tool_is_reported_not_run_and_the_rest_runs(
    tmp_path: Path, workers: list[str]
) -> None:
    """The real browser test, with chromium off PATH: skipped before its (slow) fixture, listed loudly.

    ``make test`` runs the suite on two pytest-xdist workers: the list must reach the controller's summary.
    """
    (tmp_path / "bin").mkdir()
    env = {**os.environ, "PATH": str(tmp_path / "bin")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            *workers,
            "tests/system/test_browser.py",
            "tests/unit/run/test_bootstrap.py::test_count_pins_counts_every_package_of_the_lock",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "1 passed, 1 skipped" in done.stdout
    assert msg.TOOLS_SUMMARY.format(n=1) in done.stdout
    assert "test_report_renders_in_headless_chromium: KHÔNG CHẠY: thiếu lệnh chromium" in done.stdout
