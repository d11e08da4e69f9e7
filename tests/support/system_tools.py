"""System programs the test suite needs beyond the venv; ``make test`` installs the missing ones first.

A clean clone has only python3 and make; the browser test needs Debian's chromium and the
real-client test LibreOffice's ``soffice``. Where apt-get and the rights to use it exist
(Debian, Ubuntu; root or sudo) they are installed, as ``.ci/run`` used to do; elsewhere
one message gives the command to run, and the tests marked ``requires_tool(name)`` are
reported as not run (see tests/conftest.py) while everything else still runs.
``python -m tests.support.system_tools`` always exits 0: a missing tool never stops the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from lib.run import messages as msg

# command on PATH -> the Debian package that provides it
TOOLS = {"chromium": "chromium", "soffice": "libreoffice-calc-nogui"}


def missing(tools: dict[str, str] = TOOLS) -> dict[str, str]:
    """The tools not on PATH, with their packages."""
    return {command: package for command, package in tools.items() if shutil.which(command) is None}


def _is_root() -> bool:
    return os.name != "nt" and os.geteuid() == 0


def install_commands(packages: list[str]) -> list[list[str]]:
    """apt-get update, then the packages without recommends; through sudo when not root."""
    sudo = [] if _is_root() else ["sudo"]
    return [
        [*sudo, "apt-get", "update", "-qq"],
        [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
    ]


def install_hint(packages: list[str]) -> str:
    """What a person types to install them by hand (shown in the message and the skip reasons)."""
    return " && ".join(" ".join(command) for command in install_commands(packages))


def obstacle() -> str | None:
    """Why this machine cannot install with apt-get, or None when it can."""
    if shutil.which("apt-get") is None:
        return msg.TOOLS_NO_APT
    if not _is_root() and shutil.which("sudo") is None:
        return msg.TOOLS_NO_RIGHTS
    return None


def ensure(tools: dict[str, str] = TOOLS) -> dict[str, str]:
    """Install what is missing where possible; the tools still missing afterwards."""
    absent = missing(tools)
    if not absent:
        return {}
    packages = sorted(set(absent.values()))
    words = {"commands": ", ".join(absent), "packages": " ".join(packages), "command": install_hint(packages)}
    why = obstacle()
    if why is None:
        print(msg.TOOLS_INSTALLING.format(**words), flush=True)
        for command in install_commands(packages):
            code = subprocess.run(command, stdout=subprocess.DEVNULL, check=False).returncode
            if code:
                why = msg.TOOLS_APT_FAILED.format(code=code)
                break
    if why is not None:
        print(msg.TOOLS_CANNOT.format(why=why, **words), file=sys.stderr, flush=True)
        return missing(tools)
    print(msg.TOOLS_INSTALLED.format(**words), flush=True)
    return missing(tools)


if __name__ == "__main__":
    ensure()
