"""Assemble the nominees, judge them and produce the award list.

Brings together the clean nominations, the unit scores, the register of
dossiers received and the params; the rules themselves live in
:mod:`lib.scoring.gates` and :mod:`lib.scoring.selection`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd

from lib.contract.formats import fmt_score
from lib.contract.labels import ACCEPTED, ANNUAL_RATINGS, COLLECTIVE, INDIVIDUAL, INITIATIVE_LEVELS
from lib.contract.params import Params
from lib.contract.tables import NOMINEE_COLUMNS
from lib.ingest.text_repair import fold_key
from lib.scoring import gates
from lib.scoring import selection as sel
from lib.scoring.scores import RUBRIC_PARTS, individual_points
from lib.scoring.verification import verification_of, with_verification


def register_dates(register: pd.DataFrame) -> dict[str, dt.date | None]:
    """The register's date of record per unit: the date for the deadline wherever the register has the unit.

    The last date when a unit sent twice; None when a row of the unit has no
    readable date (its dossier then cannot be judged on time: the register is
    authoritative, and the unit's own declared date does not stand in for it).
    """
    out: dict[str, dt.date | None] = {}
    for unit, dates in register.groupby("unit_code", sort=True)["received_on"]:
        readable = [d for d in dates if isinstance(d, dt.date)]
        out[str(unit)] = max(readable) if len(readable) == len(dates) else None
    return out


def _received(frame: pd.DataFrame, register_dates: dict[str, Any]) -> pd.DataFrame:
    """The register date wherever the register has the unit; the declared date only where it has none."""
    in_register = frame["unit_code"].isin(list(register_dates))
    logged = frame["unit_code"].map(lambda u: register_dates.get(u))
    frame = frame.assign(received_on=logged.where(in_register, frame["dossier_sent_on"]).astype(object))
    return frame.assign(received_source=in_register.map({True: "so_tiep_nhan", False: "khai_bao"}))


def collective_nominees(
    nominations: pd.DataFrame, scores: pd.DataFrame, products: pd.DataFrame, register_dates: dict[str, Any]
) -> pd.DataFrame:
    """One row per unit nominating itself, with everything the gates read."""
    units = scores[
        ["unit_code", "unit_name", "unit_group", "admin_level", "score", "data_complete", "n_missing", "measured_share"]
    ]
    frame = nominations.merge(units, on="unit_code", how="left", validate="one_to_one")
    frame["n_products"] = frame["unit_code"].map(products.groupby("unit_code").size()).fillna(0).astype(int)
    frame = frame.assign(
        nominee_code=frame["unit_code"],
        person_code=None,
        nominee_name=frame["unit_name"],
        position="",
        is_leader=False,
        is_head=False,
    )
    frame[list(RUBRIC_PARTS)] = np.nan  # a collective is scored on the criteria, not the rubric
    return _received(frame, register_dates)


def individual_nominees(
    nominations: pd.DataFrame,
    scores: pd.DataFrame,
    products: pd.DataFrame,
    register_dates: dict[str, Any],
    params: Params,
) -> pd.DataFrame:
    """One row per nominated person, scored on the one individual scale of params.

    ``is_head`` is the row's "Là người đứng đầu đơn vị" (judged on the
    collective: the unit's ``unit_score``, ``unit_data_complete``,
    ``measured_share`` and products); ``is_leader`` is who counts as a leader
    for the priority rule (:func:`holds_leadership`).
    """
    units = scores[["unit_code", "unit_name", "unit_group", "admin_level", "measured_share"]].assign(
        unit_score=scores["score"], unit_data_complete=scores["data_complete"]
    )
    frame = nominations.merge(units, on="unit_code", how="left", validate="many_to_one")
    frame["n_products"] = frame["unit_code"].map(products.groupby("unit_code").size()).fillna(0).astype(int)
    frame["products_declared"] = frame["products_led"]
    frame["products_led"] = products_credited(frame["products_led"], frame["products_listed"])
    frame["is_head"] = frame["is_leader"]
    frame["is_leader"] = holds_leadership(frame, params.priority.leader_positions)
    parts = individual_points(frame, scores.set_index("unit_code")["score"], params.individual_rubric)
    frame[list(RUBRIC_PARTS)] = parts
    frame["score"] = parts.sum(axis=1)
    frame = frame.assign(
        nominee_code=public_person_codes(frame),
        nominee_name=frame["full_name"].where(frame["full_name"].notna(), "(không ghi họ tên)"),
        same_person_name=frame["same_person_as"].map(scores.set_index("unit_code")["unit_name"]),
        code_repeated=frame.sort_values("source_row").duplicated(["unit_code", "person_code"]).reindex(frame.index)
        & frame["person_code"].notna(),
    )
    return _received(frame, register_dates)


def holds_leadership(frame: pd.DataFrame, titles: tuple[str, ...]) -> pd.Series:
    """Who leads, for the law's priority at equal score (SPEC §4: anyone in a leading or managing position).

    A unit head always; otherwise the row's explicit «Giữ chức vụ lãnh đạo,
    quản lý» where given, else a leadership title of params
    ``priority.leader_positions`` found in the position as whole words,
    compared in NFC without regard to case.
    """
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(fold_key(t))}(?!\w)" for t in titles))
    by_title = frame["position"].map(lambda p: isinstance(p, str) and bool(pattern.search(fold_key(p))))
    declared = frame["leads_declared"] if "leads_declared" in frame.columns else pd.Series(None, index=frame.index)
    leads = declared.where(declared.notna(), by_title).astype(bool)
    return leads | gates.is_yes(frame["is_head"])


def public_person_codes(nominees: pd.DataFrame) -> pd.Series:
    """The published code of each nominated person: unit code + "-CN" + the row's order in the unit's sheet.

    The person code a unit typed may be anything, a citizen ID included, so it
    is never published (it stays in data/processed for joins). The derived
    code is stable for the same inputs: the n-th nomination row of unit
    22903 is always "22903-CN0n", blank or repeated person codes included.
    """
    order = nominees.sort_values(["unit_code", "source_row"], kind="stable").groupby("unit_code").cumcount() + 1
    return nominees["unit_code"].astype(str) + "-CN" + order.reindex(nominees.index).map("{:02d}".format)


def products_credited(declared: pd.Series, listed: pd.Series) -> pd.Series:
    """Products led as scored: the lower of the declared number and the products sheet's (SPEC §4).

    A blank declared number leaves the products sheet's count (the claim is
    missing, the evidence is not; the blank has its own finding).
    """
    listed = listed.astype(float).fillna(0.0)
    return declared.astype(float).where(declared.notna(), listed).clip(upper=listed)


def _collective_reasons(row: pd.Series) -> str:
    parts = [f"Điểm đánh giá {fmt_score(row['score'])}/100", f"{row['n_products']} sản phẩm chuyển đổi số năm 2023"]
    if isinstance(row.get("achievement_summary"), str):
        parts.append(row["achievement_summary"])
    return "; ".join([*parts, *_declared_date_note(row)])


def _individual_reasons(row: pd.Series) -> str:
    if row["is_head"] is True:
        parts = [
            f"Điểm thành tích {fmt_score(row['score'])}/100, người đứng đầu đơn vị xét theo thành tích tập thể: "
            f"điểm tập thể {fmt_score(row['unit_score'])}/100, {row['n_products']} sản phẩm chuyển đổi số của đơn vị"
        ]
        if _positive(row["training_courses"]):
            parts.append(f"hoàn thành {int(row['training_courses'])} khóa bồi dưỡng kỹ năng số")
    else:
        parts = [f"Điểm thành tích {fmt_score(row['score'])}/100"]
        if _positive(row["products_led"]):
            led = f"{row['products_led']:g}".replace(".", ",")
            parts.append(f"chủ trì {led} sản phẩm chuyển đổi số (theo danh sách sản phẩm đơn vị gửi)")
        if (
            isinstance(row["initiative_level"], str)
            and row["initiative_level"] != "khong"
            and isinstance(row.get("initiative_name"), str)
        ):
            parts.append(f"sáng kiến «{row['initiative_name']}» ({INITIATIVE_LEVELS[row['initiative_level']].lower()})")
        if _positive(row["training_courses"]):
            parts.append(f"hoàn thành {int(row['training_courses'])} khóa bồi dưỡng kỹ năng số")
    parts.append(f"xếp loại: {ANNUAL_RATINGS[row['annual_rating']].lower()}")
    if isinstance(row.get("achievement_summary"), str):
        parts.append(row["achievement_summary"])
    return "; ".join([*parts, *_declared_date_note(row)])


def _positive(value: object) -> bool:
    """A count above 0; a blank (None or NaN, dropped at reading with its finding) is not."""
    return isinstance(value, int | float) and not pd.isna(value) and value > 0


def _declared_date_note(row: pd.Series) -> list[str]:
    """Say so when the deadline was judged on the unit's own date (the register had no row for it)."""
    if row["received_source"] == "khai_bao":
        return ["đúng hạn theo ngày gửi đơn vị khai (sổ tiếp nhận không có hồ sơ của đơn vị)"]
    return []


def _reasons(judged: pd.DataFrame, describe: Any) -> pd.Series:
    if not len(judged):
        return pd.Series(dtype=str)
    beyond = "Đủ điều kiện; ngoài số lượng đề nghị và dự bị" + judged["cap_note"].map(lambda n: f" ({n})" if n else "")
    reasons = beyond.where(judged["status"] == sel.BEYOND, judged["failed_reasons"])
    # Achievements are spelled out only for the few on the list (recommended and reserve).
    listed = judged["status"].isin([sel.RECOMMENDED, sel.RESERVE])
    if listed.any():
        reasons[listed] = judged[listed].apply(describe, axis=1)
    return reasons


class NomineeAccountingError(RuntimeError):
    """A nominee read from a file is missing from the award list (or one appears that was not read)."""


def check_nominees_listed(awards: pd.DataFrame, submissions: pd.DataFrame) -> None:
    """Every nominee read reaches the award list: per unit, nominees read (ingest) = rows listed.

    The two sides are counted apart: ingest counts the nomination rows its
    sheets gave, before any rule; this counts the award list's rows.
    """
    read = submissions.loc[submissions["status"] == ACCEPTED].groupby("unit_code")["nominees_read"].sum()
    listed = awards.groupby("unit_code").size()
    both = pd.concat([read.rename("read"), listed.rename("listed")], axis=1).fillna(0).astype(int)
    off = both[both["read"] != both["listed"]]
    if len(off):
        shown = ", ".join(f"{unit}: {r.read} đọc, {r.listed} trong danh sách" for unit, r in off.iterrows())
        raise NomineeAccountingError(f"nominees read and listed differ for {len(off)} unit(s): {shown}")


def build_award_list(
    tables: dict[str, pd.DataFrame], scores: pd.DataFrame, register_dates: dict[str, Any], params: Params
) -> pd.DataFrame:
    """The whole decision: every nominee with status, rank, score and reasons."""
    caps, reserves = params.caps, params.reserves
    collectives = collective_nominees(tables["collective_nominations"], scores, tables["products"], register_dates)
    collectives = with_verification(collectives, verification_of(tables))
    collectives = gates.apply_gates(collectives, gates.collective_gates(collectives, params))
    judged_c = sel.select(
        collectives, cap=caps.collectives, reserves=reserves.collectives, group_caps=caps.collectives_per_group
    )
    judged_c["reasons"] = _reasons(judged_c, _collective_reasons)
    recommended_units = set(judged_c.loc[judged_c["status"] == sel.RECOMMENDED, "unit_code"])

    people = individual_nominees(tables["individual_nominations"], scores, tables["products"], register_dates, params)
    people = with_verification(people, verification_of(tables))
    person_gates = [*gates.individual_gates(people, params), gates.not_same_achievement(people, recommended_units)]
    people = gates.apply_gates(people, person_gates)
    judged_i = sel.select(
        people,
        cap=caps.individuals,
        reserves=reserves.individuals,
        group_caps=caps.individuals_per_group,
        unit_cap=caps.individuals_per_unit,
    )
    judged_i["reasons"] = _reasons(judged_i, _individual_reasons)
    out = pd.concat([judged_c.assign(kind=COLLECTIVE), judged_i.assign(kind=INDIVIDUAL)], ignore_index=True)
    status_order = {sel.RECOMMENDED: 0, sel.RESERVE: 1, sel.BEYOND: 2, sel.EXCLUDED: 3}
    out = out.assign(_k=out["kind"].map({COLLECTIVE: 0, INDIVIDUAL: 1}), _s=out["status"].map(status_order))
    out = out.sort_values(["_k", "_s", "rank", "nominee_code"], kind="stable", na_position="last")
    return out[list(NOMINEE_COLUMNS)].reset_index(drop=True)
