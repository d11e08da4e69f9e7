"""Run the notebooks of one evaluation, in order, and publish atomically.

papermill executes each notebook with the project kernel; the executed
copies, the report HTML and every output are written to a staging folder
that replaces ``outputs/<run>/`` only when every step succeeded. A failed
run leaves the previous complete run untouched and says which notebook and
cell failed.
"""

from __future__ import annotations

import csv
import importlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import nbformat

from lib.contract.labels import ACCEPTED, PREVIOUS_FILES, RECOMMENDED, REJECTED, SUPERSEDED
from lib.contract.params import load_params
from lib.report.pdf import write_report_pdf
from lib.run import messages as msg
from lib.run.provenance import code_revision, hash_tree, input_hashes, package_versions

KERNEL_NAME = "ninhthuan-dx"
NOTEBOOKS = ("01_cleaning.ipynb", "02_scoring.ipynb", "03_report.ipynb")
REPORT_NOTEBOOK = "03_report.ipynb"
HASH_SEED = "0"


class NotebookFailedError(RuntimeError):
    """A notebook failed; the message names the notebook and the cell.

    The parts are kept apart (notebook, cell, error, executed copy, the notebook's own
    traceback) so the command line can say one sentence and log the rest.
    """

    def __init__(self, notebook: str, cell: int, error: str, executed: Path, details: str) -> None:
        super().__init__(f"notebook {notebook} failed at cell {cell} ({error}); the executed copy is in {executed}")
        self.notebook, self.cell, self.error, self.executed, self.details = notebook, cell, error, executed, details


def say(text: str, end: str = "\n") -> None:
    """One progress line on stderr, at once (stdout stays for the command's result)."""
    print(text, end=end, file=sys.stderr, flush=True)


def _cell_progress(total: int):
    """nbclient hook: "ô n/N" rewritten in place on a terminal; nothing in a log or a pipe."""
    done = [0]

    def on_cell_executed(**_: Any) -> None:
        done[0] += 1
        say(msg.REPORT_CELL.format(done=done[0], total=total), end="\r" if done[0] < total else "\r\033[K")

    return on_cell_executed if sys.stderr.isatty() else None


def run_parameters(run: str, staging: str) -> dict[str, str]:
    """The parameters papermill injects; all paths relative to the repository root."""
    return {
        "run": run,
        "params_file": f"params/{run}.yaml",
        "raw_dir": f"data/raw/{run}",
        "processed_dir": f"data/processed/{run}",
        "output_dir": staging,
    }


def staging_dir(root: Path, run: str) -> Path:
    """Where a run is built before it is published (never looks finished)."""
    return root / "outputs" / f".staging-{run}"


def _kernel_env() -> None:
    """Pin what the kernel inherits: hash seed, headless plotting, one BLAS thread."""
    os.environ["PYTHONHASHSEED"] = HASH_SEED
    os.environ["MPLBACKEND"] = "agg"
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    os.environ["SOURCE_DATE_EPOCH"] = "946684800"


class SharedKernel:
    """One project kernel for the whole run, started and warmed up at once.

    Starting a kernel and importing pandas, pandera and seaborn costs seconds
    per notebook; the run pays it once, and overlaps it with the parent's own
    imports. The namespace is reset before every notebook, so each notebook
    only sees what it defines itself (an auditor can still execute any one of
    them alone with papermill: tests check it gives the same bytes). The
    kernel talks over IPC, never TCP.
    """

    def __init__(self, root: Path) -> None:
        from jupyter_client.manager import KernelManager

        # IPC (Unix sockets): no network port is opened, so there is nothing to eavesdrop on and
        # ipykernel prints no TCP warning. The socket path is absolute, in a private folder: the
        # default ("kernel-ipc", relative) would differ between this process and the kernel's cwd.
        self.sockets = Path(tempfile.mkdtemp(prefix="dx-kernel-"))
        self.km = KernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(self.sockets / "kernel"))
        self.km.start_kernel(cwd=str(root))
        self.kc = self.km.blocking_client()
        self.kc.start_channels()
        # The kernel boots (about a second) while the parent goes on with its own set-up; the first
        # notebook waits for it (``ready``). The warm-up imports are queued first, so they run before it.
        self._warm_up = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kernel-warm-up")
        self._warmed = self._warm_up.submit(self._start_warm_up, notebook_imports(root))
        self._warm_up.shutdown(wait=False)

    def _start_warm_up(self, imports: str) -> None:
        self.kc.wait_for_ready(timeout=120)
        self.kc.execute(imports + "\n%reset -f", silent=True, store_history=False)

    def ready(self) -> None:
        """Return once the kernel answers and its warm-up is queued (re-raises a kernel that never started)."""
        self._warmed.result()

    def reset(self) -> None:
        """Forget every name (imported modules stay loaded); call ``ready`` first."""
        self.kc.execute_interactive("%reset -f", silent=True, store_history=False, timeout=120)

    def shutdown(self) -> None:
        """Stop the kernel; called whatever happened."""
        self._warmed.exception()  # the warm-up thread uses the client: it must be done before the channels close
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)
        shutil.rmtree(self.sockets, ignore_errors=True)


def notebook_imports(root: Path) -> str:
    """The import statements of the pipeline's notebooks (what the kernel warms up with)."""
    lines: list[str] = []
    for name in NOTEBOOKS:
        for cell in nbformat.read(root / "notebooks" / name, as_version=4).cells:
            if cell.cell_type == "code":
                lines += [ln for ln in cell.source.splitlines() if ln.startswith(("import ", "from "))]
    return "\n".join(dict.fromkeys(lines))


def execute(
    root: Path, notebook: str, out_path: Path, parameters: dict[str, str], kernel: SharedKernel | None = None
) -> None:
    """Execute one notebook with papermill and the project kernel (the run's shared one if given)."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    out_path.parent.mkdir(parents=True, exist_ok=True)
    extra: dict[str, Any] = {"km": kernel.km} if kernel else {}
    hook = _cell_progress(code_cells(root / "notebooks" / notebook) + 1)  # + papermill's injected parameters
    if hook:
        extra["on_cell_executed"] = hook
    try:
        pm.execute_notebook(
            str(root / "notebooks" / notebook),
            str(out_path),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            cwd=str(root),
            progress_bar=False,
            log_output=False,
            **extra,
        )
    except PapermillExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue}"
        raise NotebookFailedError(notebook, exc.exec_count, error, out_path, "\n".join(exc.traceback)) from None
    normalise_notebook(out_path, title=notebook)


def code_cells(path: Path) -> int:
    """How many code cells a notebook has (progress counts them)."""
    return sum(cell.cell_type == "code" for cell in nbformat.read(path, as_version=4).cells)


def normalise_notebook(path: Path, title: str) -> None:
    """Remove what differs between two identical runs: timings, random cell ids, shared-kernel counts."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    nb.metadata["papermill"] = {"parameters": _parameters_of(nb)}
    nb.metadata["title"] = title
    count = 0
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        # Execution counts as a fresh kernel would give them (the run shares one kernel).
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            count += 1
            cell["execution_count"] = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = count
    nbformat.write(nb, path)


def _parameters_of(nb: Any) -> dict[str, Any]:
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    return {"source": injected[0].source} if injected else {}


def render_html(root: Path, executed: Path, out_html: Path, title: str) -> None:
    """nbconvert to one self-contained HTML file with every input cell removed.

    The page is Vietnamese (``lang="vi"``) and carries the report's title (params), which a
    browser shows on its tab and prints in its running header, not the notebook's file name.
    """
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        extra_template_basedirs=[str(root / "notebooks" / "templates")],
        template_name="offline",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code="vi",
    )
    nb = nbformat.read(executed, as_version=4)
    nb.metadata["title"] = title
    # The notebook's own narrative is for analysts; the page is the outputs only.
    nb.cells = [c for c in nb.cells if c.cell_type == "code"]
    body, _ = exporter.from_notebook_node(nb)
    out_html.write_text(body, encoding="utf-8")


def write_manifest(root: Path, run: str, staging: Path, command: list[str]) -> Path:
    """manifest.json: hashes of inputs, code and outputs; versions; revision."""
    outputs = {
        k.removeprefix(f"{staging.relative_to(root).as_posix()}/"): v for k, v in hash_tree(staging, root).items()
    }
    manifest = {
        "run": run,
        "command": " ".join(command),
        "parameters": run_parameters(run, f"outputs/.staging-{run}"),
        "code_revision": code_revision(root),
        "packages": package_versions(),
        "inputs": input_hashes(root, run),
        "outputs": dict(sorted(outputs.items())),
    }
    path = staging / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path


def publish(staging: Path, final: Path) -> None:
    """Swap the finished staging folder into place; the old run goes only after."""
    from lib.publish.processed import replace_folder  # pandas, imported only once the run is done

    replace_folder(staging, final)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def summarise_stage(root: Path, run: str, notebook: str, staging: Path) -> str | None:
    """What a person wants to know after a notebook: files read n/N after cleaning, units scored after scoring.

    Read back from the staging outputs the notebook has just written, so the line is
    what was published, not what the parent guessed.
    """
    if notebook == NOTEBOOKS[0]:
        files = _csv_rows(staging / "row_accounting.csv")
        folder = root / "data" / "raw" / run / "submissions"
        found = sum(p.is_file() for p in folder.rglob("*")) if folder.exists() else 0
        count = {s: sum(f["status"] == s for f in files) for s in (ACCEPTED, SUPERSEDED, REJECTED)}
        return msg.REPORT_FILES_READ.format(
            read=len(files),
            found=found,
            folder=folder.relative_to(root).as_posix(),
            accepted=count[ACCEPTED],
            superseded=count[SUPERSEDED],
            rejected=count[REJECTED],
        )
    if notebook == NOTEBOOKS[1]:
        units = _csv_rows(staging / "scores.csv")
        if not (staging / "award_list.csv").exists():  # a six-month review publishes no award list
            return msg.REPORT_UNITS_SCORED_REVIEW.format(
                units=len(units), submitted=sum(u["submitted"] == "True" for u in units)
            )
        awards = _csv_rows(staging / "award_list.csv")
        return msg.REPORT_UNITS_SCORED.format(
            units=len(units),
            submitted=sum(u["submitted"] == "True" for u in units),
            nominees=len(awards),
            recommended=sum(a["status"] == RECOMMENDED for a in awards),
        )
    return None


def _import_late_modules() -> None:
    """Import what only the end of a run needs (several seconds of imports), while the notebooks run."""
    for module in ("nbconvert", "weasyprint"):
        importlib.import_module(module)


_IN_PROGRESS: list[str] = []  # runs being produced, outermost first (a previous_run cycle is refused)


def publish_previous_first(root: Path, run: str, previous: str | None, command: list[str] | None) -> None:
    """A run compared with a previous one reads its published outputs: produce them first when they are missing.

    So a fresh clone's ``make report`` (or ``python -m lib report --run <run>``) needs no extra step.
    """
    folder = root / "outputs" / str(previous)
    if previous is None or all((folder / name).exists() for name in PREVIOUS_FILES):
        return
    if previous in _IN_PROGRESS or previous == run:
        raise RuntimeError(msg.REPORT_PREVIOUS_CYCLE.format(chain=" → ".join([*_IN_PROGRESS, run, previous])))
    say(msg.REPORT_PREVIOUS_FIRST.format(run=run, previous=previous, folder=folder.relative_to(root).as_posix()))
    _IN_PROGRESS.append(run)
    try:
        run_report(root, previous, [*(command or [])[:-1], previous] if command else None)
    finally:
        _IN_PROGRESS.remove(run)


def _record_inputs_meanwhile(root: Path, run: str, staging: Path) -> Future[Path]:
    """Start writing audit_inputs.json on a thread while the notebooks run (it reads only params and raw files).

    The parent is idle while the kernel executes the notebooks, and the record re-reads every raw
    workbook (about a minute of one core at national scale): done beside them, it costs the run no
    time. It is started once the cleaning notebook is done, because the ingest reads the workbooks
    on every core; beside it, the record doubled that reading's time (about 70 s alone, 135 s beside
    the record, national data set, 2 cores). The caller takes the result before the manifest, which
    re-raises a failure of the thread.
    """
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="audit-inputs")
    future = pool.submit(_write_input_record, root, run, staging)
    pool.shutdown(wait=False)
    return future


def _write_input_record(root: Path, run: str, staging: Path) -> Path:
    """audit_inputs.json into the staging folder (its imports, pandas and pandera, are paid on the thread too)."""
    from lib.run.input_cells import INPUT_CELLS_FILE, write_input_cells

    return write_input_cells(root, run, staging / INPUT_CELLS_FILE)


def run_report(root: Path, run: str, command: list[str] | None = None) -> Path:
    """Validate params, execute the notebooks, render, write the manifest, publish; say each stage."""
    run_started = time.perf_counter()
    params = load_params(root / "params" / f"{run}.yaml")
    say(msg.REPORT_PARAMS_OK.format(params=f"params/{run}.yaml"))
    publish_previous_first(root, run, params.previous_run, command)
    _kernel_env()
    staging = staging_dir(root, run)
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    parameters = run_parameters(run, staging.relative_to(root).as_posix())
    say(msg.REPORT_KERNEL.format(kernel=KERNEL_NAME))
    kernel = SharedKernel(root)
    inputs_record: Future[Path] | None = None
    # nbconvert and WeasyPrint are needed only at the end: import them on the other core while notebooks run.
    threading.Thread(target=_import_late_modules, daemon=True).start()
    try:
        for i, notebook in enumerate(NOTEBOOKS):
            started = time.perf_counter()
            say(msg.REPORT_NOTEBOOK.format(i=i + 1, n=len(NOTEBOOKS), notebook=notebook))
            kernel.ready()
            if i:
                kernel.reset()
            execute(root, notebook, staging / "notebooks" / notebook, parameters, kernel)
            if inputs_record is None:
                # What each input held, cell by cell: the audit names the cells that changed since.
                inputs_record = _record_inputs_meanwhile(root, run, staging)
            cells = code_cells(staging / "notebooks" / notebook)
            seconds = time.perf_counter() - started
            say(
                msg.REPORT_NOTEBOOK_DONE.format(
                    i=i + 1, n=len(NOTEBOOKS), notebook=notebook, cells=cells, seconds=seconds
                )
            )
            summary = summarise_stage(root, run, notebook, staging)
            if summary:
                say(summary)
    finally:
        kernel.shutdown()
    started = time.perf_counter()
    render_html(root, staging / "notebooks" / REPORT_NOTEBOOK, staging / "report.html", params.title)
    say(msg.REPORT_HTML.format(seconds=time.perf_counter() - started))
    started = time.perf_counter()
    pages = write_report_pdf(staging / "report.html", staging / "report.pdf", params)
    say(msg.REPORT_PDF.format(pages=pages, seconds=time.perf_counter() - started))
    (inputs_record or _record_inputs_meanwhile(root, run, staging)).result()
    manifest = write_manifest(root, run, staging, command or [])
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    say(msg.REPORT_MANIFEST.format(n=len(recorded["inputs"]) + len(recorded["outputs"])))
    final = root / "outputs" / run
    publish(staging, final)
    written = sum(p.is_file() for p in final.rglob("*"))
    say(
        msg.REPORT_PUBLISHED.format(
            n=written, folder=final.relative_to(root).as_posix(), seconds=time.perf_counter() - run_started
        )
    )
    return final
