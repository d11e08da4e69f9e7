"""Load the run parameters and refuse a wrong file before anything runs.

The params file is what the council may change; a typo in it must stop the
run at once with the key that is wrong, not surface as a strange score three
notebooks later.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from lib.contract.schemas import ADMIN_LEVELS, ANNUAL_RATINGS, INITIATIVE_LEVELS, UNIT_GROUPS

CRITERION_CODES = tuple(f"TC{i:02d}" for i in range(1, 13))
KPI_METHODS = ("pooled", "share_full")
MEASURES = ("rate", "count")
# Choices of the Monte Carlo uncertainty model (lib.scoring.robustness implements them).
ATTAINMENT_METHODS = ("capped", "linear", "minmax")
AGGREGATIONS = ("arithmetic", "geometric")
WEIGHT_METHODS = ("uniform", "dirichlet")


class ParamsError(ValueError):
    """A params file that cannot be used; the message names the key."""


def load_params(path: str | Path) -> dict[str, Any]:
    """Read and validate a params file; raise ParamsError naming the bad key."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ParamsError(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        raise ParamsError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ParamsError(f"{path}: the top level must be a mapping of keys")
    try:
        validate_params(data)
    except ParamsError as exc:
        raise ParamsError(f"{path}: {exc}") from None
    return data


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
    _validate_rubric(_get(data, "individual_rubric", dict))
    _validate_caps(_get(data, "caps", dict), _get(data, "reserves", dict))
    ingest = _get(data, "ingest", dict)
    tolerance = _get(ingest, "rate_tolerance", (int, float), "ingest.")
    if not 0 <= tolerance < 1:
        raise ParamsError(f"ingest.rate_tolerance: expected a number in [0, 1), got {tolerance!r}")
    _non_negative_int(_get(ingest, "header_search_rows", int, "ingest."), "ingest.header_search_rows")
    _validate_limits(_get(ingest, "limits", dict, "ingest."))
    _non_negative_int(_get(data, "chart_seed", int), "chart_seed")
    report = _get(data, "report", dict)
    for key in ("max_table_rows", "max_scorecards"):
        if _non_negative_int(_get(report, key, int, "report."), f"report.{key}") < 1:
            raise ParamsError(f"report.{key}: must be at least 1")
    _validate_uncertainty(_get(data, "uncertainty", dict))


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
        if code not in CRITERION_CODES:
            raise ParamsError(f"{where}code: unknown criterion {code!r}; known: {', '.join(CRITERION_CODES)}")
        if code in seen:
            raise ParamsError(f"{where}code: criterion listed twice")
        seen.add(code)
        for key in ("label_vi", "label_en", "numerator_vi", "denominator_vi"):
            _get(crit, key, str, where)
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
            if level != "default" and level not in ADMIN_LEVELS:
                raise ParamsError(f"{where}target.{level}: unknown admin level; known: {', '.join(ADMIN_LEVELS)}")
            if isinstance(target, bool) or not isinstance(target, int | float):
                raise ParamsError(f"{where}target.{level}: expected a number, got {target!r}")
            if measure == "rate" and not 0 < target <= 1:
                raise ParamsError(f"{where}target.{level}: a rate target must be in (0, 1], got {target!r}")
            if measure == "count" and not target > 0:
                raise ParamsError(f"{where}target.{level}: a count target must be > 0, got {target!r}")
        groups = _get(crit, "applies_to", list, where)
        unknown = [g for g in groups if g not in UNIT_GROUPS]
        if not groups or unknown:
            raise ParamsError(
                f"{where}applies_to: unknown or empty unit groups {unknown}; known: {', '.join(UNIT_GROUPS)}"
            )


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
        for level in kpi.get("levels", []):
            if level not in ADMIN_LEVELS:
                raise ParamsError(f"{where}levels: unknown admin level {level!r}")


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
    rating = _get(ind, "min_rating", str, "eligibility.individual.")
    if rating not in ANNUAL_RATINGS:
        raise ParamsError(f"eligibility.individual.min_rating: expected one of {list(ANNUAL_RATINGS)}, got {rating!r}")


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
    top = (
        rubric["products_led"]["max"]
        + max(rubric["initiative_level"].values())
        + rubric["training_courses"]["max"]
        + max(rubric["annual_rating"].values())
    )
    if top != 100:
        raise ParamsError(f"individual_rubric: the maxima must add up to 100 points, they add up to {top}")


def _validate_caps(caps: dict[str, Any], reserves: dict[str, Any]) -> None:
    for key in ("collectives", "individuals"):
        _non_negative_int(_get(caps, key, int, "caps."), f"caps.{key}")
        _non_negative_int(_get(reserves, key, int, "reserves."), f"reserves.{key}")
    for key in ("collectives_per_group", "individuals_per_group"):
        block = _get(caps, key, dict, "caps.")
        for group, cap in block.items():
            if group not in UNIT_GROUPS:
                raise ParamsError(f"caps.{key}.{group}: unknown unit group")
            _non_negative_int(cap, f"caps.{key}.{group}")
    per_unit = caps.get("individuals_per_unit")
    if per_unit is not None:
        _non_negative_int(per_unit, "caps.individuals_per_unit")



def target_for(criterion: dict[str, Any], admin_level: str | None) -> float:
    """The target that applies at a unit's admin level (default otherwise)."""
    return float(criterion["target"].get(admin_level or "default", criterion["target"]["default"]))
