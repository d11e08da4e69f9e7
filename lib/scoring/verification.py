"""The verified values put where scoring and the gates read them; what is still to be appraised.

The clean tables keep what each unit reported about itself. The verification
table (:mod:`lib.ingest.verification`) says which values a system of record
or the standing body's appraisal confirmed, replaced or left «cần thẩm
định». :func:`verified_tables` returns copies of the tables with the
verified values in place; the published scores, the gates and the Monte
Carlo robustness (which resamples the criterion table built from them) all
read those copies, so there is one scoring input.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.contract.labels import (
    ADJUSTED,
    APPRAISAL_FIELD_COLUMNS,
    APPRAISAL_FIELDS,
    CONFIRMED,
    NEEDS_APPRAISAL,
)
from lib.contract.tables import VERIFICATION
from lib.ingest.verification import counts_text

_VERIFIED = (CONFIRMED, ADJUSTED)


def verification_of(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The run's verification table; an empty one for a run without it (older processed folders)."""
    frame = tables.get("verification")
    return frame if frame is not None else pd.DataFrame(columns=VERIFICATION.names())


def verified_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Copies of the tables with every adjusted criterion and nomination field replaced by its verified value."""
    checks = verification_of(tables)
    adjusted = checks[checks["status"] == ADJUSTED]
    out = dict(tables)
    out["indicators"] = _verified_indicators(
        tables["indicators"], adjusted[~adjusted["item"].isin(list(APPRAISAL_FIELDS))]
    )
    fields = adjusted[adjusted["item"].isin(list(APPRAISAL_FIELDS))]
    people = fields["person_code"].notna() & (fields["person_code"].astype(object) != "")
    out["collective_nominations"] = _verified_fields(tables["collective_nominations"], fields[~people], ["unit_code"])
    out["individual_nominations"] = _verified_fields(
        tables["individual_nominations"], fields[people], ["unit_code", "person_code"]
    )
    return out


def _verified_indicators(indicators: pd.DataFrame, adjusted: pd.DataFrame) -> pd.DataFrame:
    """Numerator, denominator and rate of record replaced by the verified ones (same unit and criterion)."""
    frame = indicators.copy()
    if adjusted.empty:
        return frame
    key = pd.MultiIndex.from_arrays([frame["unit_code"].astype(str), frame["criterion_code"].astype(str)])
    by_key = adjusted.set_index([adjusted["unit_code"].astype(str), adjusted["item"].astype(str)])
    hit = key.isin(by_key.index)
    rows = by_key.reindex(key[hit])
    frame.loc[hit, "numerator"] = rows["verified_numerator"].to_numpy(dtype=float)
    frame.loc[hit, "denominator"] = rows["verified_denominator"].to_numpy(dtype=float)
    frame.loc[hit, "rate"] = rows["verified_rate"].to_numpy(dtype=float)
    return frame


def _answer(item: str, code: str) -> object:
    """The verified answer as the nomination table holds it: a bool, or a rating code."""
    return code if APPRAISAL_FIELD_COLUMNS[item] == "annual_rating" else code == "co"


def _verified_fields(nominations: pd.DataFrame, adjusted: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Each adjusted answer written into the nomination it names (every row of that key)."""
    frame = nominations.copy()
    for _, row in adjusted.iterrows():
        match = np.ones(len(frame), dtype=bool)
        for name in key:
            match &= (frame[name].astype(object) == row[name]).to_numpy()
        column = APPRAISAL_FIELD_COLUMNS[row["item"]]
        frame[column] = frame[column].astype(object)
        frame.loc[match, column] = _answer(row["item"], row["verified_value"])
    return frame


def _pct(rate: float) -> str:
    return "không có" if pd.isna(rate) else f"{rate:.1%}".replace(".", ",")


def pending_notes(verification: pd.DataFrame) -> pd.Series:
    """Per unit code, what still needs appraisal, in words (the gate's reason); units without any are absent."""
    pending = verification[verification["status"] == NEEDS_APPRAISAL]
    notes = {}
    for unit, rows in pending.groupby("unit_code", sort=True):
        notes[unit] = "; ".join(
            f"Chỉ tiêu {r.item} ({r.item_label_vi}) cần thẩm định: số liệu tự báo cáo {_pct(r.self_rate)} lệch "
            f"{_pct(abs(r.self_rate - r.system_rate) / r.system_rate) if r.system_rate > 0 else _pct(r.self_rate)} "
            f"so với {r.system_name_vi} ({_pct(r.system_rate)})"
            for r in rows.itertuples()
        )
    return pd.Series(notes, dtype=object)


def with_verification(nominees: pd.DataFrame, verification: pd.DataFrame) -> pd.DataFrame:
    """Add ``pending_appraisal`` (the unit's open «cần thẩm định», "" if none) and ``verification`` (in words).

    ``verification`` says whether the nominee's data was verified: the unit's
    criteria a system or the appraisal checked, the nominee's own appraised
    fields, or that everything is self-reported.
    """
    notes = pending_notes(verification)
    pending = pd.Series([notes.get(u, "") for u in nominees["unit_code"]], index=nominees.index, dtype=object)
    done = verification[verification["status"].isin(list(_VERIFIED))]
    criteria = done[~done["item"].isin(list(APPRAISAL_FIELDS))]
    # A reader sees the criterion by name, its code beside it: «Văn bản điện tử được ký số» (TC01).
    named = criteria.assign(named="«" + criteria["item_label_vi"] + "» (" + criteria["item"] + ")")
    per_unit = named.sort_values("item").groupby("unit_code")["named"].agg(", ".join)
    fields = done[done["item"].isin(list(APPRAISAL_FIELDS))].assign(
        person_code=lambda f: f["person_code"].astype(object).where(f["person_code"].notna(), "")
    )
    fields = fields.assign(said=fields["item_label_vi"].str.lower() + ": " + fields["verified_shown"].astype(str))
    per_nominee = fields.groupby(["unit_code", "person_code"])["said"].agg(", ".join)
    person = (
        nominees["person_code"].astype(object).where(nominees["person_code"].notna(), "")
        if "person_code" in nominees.columns
        else pd.Series("", index=nominees.index, dtype=object)
    )
    own = pd.Series(
        [per_nominee.get((u, p), "") for u, p in zip(nominees["unit_code"], person, strict=True)],
        index=nominees.index,
        dtype=object,
    )
    unit_part = [per_unit.get(u, "") for u in nominees["unit_code"]]
    parts = []
    for crit, field, open_note in zip(unit_part, own, pending, strict=True):
        if open_note:
            parts.append("Cần thẩm định (chưa xét khen)")
            continue
        said = ([f"tiêu chí {crit}"] if crit else []) + ([f"hồ sơ: {field}"] if field else [])
        parts.append("Đã kiểm chứng: " + "; ".join(said) if said else "Chưa kiểm chứng (số liệu tự báo cáo)")
    return nominees.assign(pending_appraisal=pending, verification=pd.Series(parts, index=nominees.index, dtype=object))


def with_self_reported(table: pd.DataFrame, verification: pd.DataFrame) -> pd.DataFrame:
    """The criterion table with ``self_reported``: the unit's own counts in words where the scored ones differ.

    For the scorecards of the report and of the feedback workbook, which show
    both values where an appraisal or a system replaced the unit's figure.
    """
    adjusted = verification[(verification["status"] == ADJUSTED) & ~verification["item"].isin(list(APPRAISAL_FIELDS))]
    said = {
        (str(r.unit_code), str(r.item)): counts_text(r.self_numerator, r.self_denominator)
        for r in adjusted.itertuples()
    }
    keys = zip(table["unit_code"].astype(str), table["criterion_code"].astype(str), strict=True)
    return table.assign(self_reported=pd.Series([said.get(k) for k in keys], index=table.index, dtype=object))
