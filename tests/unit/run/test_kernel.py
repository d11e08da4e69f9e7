"""The run's shared kernel talks over IPC: no channel on a network port, no "running over TCP" warning.

ipykernel 7 itself still binds one loopback-only socket (IOPubThread's pipe
for the output of forked subprocesses, hard-coded to tcp://127.0.0.1): the
test pins that it is the only one and that it is not reachable from outside.
"""

from __future__ import annotations

from pathlib import Path

import psutil
import pytest

from lib.run.pipeline import SharedKernel

pytestmark = pytest.mark.slow  # starts the project kernel

ROOT = Path(__file__).resolve().parents[3]


def test_the_shared_kernel_opens_no_network_port() -> None:
    kernel = SharedKernel(ROOT)
    try:
        info = kernel.km.get_connection_info()
        process = psutil.Process(kernel.km.provisioner.pid)
        kernel.ready()  # the client is the warm-up thread's until then
        kernel.kc.execute_interactive("x = 1 + 1", timeout=60)  # the channels work over the sockets
        inet = process.net_connections(kind="inet")
        unix = process.net_connections(kind="unix")
    finally:
        kernel.shutdown()
    assert info["transport"] == "ipc"
    assert Path(info["ip"]).is_absolute()  # not relative to whichever cwd (the audit runs the kernel in a copy)
    assert all(f"{info['ip']}-{info[p]}" in {c.laddr for c in unix} for p in ("shell_port", "iopub_port", "hb_port"))
    assert [(c.laddr.ip, c.status) for c in inet] == [("127.0.0.1", "LISTEN")]  # ipykernel's own pipe
    assert not {c.laddr.port for c in inet} & {info[p] for p in info if p.endswith("_port")}
