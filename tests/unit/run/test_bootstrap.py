"""Set-up: uv comes from the hashed lock (installed alone with pip), then the lock with uv, pip as fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib.run import bootstrap
from lib.run import messages as msg

LOCK_TEXT = bootstrap.LOCK.read_text(encoding="utf-8")


def test_the_uv_block_is_one_hashed_pin_of_the_lock() -> None:
    block = bootstrap.lock_block(LOCK_TEXT, "uv")
    first, *rest = block.splitlines()
    assert first.startswith(f"uv=={bootstrap.pinned_version(LOCK_TEXT, 'uv')}")
    hashes = [line for line in rest if "--hash=sha256:" in line]
    assert len(hashes) >= 10, "wheels for every platform the universal lock covers"
    assert all(line.startswith(" ") for line in rest), "nothing of the next package"


def test_count_pins_counts_every_package_of_the_lock() -> None:
    assert bootstrap.count_pins("a==1 \\\n    --hash=sha256:0\nb-c==2 ; python_version > '3'\n    # via a\n") == 2
    assert bootstrap.count_pins(LOCK_TEXT) > 100


def test_pip_from_pythons_own_wheel_needs_no_pip_in_the_venv() -> None:
    wheel = bootstrap.bundled_pip()
    assert wheel is None or (wheel.name.startswith("pip-") and wheel.suffix == ".whl")


def _record(monkeypatch: pytest.MonkeyPatch, failing: str | None) -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []

    def fake_run(step: str, command: list[str]) -> float:
        steps.append((step, command))
        if step == failing:
            raise bootstrap.SetupError(msg.SETUP_FAILED.format(step=step, code=2))
        return 0.0

    monkeypatch.setattr(bootstrap, "_run", fake_run)
    return steps


def test_uv_installs_the_lock_after_pip_installed_uv(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    steps = _record(monkeypatch, failing=None)
    bootstrap.install_lock(Path("/v/bin/python"), Path("/w/pip.whl"), Path("/v/bin/uv"), LOCK_TEXT)
    assert [s for s, _ in steps] == ["uv", "uv pip install"]
    assert steps[0][1][:2] == ["/v/bin/python", "/w/pip.whl/pip"] and "--require-hashes" in steps[0][1]
    assert steps[1][1][0] == "/v/bin/uv" and steps[1][1][-1] == str(bootstrap.LOCK)
    assert "Cài uv" in capsys.readouterr().out


def test_pip_installs_the_lock_when_uv_fails(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    steps = _record(monkeypatch, failing="uv pip install")
    bootstrap.install_lock(Path("/v/bin/python"), None, Path("/v/bin/uv"), LOCK_TEXT)
    assert [s for s, _ in steps] == ["uv", "uv pip install", "pip install"]
    assert steps[2][1][:3] == ["/v/bin/python", "-m", "pip"] and steps[2][1][-1] == str(bootstrap.LOCK)
    assert "Không dùng được uv" in capsys.readouterr().out


def test_a_failed_step_is_one_message_and_exit_1(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys) -> None:
    _record(monkeypatch, failing="venv")
    assert bootstrap.main(["--venv", str(tmp_path / "v")]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == msg.SETUP_FAILED.format(step="venv", code=2)
