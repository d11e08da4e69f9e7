"""Measure what a run costs: `make bench` (see README, "Performance").

Runs on the current machine, in one invocation, medians of --runs runs after
--warmup runs, with the outputs removed before each timed run so everything
really re-runs:

floor_s           a fresh papermill CLI process executing, with the project
                  kernel, a one-cell notebook that only imports what the
                  pipeline's notebooks import
province_s        `make report` on the 2023 sample
noop_s            `make report` again when nothing changed
national_s        the pipeline as `make report` runs it on the generated
                  national-scale data set (cached in data/raw/bench-national)
score_rows_per_s  scoring + selection alone on 1,000,000 unit × criterion rows
mc_s              the Monte Carlo sensitivity (run + one-at-a-time) on the province
peak_mb           peak resident memory of the national run, all processes summed
overhead_ratio    province_s / (notebooks × floor_s)
scale_ratio       national_s / province_s
province_vs_floor province_s / floor_s: the whole province run, report.pdf and
                  the documents included, against one naive notebook

The last line is machine-readable: "bench: floor_s=… province_s=… noop_s=…
national_s=… score_rows_per_s=… peak_mb=… notebooks=… overhead_ratio=…
scale_ratio=… province_vs_floor=…" (one line, then mc_s).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import numpy as np
import pandas as pd
import yaml

if TYPE_CHECKING:
    from lib.contract.params import Params

ROOT_DEFAULT = Path(__file__).resolve().parent.parent
NATIONAL_RUN = "bench-national"


def _median_time(action, runs: int, warmup: int, before=None) -> tuple[float, list[float]]:
    times = []
    for i in range(warmup + runs):
        if before:
            before()
        started = time.perf_counter()
        action()
        elapsed = time.perf_counter() - started
        if i >= warmup:
            times.append(elapsed)
    return statistics.median(times), times


def _run(cmd: list[str], cwd: Path) -> None:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")


def _imports_of_notebooks(root: Path) -> str:
    lines = []
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                lines += [ln for ln in cell.source.splitlines() if ln.startswith(("import ", "from "))]
    return "\n".join(dict.fromkeys(lines))


def measure_floor(root: Path, runs: int, warmup: int) -> float:
    """One papermill CLI process, project kernel, a notebook that only imports."""
    from lib.run.pipeline import KERNEL_NAME

    with tempfile.TemporaryDirectory() as tmp:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(_imports_of_notebooks(root))]
        nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": KERNEL_NAME, "language": "python"}
        src = Path(tmp) / "floor.ipynb"
        nbformat.write(nb, src)
        papermill = Path(sys.executable).parent / "papermill"
        cmd = [str(papermill), "-k", KERNEL_NAME, "--cwd", str(root), str(src), str(Path(tmp) / "out.ipynb")]
        median, _ = _median_time(lambda: _run(cmd, root), runs, warmup)
    return median


def _clean(root: Path, run: str) -> None:
    for path in (root / "outputs" / run, root / "data" / "processed" / run):
        shutil.rmtree(path, ignore_errors=True)


def _make_report(root: Path, run: str) -> None:
    _run(["make", "report", f"RUN={run}"], root)


class PeakRss:
    """Peak of the summed resident memory of a process tree, polled from /proc."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _tree_rss_kb(self) -> int:
        children: dict[int, list[int]] = {}
        rss: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            pid, ppid = int(entry.name), int(fields.get("PPid", "0").strip())
            children.setdefault(ppid, []).append(pid)
            rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
        total, stack = 0, [os.getpid()]
        while stack:
            pid = stack.pop()
            stack += children.get(pid, [])
            if pid != os.getpid():
                total += rss.get(pid, 0)
        return total

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, self._tree_rss_kb())
            time.sleep(0.1)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _generator_fingerprint(root: Path, quick: bool, params: Params) -> str:
    """What the generated workbooks depend on: the generator, the template layout, the criteria."""
    from lib.contract import schemas as sc

    digest = hashlib.sha256(b"quick" if quick else b"full")
    for name in ("lib/run/sample_data.py", "lib/publish/template.py"):
        digest.update((root / name).read_bytes())
    titles = [[str(c.title) for c in sc.fields(m).values()] for m in sc.SUBMISSION_SHEETS]
    digest.update(json.dumps([titles, params.to_data()["criteria"]], default=str, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def prepare_national(root: Path, quick: bool) -> dict[str, int]:
    """Generate (or reuse) data/raw/bench-national and params/bench-national.yaml."""
    from lib.contract.params import load_params, read_params_data
    from lib.run.sample_data import generate_national

    params = load_params(root / "params" / "2023.yaml")
    bench_params = read_params_data(root / "params" / "2023.yaml")
    bench_params["title"] = "Báo cáo đánh giá (dữ liệu mẫu quy mô quốc gia, đo hiệu năng)"
    (root / "params" / f"{NATIONAL_RUN}.yaml").write_text(
        "# Generated by scripts/bench.py; not committed.\n"
        + yaml.safe_dump(bench_params, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    raw = root / "data" / "raw" / NATIONAL_RUN
    stamp = raw / ".generator"
    fingerprint = _generator_fingerprint(root, quick, params)
    if stamp.exists() and stamp.read_text() == fingerprint:
        return json.loads((raw / ".counts.json").read_text())
    sizes = (
        {"ubnd_xa": 40, "ubnd_huyen": 4, "so_ban_nganh": 6, "mttq_doan_the": 3, "doanh_nghiep": 5} if quick else None
    )
    started = time.perf_counter()
    counts = generate_national(raw, params, **({"sizes": sizes, "people": 300} if quick else {}))
    counts["generation_s"] = round(time.perf_counter() - started, 1)
    (raw / ".counts.json").write_text(json.dumps(counts))
    stamp.write_text(fingerprint)
    return counts


def measure_scoring(rows: int) -> float:
    """Rows per second of score_units + the award selection on a synthetic unit × criterion table."""
    from lib.contract.params import load_params
    from lib.scoring.scores import score_units
    from lib.scoring.selection import select

    params = load_params(ROOT_DEFAULT / "params" / "2023.yaml")
    n_crit = len(params.criteria)
    n_units = rows // n_crit
    rng = np.random.default_rng(0)
    groups = np.array(["ubnd_xa", "ubnd_huyen", "so_ban_nganh", "doanh_nghiep"])[rng.integers(0, 4, n_units)]
    levels = pd.Series(groups).map({"ubnd_xa": "xa", "ubnd_huyen": "huyen", "so_ban_nganh": "tinh"})
    codes = np.char.add("U", np.arange(n_units).astype(str))
    registry = pd.DataFrame(
        {"unit_code": codes, "unit_name": codes, "unit_group": groups, "admin_level": levels, "parent_code": None}
    )
    submissions = pd.DataFrame({"unit_code": codes, "status": "accepted"})
    rate_codes = [c.code for c in params.criteria if c.measure == "rate"]
    den = rng.integers(1, 500, size=n_units * len(rate_codes)).astype(float)
    num = np.floor(den * rng.uniform(0.3, 1.0, size=den.size))
    indicators = pd.DataFrame(
        {
            "unit_code": np.repeat(codes, len(rate_codes)),
            "criterion_code": rate_codes * n_units,
            "numerator": num,
            "denominator": den,
            "rate": num / den,
        }
    )
    products = pd.DataFrame({"unit_code": codes[rng.integers(0, n_units, n_units)]})

    def once() -> None:
        _, scores = score_units(registry, submissions, indicators, products, params)
        candidates = scores.sample(frac=0.1, random_state=0).assign(
            eligible=True, is_leader=False, nominee_code=lambda f: f["unit_code"]
        )
        select(candidates, cap=5, reserves=3, commune_level=params.structure.commune_level)

    median, _ = _median_time(once, 3, 1)
    return rows / median


def measure_mc(root: Path) -> float:
    """Seconds of the Monte Carlo robustness analysis on the province's processed tables."""
    from lib.contract.params import load_params
    from lib.publish.processed import read_table
    from lib.scoring import robustness

    params = load_params(root / "params" / "2023.yaml")
    processed = root / "data" / "processed" / "2023"
    table, awards = read_table(processed, "criterion_table"), read_table(processed, "awards")

    def once() -> None:
        robustness.run(table, awards, params)
        robustness.one_at_a_time(table, awards, params)

    median, _ = _median_time(once, 3, 1)
    return median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT_DEFAULT)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--national-runs", type=int, help="timed national runs, no warm-up (default: as --runs)")
    parser.add_argument(
        "--quick", action="store_true", help="tiny national data set and 10,000 scoring rows (for tests)"
    )
    args = parser.parse_args()
    root = args.root.resolve()
    sys.path.insert(0, str(root))
    results: dict[str, float] = {}
    print("bench: measuring the floor (papermill CLI, imports only)…", flush=True)
    results["floor_s"] = measure_floor(root, args.runs, args.warmup)
    print("bench: province run (make report RUN=2023)…", flush=True)
    results["province_s"], _ = _median_time(
        lambda: _make_report(root, "2023"), args.runs, args.warmup, before=lambda: _clean(root, "2023")
    )
    results["noop_s"], _ = _median_time(lambda: _make_report(root, "2023"), args.runs, 0)
    results["mc_s"] = measure_mc(root)
    print("bench: national data set…", flush=True)
    counts = prepare_national(root, args.quick)
    print(f"bench: national run ({counts})…", flush=True)
    peaks: list[float] = []

    def national() -> None:
        with PeakRss() as peak:
            _make_report(root, NATIONAL_RUN)
        peaks.append(peak.peak_kb / 1024)

    national_runs = args.national_runs or args.runs
    results["national_s"], _ = _median_time(
        national,
        national_runs,
        args.warmup if national_runs == args.runs else 0,
        before=lambda: _clean(root, NATIONAL_RUN),
    )
    results["peak_mb"] = max(peaks)
    results["score_rows_per_s"] = measure_scoring(10_000 if args.quick else 1_000_000)
    notebooks = len(list((root / "notebooks").glob("*.ipynb")))
    results["notebooks"] = notebooks
    results["overhead_ratio"] = results["province_s"] / (notebooks * results["floor_s"])
    results["scale_ratio"] = results["national_s"] / results["province_s"]
    results["province_vs_floor"] = results["province_s"] / results["floor_s"]
    targets = {
        "province_vs_floor": ("≤", 1.5),
        "overhead_ratio": ("≤", 1.0),
        "scale_ratio": ("≤", 4.0),
        "noop_s": ("≤", 1.0),
        "score_rows_per_s": ("≥", 2_000_000),
        "peak_mb": ("≤", 2048),
    }
    print(f"\n{'measure':<18}{'value':>14}  target")
    for key, value in results.items():
        sign, target = targets.get(key, ("", None))
        ok = "" if target is None else ("  ok" if (value <= target if sign == "≤" else value >= target) else "  MISSED")
        print(f"{key:<18}{value:>14,.3f}  {sign}{'' if target is None else f'{target:,}'}{ok}")
    order = [
        "floor_s",
        "province_s",
        "noop_s",
        "national_s",
        "score_rows_per_s",
        "peak_mb",
        "notebooks",
        "overhead_ratio",
        "scale_ratio",
        "province_vs_floor",
    ]
    fmt = {"score_rows_per_s": "{:.0f}", "peak_mb": "{:.0f}", "notebooks": "{:.0f}"}
    print(
        "bench: "
        + " ".join(f"{k}={fmt.get(k, '{:.3f}').format(results[k])}" for k in order)
        + f" mc_s={results['mc_s']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
