"""Command-line entry point: ``python -m lib <command>``.

The Makefile targets are thin wrappers over these commands, so the pipeline
runs the same way where make is missing (Windows: ``.venv\\Scripts\\python -m lib report``).
"""

from __future__ import annotations

import argparse
import sys
import sysconfig
import traceback
from datetime import datetime
from pathlib import Path

from lib.run import messages as msg

ROOT = Path(__file__).resolve().parents[2]


def default_run() -> str:
    """The run a command works on without ``--run``: the Makefile's ``RUN ?=`` (one place says which run)."""
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        if line.startswith("RUN ?="):
            return line.split("=", 1)[1].strip()
    raise SystemExit("Makefile: no `RUN ?=` line; give --run")


def sample_units_file(run: str) -> Path:
    """The registry the sample is drawn from: ``data/external/<province>_<run>_units.csv`` (one per run)."""
    found = sorted((ROOT / "data" / "external").glob(f"*_{run}_units.csv"))
    if len(found) != 1:
        raise SystemExit(f"data/external: expected one *_{run}_units.csv, found {len(found)}")
    return found[0]


# jsonschema's optional "iri" format checker imports rfc3987_syntax, which compiles a
# grammar at import time (~1.2 s per process). nbformat's schema uses no iri format,
# so the pipeline process declares it absent and starts a second faster.
sys.modules.setdefault("rfc3987_syntax", None)


def _setup(_: argparse.Namespace) -> int:
    """Register the project kernel in the venv and make ``lib`` importable from notebooks/."""
    from ipykernel.kernelspec import install

    from lib.run.pipeline import HASH_SEED, KERNEL_NAME

    install(
        kernel_name=KERNEL_NAME,
        display_name="Python (ninhthuan-dx)",
        prefix=sys.prefix,
        env={"PYTHONHASHSEED": HASH_SEED, "MPLBACKEND": "agg"},
    )
    pth = Path(sysconfig.get_paths()["purelib"]) / "ninhthuan_dx.pth"
    pth.write_text(str(ROOT) + "\n", encoding="utf-8")
    print(f"kernel '{KERNEL_NAME}' registered in {sys.prefix}; {pth.name} points at {ROOT}")
    return 0


def _check_params(args: argparse.Namespace) -> int:
    from lib.contract.params import load_params

    load_params(Path(args.params or ROOT / "params" / f"{args.run}.yaml"))
    print("params OK")
    return 0


def _report(args: argparse.Namespace) -> int:
    from lib.run.pipeline import run_report

    run_report(ROOT, args.run, command=["python", "-m", "lib", "report", "--run", args.run])
    return 0


def _template(args: argparse.Namespace) -> int:
    from lib.contract.params import load_params
    from lib.ingest.inputs import REGISTRY_FILE, load_registry
    from lib.publish.template import data_dictionary_markdown, write_template
    from lib.publish.verification_template import write_appraisal_template

    params = load_params(ROOT / "params" / f"{args.run}.yaml")
    registry, _ = load_registry(ROOT / "data" / "raw" / args.run / REGISTRY_FILE, params)
    path = write_template(params, ROOT / "outputs" / "templates" / f"mau_bao_cao_{args.run}.xlsx", registry)
    (ROOT / "docs" / "data_dictionary.md").write_text(data_dictionary_markdown(params), encoding="utf-8")
    appraisal = write_appraisal_template(ROOT / "outputs" / "templates" / f"mau_tham_dinh_{args.run}.csv")
    print(f"template: {path.relative_to(ROOT)}; appraisal template: {appraisal.relative_to(ROOT)}; ", end="")
    print("data dictionary: docs/data_dictionary.md")
    return 0


def _generate_sample(args: argparse.Namespace) -> int:
    from lib.contract.params import load_params
    from lib.run.sample_data import generate

    params = load_params(ROOT / "params" / f"{args.run}.yaml")
    out = Path(args.out) if args.out else ROOT / "data" / "raw" / args.run
    seed = params.year if args.seed is None else args.seed
    counts = generate(out, params, sample_units_file(args.run), seed=seed)
    print(f"sample written to {out}: {counts}")
    return 0


def _audit(args: argparse.Namespace) -> int:
    from lib.run.audit import main as run_audit

    return run_audit(ROOT, args.run, Path(args.keep).resolve() if args.keep else None)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command; errors become exit code 2 with a message."""
    parser = argparse.ArgumentParser(prog="python -m lib", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="register the project kernel in this venv").set_defaults(func=_setup)
    p = sub.add_parser("check-params", help="validate a params file")
    p.add_argument("--run", default=default_run())
    p.add_argument("--params")
    p.set_defaults(func=_check_params)
    p = sub.add_parser("report", help="run the notebooks and publish outputs/<run>/")
    p.add_argument("--run", default=default_run())
    p.set_defaults(func=_report)
    p = sub.add_parser("audit", help="re-execute in a temporary copy and compare with outputs/<run>/manifest.json")
    p.add_argument("--run", default=default_run())
    p.add_argument("--keep", metavar="DIR", help="keep the re-run's outputs in DIR")
    p.set_defaults(func=_audit)
    p = sub.add_parser("template", help="write the blank submission workbook and the data dictionary")
    p.add_argument("--run", default=default_run())
    p.set_defaults(func=_template)
    p = sub.add_parser("generate-sample", help="regenerate the synthetic sample data (deterministic)")
    p.add_argument("--run", default=default_run())
    p.add_argument("--seed", type=int, help="default: the params year")
    p.add_argument("--out")
    p.set_defaults(func=_generate_sample)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except Exception as exc:
        log = write_failure_log(args, exc)
        print(failure_sentence(args, exc, log.relative_to(ROOT).as_posix()), file=sys.stderr)
        return 2


def write_failure_log(args: argparse.Namespace, exc: BaseException) -> Path:
    """The whole traceback (a notebook's own included) in outputs/.logs/, outside every run's folder.

    The console gets one sentence a person can act on; whoever debugs gets everything here.
    outputs/<run>/ is untouched, so its bytes (and the manifest) stay deterministic.
    """
    logs = ROOT / "outputs" / ".logs"
    logs.mkdir(parents=True, exist_ok=True)
    path = logs / f"{args.command}-{getattr(args, 'run', 'all')}-{datetime.now():%Y%m%d-%H%M%S-%f}.log"
    text = "".join(traceback.format_exception(exc))
    details = getattr(exc, "details", "")
    if details:
        text += "\nTraceback in the notebook:\n" + _strip_ansi(details) + "\n"
    path.write_text(f"python -m lib {' '.join(sys.argv[1:])}\n\n{text}", encoding="utf-8")
    return path


def _strip_ansi(text: str) -> str:
    """IPython colours its tracebacks; a log file is read in an editor."""
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def failure_sentence(args: argparse.Namespace, exc: BaseException, log: str) -> str:
    """One Vietnamese sentence: what failed (file, notebook and cell) and what to do."""
    from lib.contract.params import ParamsError
    from lib.run.audit import AuditError
    from lib.run.pipeline import NotebookFailedError

    if isinstance(exc, ParamsError):
        params = args.params if getattr(args, "params", None) else f"params/{args.run}.yaml"
        return msg.FAIL_PARAMS.format(params=params, detail=exc)
    if isinstance(exc, NotebookFailedError):
        executed = exc.executed.relative_to(ROOT).as_posix() if exc.executed.is_relative_to(ROOT) else exc.executed
        return msg.FAIL_NOTEBOOK.format(
            notebook=exc.notebook, cell=exc.cell, error=exc.error, log=log, executed=executed
        )
    if isinstance(exc, AuditError):
        return msg.FAIL_AUDIT.format(detail=exc)
    return msg.FAIL_UNEXPECTED.format(
        command=f"python -m lib {args.command}", error=f"{type(exc).__name__}: {exc}", log=log
    )
