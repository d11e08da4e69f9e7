"""Assemble the nominees, judge them and produce the award list.

Brings together the clean nominations, the unit scores, the register of
dossiers received and the params; the rules themselves live in
:mod:`lib.scoring.gates` and :mod:`lib.scoring.selection`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from lib.contract.formats import fmt_date, fmt_score
from lib.contract.labels import (
    ACCEPTED,
    ANNUAL_RATINGS,
    COLLECTIVE,
    EXCLUDED_STATUSES,
    INDIVIDUAL,
    INITIATIVE_LEVELS,
    MEASURED,
)
from lib.contract.params import Params, Structure
from lib.contract.tables import NOMINEE_COLUMNS
from lib.ingest.inputs import credited_leads
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


# How many of the targets a collective met its achievements name: those the fewest units of its group met.
NOTABLE_TARGETS = 3


@dataclass(frozen=True)
class Evidence:
    """What a nominee's achievements are written from: its own products and criteria, the run's year.

    ``products`` holds per unit its products by name (alphabetical), each with
    the person codes it credits as leads; ``criteria`` per unit the facts of
    :func:`criteria_facts`; ``standing`` per unit its rank in its group and the
    group's number of ranked units; ``structure`` names the groups.
    """

    year: int
    products: dict[str, list[tuple[str, list[str]]]]
    criteria: dict[str, CriteriaFacts]
    standing: dict[str, tuple[int, int]]
    structure: Structure = field(default_factory=Structure)


@dataclass
class CriteriaFacts:
    """A unit's criteria in words: where it alone leads its group (with its value), which targets it meets.

    ``met`` holds, per criterion whose target the unit meets, how many units of
    its group met it out of how many were measured, and the criterion's name;
    ``applicable`` counts the criteria that apply to the unit and arise there.
    """

    leads: list[str] = field(default_factory=list)
    met: list[tuple[int, int, str]] = field(default_factory=list)
    applicable: int = 0

    def notable(self, most: int) -> list[str]:
        """The targets met that the fewest units of the group met (at most ``most``, none met by all, not led)."""
        rare = [(k / n, i, k, n, name) for i, (k, n, name) in enumerate(self.met) if k < n]
        led = {text.split(" (")[0] for text in self.leads}
        picked = sorted((r for r in rare if r[4] not in led), key=lambda r: (r[0], r[1]))[:most]
        return [f"{name} ({k}/{n})" for _, _, k, n, name in sorted(picked, key=lambda r: r[1])]


def evidence(scores: pd.DataFrame, products: pd.DataFrame, params: Params) -> Evidence:
    """The facts the achievements of every nominee are written from, gathered once for the run.

    Scores without the ranks or the per-criterion columns (a frame holding only
    what the gates read) give achievements without the facts they would carry.
    """
    shared = params.individual_rubric.shared_products
    listed: dict[str, list[tuple[str, list[str]]]] = {}
    columns = (products[c] for c in ("unit_code", "product_name", "lead_person_code"))
    for unit, name, lead in zip(*columns, strict=True):
        if isinstance(name, str):
            listed.setdefault(str(unit), []).append((name, credited_leads(lead, shared)))
    # Named in alphabetical order: the achievements do not depend on the order the rows were read in.
    listed = {unit: sorted(items) for unit, items in listed.items()}
    return Evidence(params.year, listed, criteria_facts(scores, params), _standing(scores), params.structure)


def _standing(scores: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Per ranked unit: its rank in its group and how many units of the group are ranked."""
    if "rank_in_group" not in scores.columns:
        return {}
    ranked = scores[scores["rank_in_group"].notna()]
    size = ranked.groupby("unit_group", observed=True).size()
    return {
        str(u): (int(r), int(size[g]))
        for u, r, g in zip(ranked["unit_code"], ranked["rank_in_group"], ranked["unit_group"], strict=True)
    }


def criteria_facts(scores: pd.DataFrame, params: Params) -> dict[str, CriteriaFacts]:
    """Per submitted unit: the criteria it leads its group on, the targets it meets, how many criteria apply.

    A unit leads on a criterion when its value is the highest of the units of
    its group measured on it and no other unit has that value (a tie at 100 %
    shared by many is no lead); at least two units must be measured. A target
    is met when the attainment is 1 (the capped attainment of params). The
    number that apply leaves out "không áp dụng" and "không phát sinh".
    """
    if "submitted" not in scores.columns:
        return {}
    submitted = scores[scores["submitted"].astype(bool)]
    facts = {str(u): CriteriaFacts() for u in submitted["unit_code"]}
    for criterion in params.criteria:
        value_col, status = f"{criterion.code}_{criterion.measure}", f"{criterion.code}_status"
        if value_col not in scores.columns:
            continue
        name = f"«{criterion.label_vi}»"
        for _, group in submitted.groupby("unit_group", observed=True):
            measured = group[group[status] == MEASURED]
            values = measured[value_col].astype(float)
            met_count = int((measured[f"{criterion.code}_attainment"] >= 1).sum())
            top = values.max() if len(values) else np.nan
            for unit, value, attained, state in zip(
                group["unit_code"], group[value_col], group[f"{criterion.code}_attainment"], group[status], strict=True
            ):
                fact = facts[str(unit)]
                if state in EXCLUDED_STATUSES:
                    continue
                fact.applicable += 1
                if state != MEASURED:
                    continue
                if len(values) >= 2 and value == top and (values == top).sum() == 1:
                    fact.leads.append(f"{name} ({_shown_value(value, criterion.measure)})")
                if attained >= 1:
                    fact.met.append((met_count, len(values), name))
    return facts


def _shown_value(value: float, measure: str) -> str:
    """A rate as a percentage with one decimal and a decimal comma; a count as a whole number."""
    return f"{fmt_score(100 * value)}%" if measure == "rate" else f"{value:g}".replace(".", ",")


def _named(names: list[str]) -> str:
    """Names in guillemets, comma-separated: a name's own commas stay readable."""
    return ", ".join(f"«{name}»" for name in names)


def _collective_reasons(row: pd.Series, facts: Evidence) -> str:
    """A recommended or reserve collective's achievements, from its own data only.

    Its score and standing in its group, the criteria it leads its group on (by
    name, with its value), how many targets it meets and, by name, the few
    that the fewest units of its group met, its products put into use (by
    name), and the date its dossier was received.
    """
    unit = str(row["unit_code"])
    head = f"Điểm đánh giá {fmt_score(row['score'])}/100"
    if unit in facts.standing:
        rank, size = facts.standing[unit]
        head += f", xếp thứ {rank}/{size} khối {facts.structure.group_label(row['unit_group'])}"
    parts = [head]
    criteria = facts.criteria.get(unit)
    if criteria is not None and criteria.leads:
        parts.append("dẫn đầu khối về " + ", ".join(criteria.leads))
    if criteria is not None and criteria.applicable:
        line = f"đạt chỉ tiêu {len(criteria.met)}/{criteria.applicable} tiêu chí áp dụng"
        notable = criteria.notable(NOTABLE_TARGETS)
        parts.append(line + (f", nổi bật (số đơn vị của khối đạt): {', '.join(notable)}" if notable else ""))
    names = [name for name, _ in facts.products.get(unit, [])]
    if names:
        parts.append(f"{len(names)} sản phẩm chuyển đổi số đưa vào sử dụng năm {facts.year}: {_named(names)}")
    received = row.get("received_on")
    if row["received_source"] != "khai_bao" and isinstance(received, dt.date):
        parts.append(f"hồ sơ đề nghị nhận ngày {fmt_date(received)}, đúng hạn")
    return "; ".join([*parts, *_declared_date_note(row)])


def _individual_reasons(row: pd.Series, facts: Evidence) -> str:
    """A recommended or reserve person's achievements, from their own data only.

    A unit head: the collective's score and its products by name. Anyone else:
    the products naming them as lead (by name), the initiative and its level in
    words, training. Then the annual rating in words.
    """
    unit = str(row["unit_code"])
    products = facts.products.get(unit, [])
    if row["is_head"] is True:
        names = [name for name, _ in products]
        head = (
            f"Điểm thành tích {fmt_score(row['score'])}/100; người đứng đầu đơn vị, xét theo thành tích tập thể: "
            f"điểm tập thể {fmt_score(row['unit_score'])}/100"
        )
        parts = [head + (f", {len(names)} sản phẩm chuyển đổi số của đơn vị: {_named(names)}" if names else "")]
    else:
        parts = [f"Điểm thành tích {fmt_score(row['score'])}/100"]
        if _positive(row["products_led"]):
            led = f"{row['products_led']:g}".replace(".", ",")
            names = [name for name, leads in products if row["person_code"] in leads]
            parts.append(f"chủ trì {led} sản phẩm chuyển đổi số" + (f": {_named(names)}" if names else ""))
        if (
            isinstance(row["initiative_level"], str)
            and row["initiative_level"] != "khong"
            and isinstance(row.get("initiative_name"), str)
        ):
            level = INITIATIVE_LEVELS[row["initiative_level"]].lower()
            parts.append(f"sáng kiến «{row['initiative_name']}» được công nhận {level}")
    if _positive(row["training_courses"]):
        parts.append(f"hoàn thành {int(row['training_courses'])} khóa bồi dưỡng kỹ năng số")
    parts.append(f"xếp loại năm {facts.year}: {ANNUAL_RATINGS[row['annual_rating']].lower()}")
    return "; ".join([*parts, *_declared_date_note(row)])


def _positive(value: object) -> bool:
    """A count above 0; a blank (None or NaN, dropped at reading with its finding) is not."""
    return isinstance(value, int | float) and not pd.isna(value) and value > 0


def _declared_date_note(row: pd.Series) -> list[str]:
    """Say so when the deadline was judged on the unit's own date (the register had no row for it)."""
    if row["received_source"] == "khai_bao":
        return ["đúng hạn theo ngày gửi đơn vị khai (sổ tiếp nhận không có hồ sơ của đơn vị)"]
    return []


def _reasons(judged: pd.DataFrame, describe: Any, facts: Evidence) -> pd.Series:
    if not len(judged):
        return pd.Series(dtype=str)
    beyond = "Đủ điều kiện; ngoài số lượng đề nghị và dự bị" + judged["cap_note"].map(lambda n: f" ({n})" if n else "")
    reasons = beyond.where(judged["status"] == sel.BEYOND, judged["failed_reasons"])
    # Achievements are spelled out only for the few on the list (recommended and reserve).
    listed = judged["status"].isin([sel.RECOMMENDED, sel.RESERVE])
    if listed.any():
        reasons[listed] = judged[listed].apply(describe, axis=1, facts=facts)
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
        collectives,
        cap=caps.collectives,
        reserves=reserves.collectives,
        group_caps=caps.collectives_per_group,
        commune_level=params.structure.commune_level,
    )
    facts = evidence(scores, tables["products"], params)
    judged_c["reasons"] = _reasons(judged_c, _collective_reasons, facts)
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
        commune_level=params.structure.commune_level,
    )
    judged_i["reasons"] = _reasons(judged_i, _individual_reasons, facts)
    out = pd.concat([judged_c.assign(kind=COLLECTIVE), judged_i.assign(kind=INDIVIDUAL)], ignore_index=True)
    status_order = {sel.RECOMMENDED: 0, sel.RESERVE: 1, sel.BEYOND: 2, sel.EXCLUDED: 3}
    out = out.assign(_k=out["kind"].map({COLLECTIVE: 0, INDIVIDUAL: 1}), _s=out["status"].map(status_order))
    out = out.sort_values(["_k", "_s", "rank", "nominee_code"], kind="stable", na_position="last")
    return list_numbers(out)[list(NOMINEE_COLUMNS)].reset_index(drop=True)


def list_numbers(awards: pd.DataFrame) -> pd.DataFrame:
    """Give each nominee its one printed number (STT), the same in the report and the annex.

    The eligible keep their merit rank, so reserves continue after the
    recommended (6, then 8, 9, 10 when 5 collectives and 7 individuals are
    recommended); the excluded of a kind follow its last rank, in the list's order.
    """
    ranked = awards["rank"].notna()
    last = awards["rank"].where(ranked).groupby(awards["kind"]).transform("max").fillna(0).astype(int)
    after = awards[~ranked].groupby("kind").cumcount().reindex(awards.index) + 1
    number = awards["rank"].astype("Float64").where(ranked, last + after)
    return awards.assign(list_number=number.astype(int))
