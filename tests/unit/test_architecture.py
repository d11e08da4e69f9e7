"""The layout holds: the contract imports no stage, no stage imports a later one, only run imports run.

Read with ``ast`` from the sources (function-level imports included), so a
shortcut taken anywhere in ``lib/`` or a notebook fails here, not in review.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIB = ROOT / "lib"
# The pipeline's order: a stage may import the contract and the stages before it.
STAGES = ("contract", "ingest", "scoring", "report", "publish", "run")


def _imports(tree: ast.AST) -> list[tuple[str, list[str], int]]:
    """(module imported, names imported from it, line) for every lib import in a tree."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "lib" and node.level == 0:
            found.append((node.module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] == "lib"]
    return found


def _stage_of(module: str, names: list[str]) -> list[str]:
    """The stages an import reaches: ``from lib import scoring`` reaches scoring."""
    parts = module.split(".")
    if len(parts) > 1:
        return [parts[1]]
    return [n for n in names if n in STAGES]


def _modules() -> list[tuple[Path, str | None]]:
    """Every module of lib/ with its stage (None for lib/__init__.py and lib/__main__.py)."""
    out = []
    for path in sorted(LIB.rglob("*.py")):
        rel = path.relative_to(LIB).parts
        out.append((path, rel[0] if len(rel) > 1 else None))
    return out


def test_every_module_of_lib_belongs_to_a_stage() -> None:
    stray = [p.name for p, stage in _modules() if stage is None and p.name not in {"__init__.py", "__main__.py"}]
    assert not stray, f"modules outside a stage subpackage: {stray}"
    assert {stage for _, stage in _modules() if stage} == set(STAGES)


def test_each_stage_package_says_what_it_takes_and_hands_on() -> None:
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((LIB / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc) > 200, stage


def _violations() -> list[str]:
    bad = []
    for path, stage in _modules():
        rel = path.relative_to(ROOT).as_posix()
        for module, names, line in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _stage_of(module, names):
                if stage is None:
                    if path.name == "__main__.py" and target == "run":
                        continue
                    bad.append(f"{rel}:{line} imports {target}")
                elif target == "run" and stage != "run":
                    bad.append(f"{rel}:{line}: only run imports run ({module})")
                elif stage == "contract" and target != "contract":
                    bad.append(f"{rel}:{line}: the contract imports no stage ({module})")
                elif STAGES.index(target) > STAGES.index(stage):
                    bad.append(f"{rel}:{line}: {stage} imports the later stage {target} ({module})")
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private:
                bad.append(f"{rel}:{line}: private names imported across modules: {private} from {module}")
    return bad


def test_no_stage_imports_a_later_one_and_only_run_imports_run() -> None:
    assert _violations() == []


@pytest.mark.parametrize(
    ("stage", "source", "expected"),
    [
        ("contract", "from lib.scoring import scores", "the contract imports no stage"),
        ("ingest", "from lib.publish.processed import write_table", "ingest imports the later stage publish"),
        ("scoring", "def f():\n    from lib.run import pipeline", "only run imports run"),
        ("report", "from lib.ingest.text_repair import _TCVN3_SOURCE", "private names imported"),
    ],
)
def test_the_checker_catches_each_kind_of_shortcut(tmp_path: Path, stage: str, source: str, expected: str) -> None:
    """The rules above fail on a planted violation (so a pass means something)."""
    probe = LIB / stage / "_architecture_probe.py"
    probe.write_text(source + "\n", encoding="utf-8")
    try:
        found = _violations()
    finally:
        probe.unlink()
    assert any(expected in v for v in found), found


def test_notebooks_import_only_public_names_of_lib() -> None:
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for module, names, _ in _imports(ast.parse(source)):
                assert not any(n.startswith("_") for n in names), (path.name, module, names)
                assert not any(part.startswith("_") for part in module.split(".")), (path.name, module)
