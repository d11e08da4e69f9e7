"""Files written by the scoring stage: scores.csv, the award list, and the
intermediate tables the report notebook reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from lib.publish.award_files import write_award_csv, write_award_xlsx
from lib.publish.processed import write_table
from lib.publish.workbooks import write_csv

SCORE_HEAD = [
    "unit_code",
    "unit_name",
    "unit_group",
    "admin_level",
    "submitted",
    "data_complete",
    "score",
    "band",
    "rank_in_group",
]


def scores_for_csv(scores: pd.DataFrame) -> pd.DataFrame:
    """The published column order: identity and score first, then per criterion."""
    rest = [c for c in scores.columns if c not in SCORE_HEAD and c != "n_missing"]
    return scores[[*SCORE_HEAD, "n_missing", *rest]]


def write_scoring_outputs(
    output_dir: Path,
    processed_dir: Path,
    table: pd.DataFrame,
    scores: pd.DataFrame,
    awards: pd.DataFrame,
    kpis: pd.DataFrame,
    oat: pd.DataFrame,
    params: dict[str, Any],
) -> list[Path]:
    """scores.csv, award_list.csv/.xlsx to outputs; criterion table and KPIs to processed."""
    write_csv(scores_for_csv(scores), output_dir / "scores.csv")
    write_award_csv(awards, output_dir / "award_list.csv")
    write_award_xlsx(awards, output_dir / "award_list.xlsx", params)
    write_table(table, processed_dir / "criterion_table.csv")
    write_table(scores, processed_dir / "scores.csv")
    write_table(kpis, processed_dir / "province_kpis.csv")
    write_table(awards, processed_dir / "awards.csv")
    write_table(oat, processed_dir / "sensitivity_oat.csv")
    return [output_dir / n for n in ("scores.csv", "award_list.csv", "award_list.xlsx")]
