"""What a person reads on the console: Vietnamese NFC, one sentence per failure, the traceback in a log."""

from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path

import pytest

from lib.contract.params import ParamsError
from lib.run import cli, pipeline
from lib.run import messages as msg
from lib.run.audit import AuditError
from lib.run.pipeline import NotebookFailedError

TEMPLATES = {name: value for name, value in vars(msg).items() if name.isupper() and isinstance(value, str)}


def test_every_message_is_nfc_vietnamese() -> None:
    assert len(TEMPLATES) > 20
    for name, text in TEMPLATES.items():
        assert unicodedata.is_normalized("NFC", text), name
    assert "đã cập nhật" in msg.REPORT_UP_TO_DATE and "không có gì phải chạy lại" in msg.REPORT_UP_TO_DATE


def test_the_makefile_prints_a_message_by_name(capsys) -> None:
    assert msg.main(["REPORT_UP_TO_DATE", "folder=outputs/2024"]) == 0
    assert capsys.readouterr().out == msg.REPORT_UP_TO_DATE.format(folder="outputs/2024") + "\n"


def _write(path: Path, header: str, rows: list[str]) -> None:
    path.write_text("\ufeff" + "\n".join([header, *rows]) + "\n", encoding="utf-8")


def test_stage_summaries_count_what_the_notebook_wrote(tmp_path: Path) -> None:
    submissions = tmp_path / "data" / "raw" / "2099" / "submissions"
    submissions.mkdir(parents=True)
    for name in ("a.xlsx", "b.xlsx", "c.xlsx", "d.txt"):
        (submissions / name).write_text("x")
    staging = tmp_path / "staging"
    staging.mkdir()
    _write(staging / "row_accounting.csv", "file,status", ["a,accepted", "b,superseded", "c,rejected", "d,rejected"])
    _write(staging / "scores.csv", "unit_code,submitted", ["U1,True", "U2,False", "U3,True"])
    _write(staging / "award_list.csv", "kind,status", ["tap_the,de_nghi", "ca_nhan,du_bi"])
    files = pipeline.summarise_stage(tmp_path, "2099", "01_cleaning.ipynb", staging)
    assert files == msg.REPORT_FILES_READ.format(
        read=4, found=4, folder="data/raw/2099/submissions", accepted=1, superseded=1, rejected=2
    )
    units = pipeline.summarise_stage(tmp_path, "2099", "02_scoring.ipynb", staging)
    assert units == msg.REPORT_UNITS_SCORED.format(units=3, submitted=2, nominees=2, recommended=1)
    assert pipeline.summarise_stage(tmp_path, "2099", "03_report.ipynb", staging) is None


def test_no_cell_counter_when_stderr_is_not_a_terminal() -> None:
    assert pipeline._cell_progress(5) is None  # pytest captures stderr


ARGS = argparse.Namespace(command="report", run="2023", params=None)


@pytest.mark.parametrize(
    ("exc", "start"),
    [
        (ParamsError("weight: -1"), "Lỗi: tệp tham số params/2023.yaml không hợp lệ (weight: -1)"),
        (
            NotebookFailedError("02_scoring.ipynb", 4, "KeyError: 'x'", cli.ROOT / "outputs/.staging-2023/n", "tb"),
            "Lỗi: notebook 02_scoring.ipynb dừng ở ô 4 (KeyError: 'x'); hãy sửa",
        ),
        (AuditError("no manifest"), "Lỗi: không kiểm toán được (no manifest)"),
        (ValueError("boom"), "Lỗi không lường trước khi chạy «python -m lib report» (ValueError: boom)"),
    ],
)
def test_a_failure_is_one_vietnamese_sentence(exc: Exception, start: str) -> None:
    sentence = cli.failure_sentence(ARGS, exc, "outputs/.logs/x.log")
    assert sentence.startswith(start) and "\n" not in sentence


def test_the_log_holds_both_tracebacks_outside_every_run(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(cli, "ROOT", tmp_path)
    try:
        raise NotebookFailedError("01_cleaning.ipynb", 3, "E: x", tmp_path / "n", "\x1b[31mCell In[3]\x1b[0m")
    except NotebookFailedError as exc:
        log = cli.write_failure_log(ARGS, exc)
    assert log.parent == tmp_path / "outputs" / ".logs" and log.name.startswith("report-2023-")
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "Cell In[3]" in text and "\x1b" not in text


def test_main_turns_any_error_into_exit_2_and_one_sentence(monkeypatch, tmp_path: Path, capsys) -> None:
    monkeypatch.setattr(cli, "ROOT", tmp_path)
    (tmp_path / "Makefile").write_text("RUN ?= 2023\n", encoding="utf-8")  # the run a command takes by default
    assert cli.main(["check-params", "--params", str(tmp_path / "missing.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("Lỗi: tệp tham số ")
    assert len(list((tmp_path / "outputs" / ".logs").glob("check-params-2023-*.log"))) == 1
