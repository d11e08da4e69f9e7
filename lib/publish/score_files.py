"""Files written by the scoring stage: scores.csv, the award list, and the
intermediate tables the report notebook reads."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.contract.params import Params
from lib.contract.tables import SCORES
from lib.publish.award_files import write_award_csv, write_award_xlsx
from lib.publish.processed import write_table
from lib.publish.workbooks import write_csv


def scores_in_order(scores: pd.DataFrame, params: Params) -> pd.DataFrame:
    """The declared column order: identity and score first, then per criterion."""
    return scores[SCORES.names(params.criterion_columns())]


def write_scoring_outputs(
    output_dir: Path,
    processed_dir: Path,
    table: pd.DataFrame,
    scores: pd.DataFrame,
    awards: pd.DataFrame | None,
    kpis: pd.DataFrame,
    oat: pd.DataFrame | None,
    params: Params,
) -> list[Path]:
    """scores.csv, province_kpis.csv, award_list.csv/.xlsx to outputs; criterion table, scores, KPIs, awards to
    processed.

    A six-month review judges no nominee (``awards`` and ``oat`` are None): it writes no award list and no
    award tables, so nothing published or processed can be read as a decision.
    """
    ordered = scores_in_order(scores, params)
    write_csv(ordered, output_dir / "scores.csv")
    write_table(table, processed_dir, "criterion_table")
    write_table(ordered, processed_dir, "scores", params.criterion_columns())
    write_table(kpis, processed_dir, "province_kpis")
    write_csv(kpis, output_dir / "province_kpis.csv")  # what a later run compares with (previous_run)
    if awards is None or oat is None:
        return [output_dir / "scores.csv", output_dir / "province_kpis.csv"]
    write_award_csv(awards, output_dir / "award_list.csv")
    write_award_xlsx(awards, output_dir / "award_list.xlsx", params)
    write_table(awards, processed_dir, "awards")
    write_table(oat, processed_dir, "robustness_oat")
    return [output_dir / n for n in ("scores.csv", "award_list.csv", "award_list.xlsx", "province_kpis.csv")]


def write_comparison_outputs(
    output_dir: Path, processed_dir: Path, tables: dict[str, pd.DataFrame], params: Params
) -> list[Path]:
    """The year-over-year tables to processed (always, empty without a previous run); comparison.csv to outputs
    only when params name a previous run (a run without one publishes nothing about it)."""
    for name, frame in tables.items():
        write_table(frame, processed_dir, name)
    if params.previous_run is None:
        return []
    write_csv(tables["comparison"], output_dir / "comparison.csv")
    return [output_dir / "comparison.csv"]
