"""Read many submissions on every core.

Parsing a workbook is pure Python per cell, so a national run (13,000 files)
is bound by one core unless the files are spread over processes. Workers are
started with "spawn" (safe inside a Jupyter kernel, whose threads make fork
unsafe) and each reads a contiguous chunk, so the result order, and hence
every output, is the same as a serial read.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from lib.contract.params import Params

# Below this many files a serial read is faster than starting worker processes.
PARALLEL_FROM = 400


def _read_chunk(job: tuple[Callable[..., Any], list[tuple[Path, str]], dict[str, Any]]) -> list[Any]:
    reader, items, params = job
    return [reader(path, params, relative) for path, relative in items]


def read_all(
    reader: Callable[..., Any], items: list[tuple[Path, str]], params: Params, workers: int | None = None
) -> list[Any]:
    """``[reader(path, params, relative) for path, relative in items]``, in order, on several cores."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(items) < PARALLEL_FROM:
        return [reader(path, params, relative) for path, relative in items]
    main = sys.modules["__main__"]
    if not hasattr(main, "__spec__"):
        # An IPython kernel's __main__ lacks __spec__, which spawn's start-up reads.
        main.__spec__ = None
    size = -(-len(items) // (workers * 8))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        parts = pool.map(_read_chunk, [(reader, chunk, params) for chunk in chunks])
        return [result for part in parts for result in part]
