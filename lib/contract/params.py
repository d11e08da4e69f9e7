"""Load the run parameters, refuse a wrong file before anything runs, hand on a typed object.

The params file is what the council may change; a typo in it must stop the
run at once with the key that is wrong, not surface as a strange score three
notebooks later. :func:`load_params` validates the file (:func:`validate_params`,
messages naming the key), refuses keys it does not know, and returns a frozen
:class:`Params`: every stage reads ``params.caps.collectives``, never a string
look-up into a dictionary.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import math
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from lib.contract.labels import ANNUAL_RATINGS, INITIATIVE_LEVELS, SHARED_PRODUCTS_VI

# A criterion code is any short safe code (it names columns such as ``<code>_rate`` and files' cells).
CRITERION_CODE = re.compile(r"[A-Za-z0-9_.-]{1,20}")
KPI_METHODS = ("pooled", "share_full")
MEASURES = ("rate", "count")
# A criterion's short name heads a narrow column of the league tables (two lines of ~13 characters).
SHORT_LABEL_MAX = 26
# Choices of the Monte Carlo uncertainty model (lib.scoring.robustness implements them).
ATTAINMENT_METHODS = ("capped", "linear", "minmax")
AGGREGATIONS = ("arithmetic", "geometric")
WEIGHT_METHODS = ("uniform", "dirichlet")


SHARED_PRODUCTS = tuple(SHARED_PRODUCTS_VI)
# A run's name: the stem of params/<run>.yaml and the folder outputs/<run>/.
RUN_NAME = re.compile(r"[A-Za-z0-9_-]+")


class ParamsError(ValueError):
    """A params file that cannot be used; the message names the key."""


def _load(path: Path) -> tuple[dict[str, Any], Params]:
    """The file's plain data and its typed object, validated once; errors name the file and the key."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ParamsError(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        raise ParamsError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ParamsError(f"{path}: the top level must be a mapping of keys")
    try:
        return data, parse_params(data)
    except ParamsError as exc:
        raise ParamsError(f"{path}: {exc}") from None


def read_params_data(path: str | Path) -> dict[str, Any]:
    """The params file as plain data (validated), for a tool that writes a changed copy of it."""
    return _load(Path(path))[0]


def load_params(path: str | Path) -> Params:
    """Read, validate and type a params file; raise ParamsError naming the file and the bad key."""
    return _load(Path(path))[1]


def parse_params(data: Mapping[str, Any]) -> Params:
    """Validate params given as plain data (as read from yaml) and return the typed object."""
    data = copy.deepcopy(dict(data))
    validate_params(data)
    return _build(Params, data, "")


def _get(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str = "") -> Any:
    name = f"{where}{key}"
    if key not in data:
        raise ParamsError(f"{name}: required key is missing")
    value = data[key]
    # bool is an int in Python; a weight of `true` is a mistake, not 1.
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise ParamsError(f"{name}: expected {_kind_name(kind)}, got {value!r}")
    if not isinstance(value, kind):
        raise ParamsError(f"{name}: expected {_kind_name(kind)}, got {value!r}")
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(k.__name__ for k in kinds)


def _date(data: dict[str, Any], key: str, where: str = "") -> dt.date:
    value = data.get(key)
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ParamsError(f"{where}{key}: expected a date YYYY-MM-DD, got {value!r}")
    return value


def _non_negative_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ParamsError(f"{name}: expected a whole number ≥ 0, got {value!r}")
    return value


def validate_params(data: dict[str, Any]) -> None:
    """Check every key the pipeline reads; raise ParamsError at the first bad one."""
    year = _get(data, "year", int)
    for key in ("province", "title", "movement", "issuing_body", "plan_reference"):
        _get(data, key, str)
    _get(data, "sample_data", bool)
    period = _get(data, "period", dict)
    start, end = _date(period, "start", "period."), _date(period, "end", "period.")
    if not start <= end or start.year != year:
        raise ParamsError("period: start must be in `year` and not after end")
    _date(data, "as_of")
    legal = _get(data, "legal_basis", list)
    if not legal or not all(isinstance(x, str) for x in legal):
        raise ParamsError("legal_basis: expected a non-empty list of texts")
    award = _get(data, "award", dict)
    _get(award, "name", str, "award.")
    deadline = _date(award, "deadline", "award.")
    if deadline.year not in (year, year + 1):
        raise ParamsError(f"award.deadline: expected a date in {year} or early {year + 1}, got {deadline}")
    _get(award, "deadline_inclusive", bool, "award.")
    _get(award, "deadline_label", str, "award.")
    _validate_criteria(_get(data, "criteria", list))
    _validate_kpis(_get(data, "province_kpis", list), {c["code"] for c in data["criteria"]})
    _validate_bands(_get(data, "bands", list))
    _validate_eligibility(_get(data, "eligibility", dict))
    _validate_scoring(_get(data, "scoring", dict), data["criteria"])
    _validate_rubric(_get(data, "individual_rubric", dict))
    _validate_priority(_get(data, "priority", dict))
    _validate_caps(_get(data, "caps", dict), _get(data, "reserves", dict))
    ingest = _get(data, "ingest", dict)
    tolerance = _get(ingest, "rate_tolerance", (int, float), "ingest.")
    if not 0 <= tolerance < 1:
        raise ParamsError(f"ingest.rate_tolerance: expected a number in [0, 1), got {tolerance!r}")
    _non_negative_int(_get(ingest, "header_search_rows", int, "ingest."), "ingest.header_search_rows")
    _validate_limits(_get(ingest, "limits", dict, "ingest."))
    _validate_text_kept(ingest)
    _non_negative_int(_get(data, "chart_seed", int), "chart_seed")
    report = _get(data, "report", dict)
    for key in ("max_table_rows", "max_scorecards"):
        if _non_negative_int(_get(report, key, int, "report."), f"report.{key}") < 1:
            raise ParamsError(f"report.{key}: must be at least 1")
    _validate_uncertainty(_get(data, "uncertainty", dict))
    _validate_annex(_get(data, "annex", dict))
    _validate_verification(data.get("verification", {}), {c["code"]: c["measure"] for c in data["criteria"]})
    _validate_prize_money(_get(data, "prize_money", dict), data["as_of"])
    _validate_documents(_get(data, "documents", dict))
    _validate_structure(data)
    _validate_dossier(data)
    _validate_short_names(data)
    _validate_award_history(data.get("award_history", {}))
    _validate_mode(data)
    _validate_previous_run(data)


def _validate_award_history(block: Any) -> None:
    """award_history: the movement's names in the history file and the rule for products already rewarded."""
    where = "award_history."
    if not isinstance(block, dict):
        raise ParamsError(f"award_history: expected a mapping, got {block!r}")
    if "movement_names" in block:
        _texts(block, "movement_names", where)
    if "product_rule" in block and _get(block, "product_rule", str, where) not in PRODUCT_RULES:
        raise ParamsError(f"{where}product_rule: expected one of {PRODUCT_RULES}, got {block['product_rule']!r}")


def _validate_previous_run(data: dict[str, Any]) -> None:
    """``previous_run`` (optional): the run this one is compared with, a run name such as 2022 (yaml may read it
    as a number; it is kept as text, the name of ``params/<run>.yaml`` and ``outputs/<run>/``)."""
    value = data.get("previous_run")
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not RUN_NAME.fullmatch(str(value)):
        raise ParamsError(f"previous_run: expected a run name (letters, digits, - or _), got {value!r}")
    if str(value) == str(data["year"]):
        raise ParamsError(f"previous_run: a run cannot be compared with its own year ({value!r})")
    data["previous_run"] = str(value)


def _positive_number(block: dict[str, Any], key: str, where: str) -> float:
    value = _get(block, key, (int, float), where)
    if not value > 0:
        raise ParamsError(f"{where}{key}: must be > 0, got {value!r}")
    return value


def _texts(block: dict[str, Any], key: str, where: str, allow_empty: bool = False) -> list[str]:
    values = _get(block, key, list, where)
    if (not values and not allow_empty) or not all(isinstance(v, str) and v.strip() for v in values):
        wanted = "a list of texts" if allow_empty else "a non-empty list of texts"
        raise ParamsError(f"{where}{key}: expected {wanted}, got {values!r}")
    return values


def _validate_prize_money(block: dict[str, Any], as_of: dt.date) -> None:
    """``prize_money``: base salary, coefficients and rounding of Decree 91/2017; the salary in force by ``as_of``.

    The decree pays on the base salary in force when the decision is signed, which is after the
    evaluation date: a base salary that only starts later would print a sum nobody may pay yet.
    """
    where = "prize_money."
    for key in ("legal_basis", "base_salary_basis"):
        _get(block, key, str, where)
    _non_negative_int(_get(block, "base_salary", int, where), f"{where}base_salary")
    if _date(block, "base_salary_from", where) > as_of:
        raise ParamsError(f"{where}base_salary_from: {block['base_salary_from']} is after as_of ({as_of})")
    for key in ("individual_coefficient", "collective_multiple"):
        _positive_number(block, key, where)
    if _non_negative_int(_get(block, "rounding_unit", int, where), f"{where}rounding_unit") < 1:
        raise ParamsError(f"{where}rounding_unit: must be at least 1 đồng")


DOCUMENT_PAGE_KEYS = ("width_mm", "height_mm", "top_mm", "bottom_mm", "left_mm", "right_mm", "header_mm")
DOCUMENT_HEADER_KEYS = ("left_mm", "right_mm", "issuer_rule_mm", "motto_rule_mm", "title_rule_mm")
DOCUMENT_PARAGRAPH_KEYS = ("first_line_mm", "space_after_pt", "line_spacing")
DOCUMENT_FONT_SIZES = (
    "body_pt", "national_title_pt", "motto_pt", "issuer_pt", "title_pt",
    "recipients_title_pt", "recipients_pt", "table_pt", "page_number_pt",
)  # fmt: skip


def _validate_documents(block: dict[str, Any]) -> None:
    """``documents``: issuers, symbols, page, header and fonts of the Tờ trình and the draft decision.

    The ranges of Nghị định 30/2020 are the council's to respect (tests check the committed params files against them);
    here every length and size must be a positive number and the header must fit the text width.
    """
    where = "documents."
    for key in ("templates", "place"):
        _get(block, key, str, where)
    for doc in ("to_trinh", "quyet_dinh"):
        at = f"{where}{doc}."
        issuer = _get(block, doc, dict, where)
        _texts(issuer, "parent_body", at, allow_empty=True)
        _texts(issuer, "issuer", at)
        _get(issuer, "symbol", str, at)
        if "authority_basis" in issuer:
            _texts(issuer, "authority_basis", at, allow_empty=True)
    layout = (("page", DOCUMENT_PAGE_KEYS), ("header", DOCUMENT_HEADER_KEYS), ("paragraph", DOCUMENT_PARAGRAPH_KEYS))
    for key, names in layout:
        part = _get(block, key, dict, where)
        for name in names:
            _positive_number(part, name, f"{where}{key}.")
    page, header = block["page"], block["header"]
    text_width = page["width_mm"] - page["left_mm"] - page["right_mm"]
    if abs(header["left_mm"] + header["right_mm"] - text_width) > 0.5:
        raise ParamsError(
            f"{where}header: left_mm + right_mm must equal the text width "
            f"(page width - left - right = {text_width:g} mm), got {header['left_mm'] + header['right_mm']:g}"
        )
    fonts = _get(block, "fonts", dict, where)
    _get(fonts, "name", str, f"{where}fonts.")
    for name in DOCUMENT_FONT_SIZES:
        _positive_number(fonts, name, f"{where}fonts.")


ANNEX_FIELDS = ("document", "number", "symbol", "date", "issuer")


def _validate_annex(block: dict[str, Any]) -> None:
    """The annex line: texts, a date that is a date or a dotted text, and a line using only known fields."""
    for key in (*ANNEX_FIELDS, "line"):
        if key != "date":
            _get(block, key, str, "annex.")
    date = block.get("date")
    if isinstance(date, dt.datetime) or not isinstance(date, dt.date | str):
        raise ParamsError(f"annex.date: expected a date YYYY-MM-DD or a text such as «……/……/yyyy», got {date!r}")
    try:
        block["line"].format(**dict.fromkeys(ANNEX_FIELDS, ""))
    except (KeyError, IndexError, ValueError) as exc:
        raise ParamsError(
            f"annex.line: may use only {', '.join('{' + f + '}' for f in ANNEX_FIELDS)}; got {block['line']!r}"
        ) from exc


RUN_MODES = ("year_end", "review")
REVIEW_TEXTS = ("no_award_vi", "nominees_vi", "feedback_title_vi", "feedback_note_vi")
# The names a review text may use, each filled from params (Params.review_text) or the run's counts.
REVIEW_FIELDS = ("award", "deadline", "deadline_label", "period_start", "period_end", "as_of", "nominees")


def _validate_mode(data: dict[str, Any]) -> None:
    """`mode` (default year_end) and, for a six-month review, its `review` words using only known names.

    A review run keeps every other block of the year's file (award, caps, documents, annex, prize money stay
    validated and unused), so a review file is a copy of the year's with period, as_of, title and mode changed.
    """
    mode = data.get("mode", "year_end")
    if mode not in RUN_MODES:
        raise ParamsError(f"mode: expected one of {', '.join(RUN_MODES)}, got {mode!r}")
    if mode == "year_end" and "review" not in data:
        return
    block = _get(data, "review", dict)
    if mode == "year_end":  # the defaults a year-end Params carries back through to_data()
        return
    for key in REVIEW_TEXTS:
        text = _get(block, key, str, "review.")
        try:
            text.format(**dict.fromkeys(REVIEW_FIELDS, ""))
        except (KeyError, IndexError, ValueError) as exc:
            names = ", ".join("{" + f + "}" for f in REVIEW_FIELDS)
            raise ParamsError(f"review.{key}: may use only {names}; got {text!r}") from exc
        if not text.strip():
            raise ParamsError(f"review.{key}: expected a non-empty text")


# ingest.limits: key -> (type, smallest value allowed)
LIMIT_KEYS: dict[str, tuple[type | tuple[type, ...], float]] = {
    "max_file_mb": ((int, float), 0.01),
    "max_uncompressed_mb": ((int, float), 0.01),
    "max_zip_ratio": ((int, float), 1),
    "max_zip_entries": (int, 10),
    "max_sheets": (int, 5),
    "max_rows_per_sheet": (int, 10),
    "max_cells_per_sheet": (int, 100),
    "max_text_chars": (int, 100),
}


def _validate_limits(block: dict[str, Any]) -> None:
    where = "ingest.limits."
    unknown = sorted(set(block) - set(LIMIT_KEYS))
    if unknown:
        raise ParamsError(f"{where}{unknown[0]}: unknown limit; known: {', '.join(LIMIT_KEYS)}")
    for key, (kind, lowest) in LIMIT_KEYS.items():
        value = _get(block, key, kind, where)
        if not value >= lowest:
            raise ParamsError(f"{where}{key}: must be ≥ {lowest:g}, got {value!r}")


def _validate_text_kept(ingest: dict[str, Any]) -> None:
    """``ingest.max_text_kept``: the length optional free text is cut to, at most ``limits.max_text_chars``.

    A cell beyond ``max_text_chars`` is refused unread, before any cut, so a
    kept length above it would be a promise the reader never keeps.
    """
    kept = _get(ingest, "max_text_kept", int, "ingest.")
    refused = ingest["limits"]["max_text_chars"]
    if kept < 1:
        raise ParamsError(f"ingest.max_text_kept: must be ≥ 1, got {kept!r}")
    if kept > refused:
        raise ParamsError(f"ingest.max_text_kept: must be ≤ ingest.limits.max_text_chars ({refused}), got {kept!r}")


def _validate_uncertainty(block: dict[str, Any]) -> None:
    where = "uncertainty."
    samples = _get(block, "samples", int, where)
    if not 1 <= samples <= 100_000:
        raise ParamsError(f"{where}samples: expected a whole number in 1-100000, got {samples!r}")
    _non_negative_int(_get(block, "seed", int, where), f"{where}seed")
    weights = _get(block, "weights", dict, where)
    method = _get(weights, "method", str, f"{where}weights.")
    if method not in WEIGHT_METHODS:
        raise ParamsError(f"{where}weights.method: expected one of {WEIGHT_METHODS}, got {method!r}")
    if method == "uniform":
        spread = _get(weights, "spread", (int, float), f"{where}weights.")
        if not 0 <= spread < 1:
            raise ParamsError(f"{where}weights.spread: expected a number in [0, 1), got {spread!r}")
    else:
        concentration = _get(weights, "concentration", (int, float), f"{where}weights.")
        if not concentration > 0:
            raise ParamsError(f"{where}weights.concentration: must be > 0, got {concentration!r}")
    for key, allowed in (("attainment_methods", ATTAINMENT_METHODS), ("aggregations", AGGREGATIONS)):
        chosen = _get(block, key, list, where)
        if not chosen or any(c not in allowed for c in chosen):
            raise ParamsError(f"{where}{key}: expected a non-empty list from {allowed}, got {chosen!r}")
    floor = _get(block, "geometric_floor", (int, float), where)
    if not 0 < floor <= 1:
        raise ParamsError(f"{where}geometric_floor: expected a number in (0, 1], got {floor!r}")
    threshold = _get(block, "borderline_stability", (int, float), where)
    if not 0 <= threshold <= 1:
        raise ParamsError(f"{where}borderline_stability: expected a number in [0, 1], got {threshold!r}")
    rubric_spread = block.get("rubric_spread", 0.0)
    if isinstance(rubric_spread, bool) or not isinstance(rubric_spread, int | float) or not 0 <= rubric_spread < 1:
        raise ParamsError(f"{where}rubric_spread: expected a number in [0, 1), got {rubric_spread!r}")


SYSTEM_ACTIONS = ("use_system", "needs_appraisal")


def _validate_verification(block: Any, criteria: dict[str, str]) -> None:
    """verification: the appraisal file and the systems of record, each checking one rate criterion."""
    where = "verification."
    if not isinstance(block, dict):
        raise ParamsError(f"verification: expected a mapping, got {block!r}")
    if "appraisal_file" in block:
        _get(block, "appraisal_file", str, where)
    systems = block.get("systems", [])
    if not isinstance(systems, list):
        raise ParamsError(f"{where}systems: expected a list, got {systems!r}")
    files: set[str] = set()
    for i, system in enumerate(systems):
        at = f"{where}systems[{i}]."
        if not isinstance(system, dict):
            raise ParamsError(f"{at[:-1]}: expected a mapping, got {system!r}")
        name = _get(system, "file", str, at)
        if name in files or "/" in name or not name.endswith(".csv"):
            raise ParamsError(f"{at}file: expected a distinct .csv name in systems/, got {name!r}")
        files.add(name)
        _get(system, "name_vi", str, at)
        if criteria.get(_get(system, "criterion", str, at)) != "rate":
            raise ParamsError(f"{at}criterion: {system['criterion']!r} is not a rate criterion of params")
        tolerance = _get(system, "tolerance", (int, float), at)
        if not 0 <= tolerance < 1:
            raise ParamsError(f"{at}tolerance: expected a number in [0, 1), got {tolerance!r}")
        if _get(system, "action", str, at) not in SYSTEM_ACTIONS:
            raise ParamsError(f"{at}action: expected one of {SYSTEM_ACTIONS}, got {system['action']!r}")


def _validate_criteria(criteria: list[Any]) -> None:
    if not criteria:
        raise ParamsError("criteria: at least one criterion is needed")
    seen: set[str] = set()
    for i, crit in enumerate(criteria):
        where = f"criteria[{i}]."
        if not isinstance(crit, dict):
            raise ParamsError(f"criteria[{i}]: expected a mapping")
        code = _get(crit, "code", str, where)
        where = f"criteria[{i}] ({code})."
        if not CRITERION_CODE.fullmatch(code):
            raise ParamsError(f"{where}code: 1-20 letters, digits, '_', '.' or '-', got {code!r}")
        if code in seen:
            raise ParamsError(f"{where}code: criterion listed twice")
        seen.add(code)
        for key in ("label_vi", "label_en", "numerator_vi", "denominator_vi"):
            _get(crit, key, str, where)
        short = _get(crit, "short_vi", str, where)
        if not 0 < len(short) <= SHORT_LABEL_MAX:
            raise ParamsError(f"{where}short_vi: a table header's name, 1-{SHORT_LABEL_MAX} characters, got {short!r}")
        measure = _get(crit, "measure", str, where)
        if measure not in MEASURES:
            raise ParamsError(f"{where}measure: expected one of {MEASURES}, got {measure!r}")
        weight = _get(crit, "weight", (int, float), where)
        if not weight > 0:
            raise ParamsError(f"{where}weight: must be > 0, got {weight!r}")
        targets = _get(crit, "target", dict, where)
        if "default" not in targets:
            raise ParamsError(f"{where}target.default: required key is missing")
        for level, target in targets.items():
            if isinstance(target, bool) or not isinstance(target, int | float):
                raise ParamsError(f"{where}target.{level}: expected a number, got {target!r}")
            if measure == "rate" and not 0 < target <= 1:
                raise ParamsError(f"{where}target.{level}: a rate target must be in (0, 1], got {target!r}")
            if measure == "count" and not target > 0:
                raise ParamsError(f"{where}target.{level}: a count target must be > 0, got {target!r}")
        # Its groups and levels are checked against `structure` (:func:`_validate_structure`).
        if not _get(crit, "applies_to", list, where):
            raise ParamsError(f"{where}applies_to: at least one unit group is needed")


STRUCTURE_KEYS = ("groups", "levels", "commune_level", "parent_level", "parent_label", "name_prefixes")


def _validate_structure(data: dict[str, Any]) -> None:
    """``structure``: the unit groups and admin levels, then every group and level the other blocks name.

    The groups and levels are the params' own (issue 18): a criterion's ``applies_to``, a target's level,
    a KPI's groups and levels, ``scoring.zero_not_plausible`` and the per-group caps must name one of them.
    """
    where = "structure."
    block = _get(data, "structure", dict)
    unknown = sorted(set(block) - set(STRUCTURE_KEYS))
    if unknown:
        raise ParamsError(f"{where}{unknown[0]}: unknown key; known: {', '.join(STRUCTURE_KEYS)}")
    groups, levels = _labels(block, "groups", where), _labels(block, "levels", where)
    commune = _get(block, "commune_level", str, where)
    if commune not in levels:
        raise ParamsError(f"{where}commune_level: {commune!r} is not one of structure.levels ({', '.join(levels)})")
    parent = block.get("parent_level")
    if parent is not None and (parent not in levels or parent == commune):
        raise ParamsError(f"{where}parent_level: a level of structure.levels other than the commune's, or null")
    label = block.get("parent_label")
    if parent is not None and not (isinstance(label, str) and label.strip()):
        raise ParamsError(f"{where}parent_label: the DonVi column's title is needed when parent_level is set")
    _texts(block, "name_prefixes", where, allow_empty=True)
    for i, crit in enumerate(data["criteria"]):
        at = f"criteria[{i}] ({crit['code']})."
        _known(crit["applies_to"], groups, f"{at}applies_to", "unit group", "structure.groups")
        _known([k for k in crit["target"] if k != "default"], levels, f"{at}target", "admin level", "structure.levels")
    for i, kpi in enumerate(data["province_kpis"]):
        _known(kpi.get("levels", []), levels, f"province_kpis[{i}].levels", "admin level", "structure.levels")
        _known(kpi.get("groups", []), groups, f"province_kpis[{i}].groups", "unit group", "structure.groups")
    _known(
        data["scoring"]["zero_not_plausible"], groups, "scoring.zero_not_plausible", "unit group", "structure.groups"
    )
    for key in ("collectives_per_group", "individuals_per_group"):
        _known(data["caps"][key], groups, f"caps.{key}", "unit group", "structure.groups")


def _labels(block: dict[str, Any], key: str, where: str) -> dict[str, str]:
    """A non-empty code -> label mapping with safe codes and non-empty labels."""
    labels = _get(block, key, dict, where)
    if not labels:
        raise ParamsError(f"{where}{key}: at least one is needed")
    for code, label in labels.items():
        if not (isinstance(code, str) and CRITERION_CODE.fullmatch(code)):
            raise ParamsError(f"{where}{key}: code {code!r} must be 1-20 letters, digits, '_', '.' or '-'")
        if not (isinstance(label, str) and label.strip()):
            raise ParamsError(f"{where}{key}.{code}: expected a label, got {label!r}")
    return labels


def _known(codes: Any, known: Mapping[str, str], where: str, kind: str, source: str) -> None:
    """Every code is one of ``known`` (the message names the block that defines them)."""
    for code in codes:
        if code not in known:
            raise ParamsError(f"{where}.{code}: unknown {kind} {code!r}; known ({source}): {', '.join(known)}")


# The yes/no columns of the nomination sheets a dossier may require, per kind (the schemas' fields).
DOSSIER_COLUMNS = {
    "collective": (
        "has_proposal", "has_achievement_report", "has_council_minutes", "has_movement_plan", "has_results_report",
    ),
    "individual": ("has_proposal", "has_achievement_report", "has_council_minutes"),
}  # fmt: skip


def _validate_dossier(data: dict[str, Any]) -> None:
    """``dossier``: per kind, the nomination columns that must say «Có», each with the document's name.

    A key must be a yes/no column of that kind's sheet, so a typo cannot silently waive a document.
    """
    where = "dossier."
    block = _get(data, "dossier", dict)
    _get(block, "basis", str, where)
    unknown = sorted(set(block) - {"basis", *DOSSIER_COLUMNS})
    if unknown:
        raise ParamsError(f"{where}{unknown[0]}: unknown key; known: basis, {', '.join(DOSSIER_COLUMNS)}")
    for kind, columns in DOSSIER_COLUMNS.items():
        documents = _get(block, kind, dict, where)
        for column, name in documents.items():
            if column not in columns:
                raise ParamsError(
                    f"{where}{kind}.{column}: not a dossier column of this sheet; known: {', '.join(columns)}"
                )
            if not (isinstance(name, str) and name.strip()):
                raise ParamsError(f"{where}{kind}.{column}: expected the document's name, got {name!r}")
            try:
                name.format(year=data["year"])
            except (KeyError, IndexError, ValueError) as exc:
                raise ParamsError(f"{where}{kind}.{column}: may use only {{year}}, got {name!r}") from exc


def _validate_short_names(data: dict[str, Any]) -> None:
    """``issuing_body_short``: the standing body's short name for running text (optional; the full name if absent)."""
    if "issuing_body_short" in data:
        _get(data, "issuing_body_short", str)


def _validate_kpis(kpis: list[Any], criteria: set[str]) -> None:
    for i, kpi in enumerate(kpis):
        where = f"province_kpis[{i}]."
        if not isinstance(kpi, dict):
            raise ParamsError(f"province_kpis[{i}]: expected a mapping")
        _get(kpi, "code", str, where)
        _get(kpi, "label_vi", str, where)
        crit = _get(kpi, "criterion", str, where)
        if crit not in criteria:
            raise ParamsError(f"{where}criterion: unknown criterion {crit!r}")
        method = _get(kpi, "method", str, where)
        if method not in KPI_METHODS:
            raise ParamsError(f"{where}method: expected one of {KPI_METHODS}, got {method!r}")
        target = _get(kpi, "target", (int, float), where)
        if not 0 < target <= 1:
            raise ParamsError(f"{where}target: must be in (0, 1], got {target!r}")


def _validate_bands(bands: list[Any]) -> None:
    mins = []
    for i, band in enumerate(bands):
        where = f"bands[{i}]."
        if not isinstance(band, dict):
            raise ParamsError(f"bands[{i}]: expected a mapping")
        _get(band, "code", str, where)
        _get(band, "label_vi", str, where)
        low = _get(band, "min", (int, float), where)
        if not 0 <= low <= 100:
            raise ParamsError(f"{where}min: must be within 0-100, got {low!r}")
        mins.append(low)
    if not mins or mins != sorted(mins, reverse=True) or mins[-1] != 0 or len(set(mins)) != len(mins):
        raise ParamsError("bands: list bands from highest to lowest, distinct minima, the last with min 0")


def _validate_eligibility(elig: dict[str, Any]) -> None:
    coll = _get(elig, "collective", dict, "eligibility.")
    ind = _get(elig, "individual", dict, "eligibility.")
    for where, block in (("eligibility.collective.", coll), ("eligibility.individual.", ind)):
        score = _get(block, "min_score", (int, float), where)
        if not 0 <= score <= 100:
            raise ParamsError(f"{where}min_score: must be within 0-100, got {score!r}")
    _non_negative_int(_get(coll, "min_products", int, "eligibility.collective."), "eligibility.collective.min_products")
    share = _get(elig, "min_measured_share", (int, float), "eligibility.")
    if not 0 <= share <= 1:
        raise ParamsError(f"eligibility.min_measured_share: expected a share in [0, 1], got {share!r}")
    # The coverage gate prints the minimum as a percentage with one decimal; a finer value would print rounded
    # and a refusal could then read "60,0% < 60,0%".
    if abs(share * 1000 - round(share * 1000)) > 1e-9:
        raise ParamsError(
            f"eligibility.min_measured_share: at most a tenth of a percent (three decimals), got {share!r}"
        )
    rating = _get(ind, "min_rating", str, "eligibility.individual.")
    if rating not in ANNUAL_RATINGS:
        raise ParamsError(f"eligibility.individual.min_rating: expected one of {list(ANNUAL_RATINGS)}, got {rating!r}")


def _validate_scoring(block: dict[str, Any], criteria: list[dict[str, Any]]) -> None:
    """``scoring.zero_not_plausible``: per group, rate criteria whose denominator cannot be 0 there."""
    where = "scoring.zero_not_plausible"
    implausible = _get(block, "zero_not_plausible", dict, "scoring.")
    by_code = {c["code"]: c for c in criteria}
    for group, codes in implausible.items():
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ParamsError(f"{where}.{group}: expected a list of criterion codes, got {codes!r}")
        for code in codes:
            crit = by_code.get(code)
            if crit is None:
                raise ParamsError(f"{where}.{group}: unknown criterion {code!r}; known: {', '.join(by_code)}")
            if crit["measure"] != "rate":
                raise ParamsError(f"{where}.{group}: {code} is a count; only a rate has a denominator")
            if group not in crit["applies_to"]:
                raise ParamsError(f"{where}.{group}: {code} does not apply to {group} (criteria: applies_to)")
        if len(set(codes)) != len(codes):
            raise ParamsError(f"{where}.{group}: a criterion is listed twice")


def _validate_rubric(rubric: dict[str, Any]) -> None:
    where = "individual_rubric."
    for key in ("products_led", "training_courses"):
        block = _get(rubric, key, dict, where)
        for sub in ("points_each", "max"):
            value = _get(block, sub, (int, float), f"{where}{key}.")
            if value < 0:
                raise ParamsError(f"{where}{key}.{sub}: must be ≥ 0, got {value!r}")
    for key, codes in (("initiative_level", INITIATIVE_LEVELS), ("annual_rating", ANNUAL_RATINGS)):
        block = _get(rubric, key, dict, where)
        unknown = sorted(set(block) - set(codes))
        if unknown:
            raise ParamsError(f"{where}{key}: unknown codes {unknown}; known: {', '.join(codes)}")
        for code in codes:
            value = _get(block, code, (int, float), f"{where}{key}.")
            if value < 0:
                raise ParamsError(f"{where}{key}.{code}: must be ≥ 0, got {value!r}")
    _validate_unit_head(rubric)
    shared = rubric.get("shared_products", "split")
    if shared not in SHARED_PRODUCTS:
        raise ParamsError(f"{where}shared_products: one of {', '.join(SHARED_PRODUCTS)}, got {shared!r}")
    top = (
        rubric["products_led"]["max"]
        + max(rubric["initiative_level"].values())
        + rubric["training_courses"]["max"]
        + max(rubric["annual_rating"].values())
    )
    if top != 100:
        raise ParamsError(f"individual_rubric: the maxima must add up to 100 points, they add up to {top}")


def _validate_unit_head(rubric: dict[str, Any]) -> None:
    """Steps of the collective's score: minimum 0-100, points from 0 to the initiative maximum (the slot they take)."""
    where = "individual_rubric.unit_head."
    steps = _get(_get(rubric, "unit_head", dict, "individual_rubric."), "collective_score_points", list, where)
    if not steps:
        raise ParamsError(f"{where}collective_score_points: expected at least one step")
    top = max(rubric["initiative_level"].values())
    for i, step in enumerate(steps):
        at = f"{where}collective_score_points[{i}]."
        if not isinstance(step, dict):
            raise ParamsError(f"{at[:-1]}: expected {{min, points}}, got {step!r}")
        low, points = _get(step, "min", (int, float), at), _get(step, "points", (int, float), at)
        if not 0 <= low <= 100:
            raise ParamsError(f"{at}min: expected a score in [0, 100], got {low!r}")
        if not 0 <= points <= top:
            raise ParamsError(f"{at}points: expected 0 to {top:g} (the initiative maximum), got {points!r}")


def _validate_priority(priority: dict[str, Any]) -> None:
    titles = _get(priority, "leader_positions", list, "priority.")
    if not titles or not all(isinstance(t, str) and t.strip() for t in titles):
        raise ParamsError("priority.leader_positions: expected a non-empty list of position titles")


def _validate_caps(caps: dict[str, Any], reserves: dict[str, Any]) -> None:
    for key in ("collectives", "individuals"):
        _non_negative_int(_get(caps, key, int, "caps."), f"caps.{key}")
        _non_negative_int(_get(reserves, key, int, "reserves."), f"reserves.{key}")
    for key in ("collectives_per_group", "individuals_per_group"):
        block = _get(caps, key, dict, "caps.")
        for group, cap in block.items():
            _non_negative_int(cap, f"caps.{key}.{group}")
    per_unit = caps.get("individuals_per_unit")
    if per_unit is not None:
        _non_negative_int(per_unit, "caps.individuals_per_unit")


# The typed object. Field names are the params file's keys; a key the file has and
# these classes do not is refused at load ("unknown key"), so a typo never passes silently.


@dataclass(frozen=True)
class Period:
    """The evaluation period."""

    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Award:
    """The award, its deadline and how the deadline reads."""

    name: str
    deadline: dt.date
    deadline_inclusive: bool
    deadline_label: str


@dataclass(frozen=True)
class Criterion:
    """One criterion: what it measures, its target per admin level, weight, and who it applies to."""

    code: str
    label_vi: str
    short_vi: str
    label_en: str
    measure: str
    numerator_vi: str
    denominator_vi: str
    target: Mapping[str, float]
    weight: float
    applies_to: tuple[str, ...]

    def target_for(self, admin_level: str | None) -> float:
        """The target at a unit's admin level (the default where the level has none)."""
        return float(self.target.get(admin_level or "default", self.target["default"]))


@dataclass(frozen=True)
class Kpi:
    """A province-level indicator of the plan."""

    code: str
    label_vi: str
    criterion: str
    method: str
    target: float
    levels: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Band:
    """A score band of the report (lower bound inclusive)."""

    code: str
    label_vi: str
    min: float


@dataclass(frozen=True)
class CollectiveEligibility:
    """Thresholds a collective nominee must reach."""

    min_score: float
    min_products: int


@dataclass(frozen=True)
class IndividualEligibility:
    """Thresholds an individual nominee must reach."""

    min_score: float
    min_rating: str


@dataclass(frozen=True)
class Eligibility:
    """The award thresholds; ``min_measured_share`` of the applicable weight must be measured (both kinds)."""

    collective: CollectiveEligibility
    individual: IndividualEligibility
    min_measured_share: float


@dataclass(frozen=True)
class Scoring:
    """Scoring rules beyond the criteria: where a denominator of 0 is not believed (counts as missing)."""

    zero_not_plausible: Mapping[str, tuple[str, ...]]

    def implausible_zero(self, group: str) -> tuple[str, ...]:
        """The criteria of a group whose denominator cannot plausibly be 0."""
        return self.zero_not_plausible.get(group, ())


@dataclass(frozen=True)
class PointsEach:
    """Points per item, capped."""

    points_each: float
    max: float


@dataclass(frozen=True)
class ScoreStep:
    """Points for a score at or above ``min``."""

    min: float
    points: float


@dataclass(frozen=True)
class UnitHeadRule:
    """How a unit head's points come from the collective they lead (SPEC §4), on the staff scale."""

    collective_score_points: tuple[ScoreStep, ...]

    def points_for(self, score: float) -> float:
        """Points of the highest step the collective's score reaches; 0 below every step or without a score."""
        return float(self.points_array(np.array([score], dtype=float))[0])

    def points_array(self, scores: np.ndarray) -> np.ndarray:
        """:meth:`points_for` of every score of an array at once (the Monte Carlo's samples)."""
        out = np.zeros(scores.shape, dtype=float)
        for step in self.collective_score_points:
            out = np.where(scores >= step.min, np.maximum(out, step.points), out)
        return out


@dataclass(frozen=True)
class Priority:
    """Who counts as a leader for the law's priority at equal score."""

    leader_positions: tuple[str, ...]


@dataclass(frozen=True)
class Rubric:
    """The individual achievement rubric (0-100 points)."""

    products_led: PointsEach
    initiative_level: Mapping[str, float]
    training_courses: PointsEach
    annual_rating: Mapping[str, float]
    unit_head: UnitHeadRule
    # A product with several leads counts once: "split" credits each of n leads 1/n of it,
    # "first_named" credits the first lead named only.
    shared_products: str = "split"


@dataclass(frozen=True)
class Caps:
    """At most this many recommended, overall and per group or unit."""

    collectives: int
    individuals: int
    collectives_per_group: Mapping[str, int]
    individuals_per_group: Mapping[str, int]
    individuals_per_unit: int | None = None


@dataclass(frozen=True)
class Reserves:
    """How many reserves follow the recommended list."""

    collectives: int
    individuals: int


@dataclass(frozen=True)
class Limits:
    """Resource limits for one submitted file (``ingest.limits``)."""

    max_file_mb: float
    max_uncompressed_mb: float
    max_zip_ratio: float
    max_zip_entries: int
    max_sheets: int
    max_rows_per_sheet: int
    max_cells_per_sheet: int
    max_text_chars: int


@dataclass(frozen=True)
class Ingest:
    """How submissions are read."""

    rate_tolerance: float
    header_search_rows: int
    limits: Limits
    max_text_kept: int


@dataclass(frozen=True)
class ReportLimits:
    """How much the report page shows before pointing to the full files."""

    max_table_rows: int
    max_scorecards: int


@dataclass(frozen=True)
class WeightDraws:
    """How the Monte Carlo draws weights."""

    method: str
    spread: float = 0.0
    concentration: float = 0.0


@dataclass(frozen=True)
class Uncertainty:
    """The Monte Carlo uncertainty model of the ranking."""

    samples: int
    seed: int
    weights: WeightDraws
    attainment_methods: tuple[str, ...]
    aggregations: tuple[str, ...]
    geometric_floor: float
    borderline_stability: float
    rubric_spread: float = 0.0


@dataclass(frozen=True)
class PrizeMoney:
    """The prize money of the award (Decree 91/2017/NĐ-CP, Điều 68 and 73), in whole đồng."""

    legal_basis: str
    base_salary: int
    base_salary_from: dt.date
    base_salary_basis: str
    individual_coefficient: float
    collective_multiple: float
    rounding_unit: int

    def amount(self, coefficient: float) -> int:
        """Coefficient × base salary rounded UP to the rounding unit (Điều 68 khoản 2), in exact arithmetic.

        Exact, because 1.1 × 1,800,000 in floating point is 1,980,000.0000000002 and would round up a step.
        """
        exact = Fraction(str(coefficient)) * self.base_salary
        return math.ceil(exact / self.rounding_unit) * self.rounding_unit

    def individual(self) -> int:
        """What an individual's Bằng khen carries."""
        return self.amount(self.individual_coefficient)

    def collective(self) -> int:
        """What a collective's carries: the multiple of the individual coefficient, rounded once."""
        return self.amount(float(Fraction(str(self.collective_multiple)) * Fraction(str(self.individual_coefficient))))


@dataclass(frozen=True)
class DocumentIssuer:
    """Who issues one document: the header's lines (managing body, issuing body) and the number symbol."""

    parent_body: tuple[str, ...]
    issuer: tuple[str, ...]
    symbol: str
    authority_basis: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentPage:
    """A4 and the margins of Nghị định 30/2020, Phụ lục I (mm)."""

    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    header_mm: float


@dataclass(frozen=True)
class DocumentHeader:
    """The header table's columns and the lengths of its short rules (mm)."""

    left_mm: float
    right_mm: float
    issuer_rule_mm: float
    motto_rule_mm: float
    title_rule_mm: float


@dataclass(frozen=True)
class DocumentParagraph:
    """How a body paragraph is set: first-line indent (mm), space after (pt), line spacing (lines)."""

    first_line_mm: float
    space_after_pt: float
    line_spacing: float


@dataclass(frozen=True)
class DocumentFonts:
    """Typeface and sizes (pt) of each part."""

    name: str
    body_pt: float
    national_title_pt: float
    motto_pt: float
    issuer_pt: float
    title_pt: float
    recipients_title_pt: float
    recipients_pt: float
    table_pt: float
    page_number_pt: float


@dataclass(frozen=True)
class Documents:
    """The Tờ trình and the draft decision: issuers, layout, and the folder of their wording templates."""

    templates: str
    place: str
    to_trinh: DocumentIssuer
    quyet_dinh: DocumentIssuer
    page: DocumentPage
    header: DocumentHeader
    paragraph: DocumentParagraph
    fonts: DocumentFonts


@dataclass(frozen=True)
class SystemCheck:
    """One system of record: its export in systems/, the criterion it checks, the tolerance, what a gap does.

    ``tolerance`` is relative to the system's rate: |self − system| > tolerance × system is a gap.
    ``action``: ``use_system`` (the system's counts replace the unit's) or ``needs_appraisal`` (the
    criterion is marked «cần thẩm định» and the unit is barred until the appraisal file settles it).
    """

    file: str
    name_vi: str
    criterion: str
    tolerance: float
    action: str


@dataclass(frozen=True)
class Verification:
    """Where the appraisal file is, and which systems of record are compared with the units' figures."""

    appraisal_file: str = "appraisal/tham_dinh.csv"
    systems: tuple[SystemCheck, ...] = ()


PRODUCT_RULES = ("all", "any")


@dataclass(frozen=True)
class AwardHistory:
    """What counts as an achievement already rewarded (data/raw/<run>/award_history.csv).

    ``movement_names``: how the history writes this run's movement (compared
    in NFC, case-folded, a trailing «năm yyyy» ignored); a decided award of one
    of them whose period holds the run's year rewarded the same achievement.
    ``product_rule``: ``all`` bars a nominee when every DX product its
    achievement rests on was already rewarded (what remains is a new
    achievement); ``any`` bars it when one was.
    """

    movement_names: tuple[str, ...] = ("Phong trào thi đua Chuyển đổi số",)
    product_rule: str = "all"


@dataclass(frozen=True)
class Annex:
    """The line under the title of award_list.xlsx that attaches it to its Tờ trình or Quyết định."""

    document: str
    number: str
    symbol: str
    date: dt.date | str
    issuer: str
    line: str

    def attached_line(self) -> str:
        """The line as printed: «(Kèm theo Tờ trình số ……/TTr-STTTT ngày ……/……/yyyy của ...)», a date dd/mm/yyyy."""
        date = self.date.strftime("%d/%m/%Y") if isinstance(self.date, dt.date) else self.date
        fields = {"document": self.document, "number": self.number, "symbol": self.symbol, "issuer": self.issuer}
        return self.line.format(**fields, date=date)


@dataclass(frozen=True)
class Structure:
    """The province's administrative structure (params ``structure``): groups, levels, parent, name prefixes.

    ``parent_level`` is the level whose name tells same-named communes apart (None: no level between province
    and commune, a same-named unit must give its code); ``parent_label`` is the DonVi column for that name.
    """

    groups: Mapping[str, str] = field(default_factory=dict)
    levels: Mapping[str, str] = field(default_factory=dict)
    commune_level: str = ""
    parent_level: str | None = None
    parent_label: str | None = None
    name_prefixes: tuple[str, ...] = ()

    def group_label(self, code: str) -> str:
        """A group's label (the code itself for a code params do not know)."""
        return str(self.groups.get(code, code))

    def level_label(self, code: object) -> str:
        """A level's label ("" for a unit without a level)."""
        return str(self.levels.get(code, "")) if isinstance(code, str) else ""


@dataclass(frozen=True)
class Dossier:
    """The documents a nomination's dossier must hold (params ``dossier``), per kind: column -> document name."""

    basis: str = ""
    collective: Mapping[str, str] = field(default_factory=dict)
    individual: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Review:
    """The words of a six-month review run: why it has no award list, and its feedback workbooks' title and note."""

    no_award_vi: str = ""
    nominees_vi: str = ""
    feedback_title_vi: str = ""
    feedback_note_vi: str = ""


@dataclass(frozen=True)
class Params:
    """The whole params file of one run, validated."""

    year: int
    province: str
    title: str
    movement: str
    period: Period
    as_of: dt.date
    chart_seed: int
    report: ReportLimits
    sample_data: bool
    issuing_body: str
    plan_reference: str
    legal_basis: tuple[str, ...]
    award: Award
    criteria: tuple[Criterion, ...]
    province_kpis: tuple[Kpi, ...]
    bands: tuple[Band, ...]
    eligibility: Eligibility
    scoring: Scoring
    individual_rubric: Rubric
    priority: Priority
    caps: Caps
    reserves: Reserves
    ingest: Ingest
    uncertainty: Uncertainty
    prize_money: PrizeMoney
    documents: Documents
    annex: Annex
    verification: Verification = Verification()
    issuing_body_short: str = ""
    structure: Structure = Structure()
    dossier: Dossier = Dossier()
    award_history: AwardHistory = AwardHistory()
    mode: str = "year_end"
    review: Review = Review()
    # The run this one is compared with (report section «So sánh với năm trước»); None: no comparison.
    previous_run: str | None = None
    criteria_by_code: Mapping[str, Criterion] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "criteria_by_code", FrozenMap({c.code: c for c in self.criteria}))

    @property
    def decides_awards(self) -> bool:
        """A year-end run judges nominees and publishes the award list; a six-month review (mode review) does not."""
        return self.mode != "review"

    def review_text(self, template: str, nominees: int = 0) -> str:
        """A review text with its names filled: the award and its year-end deadline, the period, dates dd/mm/yyyy."""
        day = "%d/%m/%Y"
        return template.format(
            award=self.award.name,
            deadline=self.award.deadline.strftime(day),
            deadline_label=self.award.deadline_label,
            period_start=self.period.start.strftime(day),
            period_end=self.period.end.strftime(day),
            as_of=self.as_of.strftime(day),
            nominees=nominees,
        )

    def criterion(self, code: str) -> Criterion:
        """One criterion by code."""
        return self.criteria_by_code[code]

    @property
    def standing_body_short(self) -> str:
        """The standing body's short name for running text (the full name where params give none)."""
        return self.issuing_body_short or self.issuing_body

    @property
    def products_criteria(self) -> tuple[str, ...]:
        """Codes of the count criteria: counted from the products sheet (SanPham), never typed on ChiTieu."""
        return tuple(c.code for c in self.criteria if c.measure == "count")

    def dossier_documents(self, kind: str) -> dict[str, str]:
        """Column -> document name of one kind's dossier ("collective", "individual"), ``{year}`` filled."""
        documents = self.dossier.collective if kind == "collective" else self.dossier.individual
        return {column: name.format(year=self.year) for column, name in documents.items()}

    def criterion_columns(self) -> list[tuple[str, str]]:
        """(code, measure) per criterion, in order: the per-criterion columns of the scores table."""
        return [(c.code, c.measure) for c in self.criteria]

    def to_data(self) -> dict[str, Any]:
        """Back to plain data, as the params file holds it (``parse_params(p.to_data()) == p``)."""
        return _data(self)

    def with_changes(self, changes: Mapping[str, Any]) -> Params:
        """A copy with some values changed by dotted key ("caps.collectives": 2), validated again.

        For what-if runs and tests: the result passes the same checks as a file.
        """
        data = self.to_data()
        for dotted, value in changes.items():
            *path, last = dotted.split(".")
            block = data
            for key in path:
                block = block[int(key)] if isinstance(block, list) else block[key]
            if isinstance(block, list):
                block[int(last)] = value
            else:
                block[last] = value
        return parse_params(data)


class FrozenMap(Mapping):
    """A read-only mapping that, unlike ``types.MappingProxyType``, pickles (params cross process pools)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_items", dict(items))

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Any:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("params are read-only; use Params.with_changes")

    def __reduce__(self) -> tuple[type, tuple[dict[str, Any]]]:
        return (FrozenMap, (self._items,))

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"


def _data(value: Any) -> Any:
    """Plain data of a typed value (dataclasses, read-only mappings and tuples included)."""
    if dataclasses.is_dataclass(value):
        return {f.name: _data(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
    if isinstance(value, Mapping):
        return {k: _data(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_data(v) for v in value]
    return value


def _build(cls: type, data: Mapping[str, Any], where: str) -> Any:
    """An instance of a params dataclass from validated data; unknown keys are refused."""
    known = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ParamsError(f"{where}{unknown[0]}: unknown key; known here: {', '.join(known)}")
    hints = typing.get_type_hints(cls)
    values = {name: _value(hints[name], data[name], f"{where}{name}") for name in known if name in data}
    return cls(**values)


def _value(hint: Any, value: Any, where: str) -> Any:
    """One field's value typed by its annotation."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, f"{where}.")
    if origin is tuple:
        item = args[0]
        return tuple(
            _build(item, v, f"{where}[{i}].") if dataclasses.is_dataclass(item) else v for i, v in enumerate(value)
        )
    if origin is Mapping:
        if typing.get_origin(args[1]) is tuple:
            return FrozenMap({k: tuple(v) for k, v in value.items()})
        return FrozenMap(value)
    return value
