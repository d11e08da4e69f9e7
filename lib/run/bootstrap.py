"""Set-up: ``python3 -m lib.run.bootstrap`` builds ``.venv`` from the hashed lock, saying what it does.

pip alone takes about a minute to install the ~140 pins of ``requirements.lock``;
uv takes seconds. uv itself is a pin of the lock (one wheel, hash-checked), so the
set-up installs it with pip first, then the whole lock with uv, and falls back to pip
where uv cannot run. Standard library only: it runs with the system Python, before the
venv exists (``make venv`` calls it; on Windows ``py -3.11 -m lib.run.bootstrap``).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lib.run import messages as msg

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
_HASHED = ["--require-hashes", "--no-deps"]


class SetupError(RuntimeError):
    """One set-up step failed; the message names it."""


def lock_block(lock_text: str, name: str) -> str:
    """The requirement of one package in the lock, with its hashes (pip installs it alone)."""
    lines = lock_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{name}=="))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines))
    return "\n".join(lines[start:end]) + "\n"


def pinned_version(lock_text: str, name: str) -> str:
    """The version the lock pins for one package (what the message announces)."""
    return re.search(rf"^{re.escape(name)}==([^\s;\\]+)", lock_text, re.M).group(1)


def count_pins(lock_text: str) -> int:
    """How many packages the lock installs (a person sees the size of the step)."""
    return len(re.findall(r"^[A-Za-z0-9][^\s=]*==", lock_text, re.M))


def venv_executable(venv: Path, name: str) -> Path:
    """A program inside the venv, on POSIX or Windows."""
    return venv / ("Scripts" if os.name == "nt" else "bin") / (f"{name}.exe" if os.name == "nt" else name)


def bundled_pip() -> Path | None:
    """pip's wheel as shipped with Python (ensurepip): pip runs from it without being installed in the venv.

    Installing pip into a new venv costs about 7 s here and the venv never needs it
    afterwards (uv installs); running pip straight from its wheel is pip's own bootstrap way.
    """
    import ensurepip
    import sysconfig

    folders = [Path(ensurepip.__file__).parent / "_bundled", sysconfig.get_config_var("WHEEL_PKG_DIR")]
    wheels = sorted(p for folder in folders if folder for p in Path(folder).glob("pip-*.whl"))
    return wheels[-1] if wheels else None


def _run(step: str, command: list[str]) -> float:
    """Run one step; its seconds, or SetupError naming the step."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, check=False)
    if done.returncode:
        raise SetupError(msg.SETUP_FAILED.format(step=step, code=done.returncode))
    seconds = time.perf_counter() - started
    print(msg.SETUP_STEP_DONE.format(seconds=seconds), flush=True)
    return seconds


def _say(text: str) -> None:
    print(text, flush=True)


def install_lock(python: Path, pip_wheel: Path | None, uv: Path, lock_text: str) -> None:
    """uv from the lock with pip, then the lock with uv; pip for everything if uv fails."""
    runner = [str(python), str(pip_wheel / "pip")] if pip_wheel else [str(python), "-m", "pip"]
    pip = [*runner, "install", "--disable-pip-version-check", "-q", *_HASHED]
    n = count_pins(lock_text)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            only_uv = Path(tmp) / "uv.txt"
            only_uv.write_text(lock_block(lock_text, "uv"), encoding="utf-8")
            _say(msg.SETUP_UV.format(version=pinned_version(lock_text, "uv")))
            _run("uv", [*pip, "-r", str(only_uv)])
        _say(msg.SETUP_LOCK_UV.format(n=n))
        _run("uv pip install", [str(uv), "pip", "install", "-q", "--python", str(python), *_HASHED, "-r", str(LOCK)])
    except (SetupError, OSError) as exc:
        _say(msg.SETUP_UV_FAILED.format(reason=exc, n=n))
        _run("pip install", [*pip, "-r", str(LOCK)])


def main(argv: list[str] | None = None) -> int:
    """Create the venv, install the lock, register the kernel; exit 1 with one message on failure."""
    parser = argparse.ArgumentParser(prog="python -m lib.run.bootstrap", description=__doc__.splitlines()[0])
    parser.add_argument("--venv", default=str(ROOT / ".venv"))
    venv = Path(parser.parse_args(argv).venv)
    if sys.version_info < (3, 11):  # noqa: UP036 - runs with the system Python, which may be older
        _say(msg.SETUP_PYTHON_TOO_OLD.format(version=sys.version.split()[0]))
        return 1
    started = time.perf_counter()
    python = venv_executable(venv, "python")
    try:
        pip_wheel = bundled_pip()
        _say(msg.SETUP_VENV.format(venv=venv))
        _run("venv", [sys.executable, "-m", "venv", *(["--without-pip"] if pip_wheel else []), str(venv)])
        install_lock(python, pip_wheel, venv_executable(venv, "uv"), LOCK.read_text(encoding="utf-8"))
        _say(msg.SETUP_KERNEL)
        _run("python -m lib setup", [str(python), "-m", "lib", "setup"])
    except SetupError as exc:
        _say(str(exc))
        return 1
    _say(msg.SETUP_DONE.format(venv=venv, seconds=time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
