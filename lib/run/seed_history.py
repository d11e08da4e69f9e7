"""``python -m lib seed-history --from <earlier> --run <run>``: an earlier run's recommended list into the history.

The recommended nominees of ``outputs/<earlier>/award_list.csv`` become rows
of ``data/raw/<run>/award_history.csv``: kind, unit, a person's name and
position (all of which an award decision publishes), the earlier run's year,
form of award and movement, its achievements as the list wrote them. The
earlier run only proposed them, so each row says «Đề nghị, chưa có quyết
định» with the decision blank: the clerk writes the decision's number and date
(and «Đã có quyết định») once it is signed; until then the row is shown beside
the nominee and bars nothing. Rows already in the file (same kind, unit,
person, year, movement and period, whatever the clerk has filled in since) are
never added twice. Nothing else of the list (codes, scores) is written.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pandas as pd

from lib.contract import schemas as sc
from lib.contract.labels import COLLECTIVE, HISTORY_PROPOSED, HISTORY_STATUSES, INDIVIDUAL, RECOMMENDED
from lib.contract.labels import NOMINEE_KINDS_VI as KINDS
from lib.contract.params import load_params
from lib.ingest.award_history import HISTORY_FILE, person_key
from lib.ingest.csv_files import read_text_csv
from lib.ingest.sheet_parsing import label_key
from lib.scoring.award_history import movement_key

SEEDED_NOTE = "Chép từ danh sách đề nghị outputs/{source}/award_list.csv; ghi số, ngày quyết định khi có"


def _fields_of(headings: list[str]) -> dict[str, str]:
    """heading -> field name of AwardHistoryModel (by field name or Vietnamese title)."""
    names = {}
    for name, column in sc.fields(sc.AwardHistoryModel).items():
        names[label_key(name)] = name
        names[label_key(column.title)] = name
    return {h: names[label_key(h)] for h in headings if label_key(h) in names}


def row_key(row: dict[str, str]) -> tuple[str, ...]:
    """What makes two rows the same award: kind, unit, person, year, movement, period (as compared)."""
    kind = str(row.get("kind", "")).strip()
    kind = next((code for code, label in KINDS.items() if kind in (code, label)), kind)
    year = str(row.get("award_year", "")).strip().split(".")[0]
    return (
        kind,
        str(row.get("unit_code", "")).strip(),
        person_key(row.get("full_name") or ""),
        year,
        movement_key(row.get("movement") or ""),
        "".join(str(row.get("period", "")).split()),
    )


def seeded_rows(root: Path, source: str, run: str) -> list[dict[str, str]]:
    """The earlier run's recommended nominees as history rows (field name -> text)."""
    params_path = root / "params" / f"{source}.yaml"
    params = load_params(params_path if params_path.exists() else root / "params" / f"{run}.yaml")
    year = params.year if params_path.exists() else int(source)
    awards = pd.read_csv(root / "outputs" / source / "award_list.csv", dtype=str, keep_default_na=False)
    rows = []
    for rec in awards[awards["status"] == RECOMMENDED].itertuples(index=False):
        person = rec.kind == INDIVIDUAL
        rows.append(
            {
                "kind": KINDS[INDIVIDUAL if person else COLLECTIVE],
                "unit_code": rec.unit_code,
                "full_name": rec.nominee_name if person else "",
                "position": rec.position if person else "",
                "award_year": str(year),
                "award_form": params.award.name,
                "status": HISTORY_STATUSES[HISTORY_PROPOSED],
                "decision_number": "",
                "decision_date": "",
                "movement": params.movement,
                "period": str(year),
                "products": "",
                "achievement": rec.reasons,
                "note": SEEDED_NOTE.format(source=source),
            }
        )
    return rows


def seed(root: Path, source: str, run: str) -> tuple[int, int]:
    """Append the new rows to the run's award history (created if absent); (rows added, rows already there)."""
    path = root / "data" / "raw" / run / HISTORY_FILE
    titles = {name: str(column.title) for name, column in sc.fields(sc.AwardHistoryModel).items()}
    if path.exists():
        existing = read_text_csv(path).frame.fillna("").astype(str)
        headings = list(existing.columns)
        fields = _fields_of(headings)
        held = existing.to_dict("records")
    else:
        headings, fields, held = list(titles.values()), {t: n for n, t in titles.items()}, []
    seen = {row_key({fields[h]: v for h, v in r.items() if h in fields}) for r in held}
    by_field = {n: h for h, n in fields.items()}
    added, kept = [], 0
    for row in seeded_rows(root, source, run):
        if row_key(row) in seen:
            kept += 1
            continue
        seen.add(row_key(row))
        added.append({by_field.get(n, titles[n]): v for n, v in row.items()})
    headings += [titles[n] for n in titles if n not in by_field and added]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(dict.fromkeys(headings)), lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows([*held, *added])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    os.replace(tmp, path)
    return len(added), kept
