"""The output contract: every processed and published table, declared once.

Each :class:`Table` names its columns in order, with the type the next
notebook reads back, what the column means, the heading a person sees where
the table reaches a workbook, and whether the column may appear in a published
file. The writers check every frame against its declaration before writing
(:func:`check_columns`), the readers restore types from it, the data
dictionary renders it (:func:`markdown`), and the tests take their column
lists from here instead of copying them.

The tables that carry a unit's submission (indicators, products, nominations)
are declared from the input schemas (:mod:`lib.contract.schemas`): their
columns are the schema's non-personal fields plus where each row came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandera.pandas as pa

from lib.contract import schemas as sc
from lib.contract.params import MEASURES

KINDS = ("str", "int", "Int64", "float", "bool", "date")
# How a raw cell kind of the input schemas is held once clean (NaN-able counts are floats).
_INPUT_KINDS = {"count": "float", "rate": "float", "date": "date", "bool": "bool"}


class ContractError(ValueError):
    """A frame that does not have the columns its table declares."""


@dataclass(frozen=True)
class Column:
    """One column: name, type read back, meaning, heading in workbooks, publishable."""

    name: str
    kind: str
    meaning: str
    heading_vi: str = ""
    public: bool = True

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.name}: unknown kind {self.kind!r}; known: {', '.join(KINDS)}")


@dataclass(frozen=True)
class Table:
    """One table: where it lives, what it is, its columns in order.

    ``per_criterion`` columns repeat for every criterion of params, in the
    criteria's order, after the fixed columns; their names hold ``{code}``
    and ``{measure}`` (e.g. ``TC01_rate``, ``TC10_count``).
    """

    name: str
    description: str
    columns: tuple[Column, ...]
    processed: bool = True
    published: tuple[str, ...] = ()
    per_criterion: tuple[Column, ...] = ()

    def names(self, criteria: Iterable[tuple[str, str]] = ()) -> list[str]:
        """Column names in order; ``criteria`` is (code, measure) per criterion for the per-criterion block."""
        return [c.name for c in self.expanded(criteria)]

    def expanded(self, criteria: Iterable[tuple[str, str]] = ()) -> list[Column]:
        """Every column, the per-criterion block expanded for the given criteria."""
        block = [
            Column(
                c.name.format(code=code, measure=measure), c.kind, c.meaning.format(code=code), c.heading_vi, c.public
            )
            for code, measure in criteria
            for c in self.per_criterion
        ]
        return [*self.columns, *block]

    def kinds(self, criteria: Iterable[tuple[str, str]] = ()) -> dict[str, str]:
        """{column: kind}, the types a reader restores."""
        return {c.name: c.kind for c in self.expanded(criteria)}

    def kind_of(self, name: str) -> str:
        """The declared kind of a column, per-criterion columns included (matched by their pattern)."""
        for col in self.columns:
            if col.name == name:
                return col.kind
        # A fixed suffix ("_status") is more specific than "{measure}", which is tried last.
        for col in sorted(self.per_criterion, key=lambda c: "{measure}" in c.name):
            pattern = re.escape(col.name).replace(r"\{code\}", r"[A-Za-z0-9_]+")
            pattern = pattern.replace(r"\{measure\}", f"(?:{'|'.join(MEASURES)})")
            if re.fullmatch(pattern, name):
                return col.kind
        raise ContractError(f"table {self.name}: column {name!r} is not declared in lib.contract.tables")

    def headings(self) -> dict[str, str]:
        """{column: Vietnamese heading} for the columns that have one."""
        return {c.name: c.heading_vi for c in self.columns if c.heading_vi}

    def column(self, name: str) -> Column:
        """One declared column by name."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"table {self.name} declares no column {name!r}")


def check_columns(table: Table, columns: Sequence[str], criteria: Iterable[tuple[str, str]] = ()) -> None:
    """Refuse a frame whose columns are not exactly the declared ones, in order."""
    expected = table.names(criteria)
    if list(columns) != expected:
        missing = [c for c in expected if c not in columns]
        extra = [c for c in columns if c not in expected]
        raise ContractError(
            f"table {table.name}: columns differ from lib.contract.tables "
            f"(missing {missing}, undeclared {extra}, or another order)"
        )


def _c(name: str, kind: str, meaning: str, heading_vi: str = "", public: bool = True) -> Column:
    return Column(name, kind, meaning, heading_vi, public)


SOURCE_COLUMNS = (
    _c("source_row", "int", "Row of the workbook sheet the value was read from (1-based).", "Dòng"),
    _c("source_sheet", "str", "Sheet the value was read from.", "Trang tính"),
    _c("unit_code", "str", "Registry code of the unit whose file it is.", "Mã đơn vị"),
    _c("file", "str", "The submitted file, relative to data/raw/<run>/.", "Tệp"),
)


def _input_columns(model: type[pa.DataFrameModel]) -> tuple[Column, ...]:
    """The non-personal fields of an input schema, as they are held once clean."""
    out = []
    for name, column in sc.fields(model).items():
        meta = column.metadata or {}
        if meta.get("personal"):
            continue
        kind, meaning = _INPUT_KINDS.get(str(meta.get("kind")), "str"), sc.generic_text(column.description or "")
        out.append(_c(name, kind, meaning, sc.generic_text(str(column.title))))
    return tuple(out)


UNIT_IDENTITY = (
    _c("unit_code", "str", "Registry code of the unit.", "Mã đơn vị"),
    _c("unit_name", "str", "Official name of the unit.", "Tên đơn vị"),
    _c("unit_group", "str", "Emulation group the unit is ranked in.", "Khối thi đua"),
    _c("admin_level", "str", "Administrative level (tinh, huyen, xa); empty for enterprises and organisations.", "Cấp"),
)

REGISTRY = Table(
    "registry",
    "The units taking part (data/raw/<run>/registry.csv, validated).",
    (
        *UNIT_IDENTITY,
        _c("parent_code", "str", "Code of the parent unit (district of a commune).", "Mã đơn vị cấp trên"),
    ),
)
REGISTER = Table(
    "register",
    "The standing body's register of award dossiers received (data/raw/<run>/register.csv, validated).",
    (
        _c("register_no", "str", "Number in the register.", "Số vào sổ"),
        _c("unit_code", "str", "Unit that sent the dossier.", "Mã đơn vị"),
        _c("received_on", "date", "Date the dossier was received.", "Ngày nhận"),
    ),
)
SUBMISSIONS = Table(
    "submissions",
    "One row per file received, and what became of it.",
    (
        _c("file", "str", "The submitted file, relative to data/raw/<run>/.", "Tệp"),
        _c("unit_code", "str", "Unit the file was attributed to; empty when none could be.", "Mã đơn vị"),
        _c("unit_name_submitted", "str", "Unit name as typed in the file.", "Tên đơn vị khai"),
        _c("submitted_on", "date", "Submission date typed in the file.", "Ngày gửi"),
        _c("status", "str", "accepted, superseded (a later file of the unit replaced it) or rejected.", "Trạng thái"),
        _c("problem", "str", "Why the file was rejected or superseded.", "Lý do"),
        _c("rows_read", "int", "Data rows read from the file.", "Số dòng đọc"),
        _c("rows_accepted", "int", "Rows kept.", "Số dòng nhận"),
        _c("rows_rejected", "int", "Rows rejected (each has a finding).", "Số dòng loại"),
        _c(
            "nominees_read",
            "int",
            "Nominees the file's nomination sheets hold, counted as read (the unit itself once, plus one per "
            "person row); every one must reach the award list.",
            "Số đề nghị khen thưởng",
        ),
    ),
)
ISSUES = Table(
    "issues",
    "Every data-quality finding: where, what value, which rule, what was done.",
    (
        _c("unit_code", "str", "Unit the finding concerns; empty when the file could not be attributed.", "Mã đơn vị"),
        _c("file", "str", "File of the finding.", "Tệp"),
        _c("sheet", "str", "Sheet of the finding.", "Trang tính"),
        _c("row", "Int64", "Row of the finding (1-based).", "Dòng"),
        _c("column", "str", "Column heading of the finding.", "Cột"),
        _c("value", "str", "The value as typed, shortened, invisible characters shown as codes.", "Giá trị"),
        _c("rule", "str", "Code of the rule in lib.contract.quality_rules.", "Mã quy tắc"),
        _c("severity", "str", "error (rejected), warning (repaired) or info.", "Mức độ"),
        _c(
            "action",
            "str",
            "What was done: rejected_file, rejected_row, rejected_value, repaired, kept, ignored, excluded "
            "(a nomination listed as not eligible).",
            "Xử lý",
        ),
        _c("message_vi", "str", "What is wrong, in Vietnamese.", "Nội dung"),
        _c("message_en", "str", "What is wrong, in English.", "Message (English)"),
        _c("fix_vi", "str", "How to fix it, in Vietnamese.", "Cách khắc phục"),
        _c("detail", "str", "Further detail.", "Chi tiết"),
    ),
)
INDICATORS = Table(
    "indicators",
    "Criterion values as submitted (sheet ChiTieu), with the derived rate.",
    (
        *_input_columns(sc.IndicatorModel),
        *SOURCE_COLUMNS,
        _c("rate", "float", "numerator / denominator; empty without both counts (a typed rate is no data).", "Tỷ lệ"),
        _c("rate_source", "str", "tu_so_mau_so where the rate comes from the counts; empty otherwise.", "Nguồn"),
    ),
)
PRODUCTS = Table(
    "products",
    "Digital-transformation products put into use (sheet SanPham).",
    (*_input_columns(sc.ProductModel), *SOURCE_COLUMNS),
)
COLLECTIVE_NOMINATIONS = Table(
    "collective_nominations",
    "A unit's nomination of itself for the Certificate of Merit (sheet KhenTapThe).",
    (*_input_columns(sc.CollectiveNominationModel), *SOURCE_COLUMNS),
)
INDIVIDUAL_NOMINATIONS = Table(
    "individual_nominations",
    "Individuals nominated by their unit (sheet KhenCaNhan); ID, phone and e-mail columns are dropped on reading.",
    (
        *_input_columns(sc.IndividualNominationModel),
        *SOURCE_COLUMNS,
        _c(
            "same_person_as",
            "str",
            "Code of the unit whose nomination of the same person (same name and date of birth, or same ID) "
            "is judged instead of this one; empty otherwise.",
            "Đã được đơn vị khác đề nghị",
        ),
        _c(
            "products_listed",
            "float",
            "Products of sheet SanPham naming the person as lead (a shared product counts once, split as "
            "params individual_rubric.shared_products say).",
            "Số sản phẩm ở trang SanPham",
        ),
        _c("has_personal_data", "bool", "The row carried personal identifiers, which were dropped.", public=False),
    ),
)
CRITERION_TABLE = Table(
    "criterion_table",
    "One row per registry unit and criterion: value, target, status, attainment, weight.",
    (
        _c("unit_code", "str", "Registry code of the unit."),
        _c("unit_group", "str", "Emulation group."),
        _c("admin_level", "str", "Administrative level."),
        _c("submitted", "bool", "The unit's latest file was accepted."),
        _c("criterion_code", "str", "Criterion code of params."),
        _c("order", "int", "Position of the criterion in params."),
        _c("measure", "str", "rate or count."),
        _c("applicable", "bool", "The criterion applies to the unit's group."),
        _c("numerator", "float", "Numerator as submitted (the product count for a count criterion)."),
        _c("denominator", "float", "Denominator as submitted."),
        _c("value", "float", "The rate (or count) of record."),
        _c("target", "float", "Target at the unit's admin level."),
        _c("status", "str", "khong_ap_dung, khong_phat_sinh, thieu_so_lieu or co_so_lieu."),
        _c("attainment", "float", "min(value / target, 1); 0 when missing; empty when excluded."),
        _c("met_target", "bool", "The value reaches the target."),
        _c("weight", "float", "The criterion's weight in params."),
        _c("counted_weight", "float", "The weight where the criterion counts for the unit, else 0."),
    ),
)
_SCORE_FIXED = (
    *UNIT_IDENTITY,
    _c("submitted", "bool", "The unit's latest file was accepted.", "Đã nộp"),
    _c("data_complete", "bool", "Submitted, and no applicable criterion is missing.", "Đủ số liệu"),
    _c("score", "float", "Score 0-100, unrounded (the value of record).", "Điểm"),
    _c("band", "str", "Band code of params.", "Xếp loại"),
    _c("rank_in_group", "Int64", "Competition rank within the group (1, 2, 2, 4); empty when not submitted.", "Hạng"),
    _c("n_missing", "int", "Applicable criteria without a valid value.", "Số tiêu chí thiếu"),
    _c(
        "measured_share",
        "float",
        "Share (0-1) of the weight of the criteria that apply to the unit's group that was measured (co_so_lieu); "
        "not arising, missing and rejected values are not measured. Below eligibility.min_measured_share the unit "
        "is barred from awards (không đủ dữ liệu đo lường).",
        "Tỷ trọng có số liệu đo",
    ),
)
_SCORE_PER_CRITERION = (
    _c("{code}_{measure}", "float", "{code}: the rate (or count) of record."),
    _c("{code}_attainment", "float", "{code}: attainment 0-1."),
    _c("{code}_status", "str", "{code}: criterion status."),
)
SCORES = Table(
    "scores",
    "One row per registry unit: score, band, rank, and per criterion value, attainment and status.",
    _SCORE_FIXED,
    published=("scores.csv",),
    per_criterion=_SCORE_PER_CRITERION,
)
PROVINCE_KPIS = Table(
    "province_kpis",
    "The plan's province-level indicators against their targets.",
    (
        _c("code", "str", "KPI code of params."),
        _c("label_vi", "str", "KPI label."),
        _c("criterion_code", "str", "Criterion the KPI is computed from."),
        _c("method", "str", "pooled (Σ numerators / Σ denominators) or share_full (share of units at 100 %)."),
        _c("levels", "str", "Admin levels the KPI is restricted to, comma-separated; empty for all."),
        _c("groups", "str", "Unit groups the KPI is restricted to, comma-separated; empty for all."),
        _c("value", "float", "The KPI value."),
        _c("target", "float", "The plan's target."),
        _c("met", "bool", "value ≥ target."),
        _c("n_units", "int", "Units in the KPI's denominator: with a value (pooled), or every unit concerned (share)."),
        _c(
            "n_concerned", "int", "Units the KPI concerns: its criterion applies, in its groups and levels, and arises."
        ),
        _c("n_reported", "int", "Units concerned with a value of record (the others did not report or are missing)."),
        _c("coverage", "float", "n_reported / n_concerned."),
    ),
    published=("province_kpis.csv",),
)
_NOMINEE = (
    _c("kind", "str", "tap_the (collective) or ca_nhan (individual).", "Loại"),
    _c("status", "str", "de_nghi, du_bi, ngoai_danh_sach or khong_du_dieu_kien.", "Kết quả"),
    _c("rank", "Int64", "Merit rank among the eligible; empty when excluded.", "Thứ hạng"),
    _c(
        "list_number",
        "int",
        "The nominee's number (STT) wherever the list is printed, report and award_list.xlsx alike: its merit rank "
        "when eligible, so reserves continue after the recommended; the excluded of its kind follow the last rank.",
        "STT",
    ),
    _c(
        "nominee_code",
        "str",
        "The unit code of a collective; for an individual a derived code, unit code + '-CN' + the row's order "
        "in the unit's sheet (e.g. 22903-CN01), never the person code the unit typed.",
        "Mã",
    ),
    _c("person_code", "str", "The person code the unit typed (individuals; for joins, never published).", "Mã cá nhân"),
    _c("nominee_name", "str", "Name of the unit or person.", "Tên"),
    _c("position", "str", "Position of an individual.", "Chức vụ"),
    *UNIT_IDENTITY,
    _c(
        "is_leader",
        "bool",
        "Holds a leading or managing position (params priority.leader_positions, or declared): ranked after "
        "direct workers at equal score.",
        "Lãnh đạo",
    ),
    _c("is_head", "bool", "Head of the unit: judged on the collective they lead.", "Người đứng đầu"),
    _c("score", "float", "Score 0-100, unrounded.", "Điểm"),
    _c("reasons", "str", "Failed gates of an exclusion; achievements of a recommendation.", "Lý do"),
    _c("cap_note", "str", "For an eligible nominee not recommended: the group or unit cap that passed it over."),
    _c("points_products", "float", "Individual: points for products led (a unit head: the unit's products)."),
    _c("points_achievement", "float", "Individual: points for an initiative (a unit head: the collective's score)."),
    _c("points_training", "float", "Individual: points for digital-skills training."),
    _c("points_rating", "float", "Individual: points for the annual rating."),
    _c(
        "verification",
        "str",
        "Whether the nominee's data was verified: the unit's criteria a system of record or the appraisal checked, "
        "the nominee's appraised dossier fields, «cần thẩm định», or self-reported only.",
        "Kiểm chứng số liệu",
    ),
    _c(
        "prior_awards",
        "str",
        "The nominee's earlier awards from data/raw/<run>/award_history.csv: year, form of award and decision "
        "(or «đề nghị, chưa có quyết định»), '; '-joined; empty when none is recorded. An award for the same "
        "achievement (same movement and period, or the same DX product) excludes the nominee (gate "
        "chua_khen_thanh_tich); one for a different achievement is only shown.",
        "Khen thưởng trước đây",
    ),
)
_STABILITY = (
    _c("stability", "float", "Share of Monte Carlo samples in which the nominee is within the caps.", "Độ ổn định"),
    _c("rank_p05", "Int64", "5th percentile of the sampled rank.", "Hạng P5"),
    _c("rank_median", "Int64", "Median sampled rank.", "Hạng trung vị"),
    _c("rank_p95", "Int64", "95th percentile of the sampled rank.", "Hạng P95"),
)
# The judged list (award_list.build_award_list) and what the robustness analysis adds to it.
NOMINEE_COLUMNS = tuple(c.name for c in _NOMINEE)
STABILITY_COLUMNS = tuple(c.name for c in _STABILITY)
AWARDS = Table(
    "awards",
    "Every nominee judged: status, rank, score, reasons, and the robustness of the ranking.",
    (*_NOMINEE, *_STABILITY),
)
AWARD_LIST = Table(
    "award_list",
    "The published award list: one row per nominee.",
    tuple(
        AWARDS.column(n)
        for n in (
            "kind", "status", "rank", "list_number", "nominee_code", "nominee_name", "unit_code", "score", "reasons",
            "position", "unit_name", "unit_group", "stability", "rank_p05", "rank_median", "rank_p95",
            "verification", "prior_awards",
        )
    ),
    processed=False,
    published=("award_list.csv", "award_list.xlsx"),
)  # fmt: skip
ROBUSTNESS_OAT = Table(
    "robustness_oat",
    "Which choice of the scoring method moves the ranking most: one source varied at a time.",
    (
        _c("source", "str", "The source varied (weights, attainment formula, aggregation)."),
        _c("mean_abs_rank_change", "float", "Mean absolute change of the median rank."),
        _c("max_rank_shift", "int", "Largest rank shift seen."),
        _c("share_status_changes", "float", "Share of nominees whose in/out status changes in some sample."),
    ),
)
ROW_ACCOUNTING = Table(
    "row_accounting",
    "Per file: rows read = rows accepted + rows rejected.",
    (
        *(SUBMISSIONS.column(n) for n in ("file", "rows_read", "rows_accepted", "rows_rejected", "unit_code")),
        SUBMISSIONS.column("status"),
        SUBMISSIONS.column("nominees_read"),
    ),
    processed=False,
    published=("row_accounting.csv",),
)
FEEDBACK_FINDINGS = Table(
    "feedback_findings",
    "A unit's findings as its feedback workbook lists them (sheet VanDe).",
    (
        *(ISSUES.column(n) for n in ("file", "sheet", "row", "column", "value")),
        _c("message_vi", "str", "What is wrong, in Vietnamese.", "Vấn đề"),
        ISSUES.column("fix_vi"),
        _c("severity_vi", "str", "Severity, in words.", "Mức độ"),
        _c("action_vi", "str", "What was done, in words.", "Xử lý"),
        ISSUES.column("detail"),
    ),
    processed=False,
    published=("feedback/<unit_code>.xlsx",),
)
FEEDBACK_SCORECARD = Table(
    "feedback_scorecard",
    "A unit's scorecard as its feedback workbook shows it (sheet KetQua).",
    (
        _c("criterion_code", "str", "Criterion code of params.", "Mã tiêu chí"),
        _c("label_vi", "str", "Criterion label.", "Tiêu chí"),
        _c("numerator", "float", "Numerator as submitted.", "Tử số"),
        _c("denominator", "float", "Denominator as submitted.", "Mẫu số"),
        _c("value", "float", "The rate (or count) of record.", "Giá trị"),
        _c("target", "float", "Target at the unit's admin level.", "Chỉ tiêu"),
        _c("attainment", "float", "Attainment 0-1.", "Mức đạt"),
        _c("weight", "float", "The criterion's weight.", "Trọng số"),
        _c("status_vi", "str", "Criterion status, in words.", "Trạng thái"),
        _c(
            "self_reported",
            "str",
            "The unit's own counts where an appraisal or a system of record replaced them (the value scored is "
            "the verified one).",
            "Đơn vị tự báo cáo (trước kiểm chứng)",
        ),
    ),
    processed=False,
    published=("feedback/<unit_code>.xlsx",),
)

VERIFICATION = Table(
    "verification",
    "Self-reported against verified (data/raw/<run>/appraisal/ and systems/): one row per unit and item a system "
    "of record or the standing body's appraisal checked; scoring and the gates read the verified value, the "
    "clean tables keep the unit's own.",
    (
        _c("unit_code", "str", "Registry code of the unit.", "Mã đơn vị"),
        _c("person_code", "str", "Person code the unit typed, for an individual's field (joins only).", public=False),
        _c("item", "str", "Criterion code, or a nomination field (ky_luat, xep_loai, to_trinh...).", "Nội dung"),
        _c("item_label_vi", "str", "The criterion's or field's name.", "Tên nội dung"),
        _c("source", "str", "he_thong (a system of record) or tham_dinh (the appraisal, which prevails).", "Nguồn"),
        _c(
            "status",
            "str",
            "xac_nhan (confirmed), dieu_chinh (adjusted) or can_tham_dinh (needs appraisal).",
            "Kết quả",
        ),
        _c("self_numerator", "float", "Numerator the unit reported.", "Tử số tự báo cáo"),
        _c("self_denominator", "float", "Denominator the unit reported.", "Mẫu số tự báo cáo"),
        _c("self_rate", "float", "The unit's rate.", "Tỷ lệ tự báo cáo"),
        _c("self_value", "str", "A nomination field as the unit answered it, in words.", "Đơn vị khai"),
        _c("system_name_vi", "str", "The system of record compared (params verification.systems).", "Hệ thống"),
        _c("system_numerator", "float", "Numerator in the system's export.", "Tử số hệ thống"),
        _c("system_denominator", "float", "Denominator in the system's export.", "Mẫu số hệ thống"),
        _c("system_rate", "float", "The system's rate.", "Tỷ lệ hệ thống"),
        _c("verified_numerator", "float", "Numerator scored.", "Tử số được tính"),
        _c("verified_denominator", "float", "Denominator scored.", "Mẫu số được tính"),
        _c("verified_rate", "float", "Rate scored.", "Tỷ lệ được tính"),
        _c("verified_value", "str", "A nomination field as verified: co, khong, or a rating code.", "Mã giá trị"),
        _c("verified_shown", "str", "The verified answer, in words.", "Giá trị thẩm định"),
        _c("reason", "str", "The appraisal's reason.", "Lý do"),
        _c("evidence_ref", "str", "The appraisal's evidence.", "Tài liệu kiểm chứng"),
        _c("appraised_by", "str", "Who appraised (a team or a title).", "Người/tổ thẩm định"),
        _c("appraised_on", "date", "When.", "Ngày thẩm định"),
        _c("file", "str", "The file of the deciding row, relative to data/raw/<run>/.", "Tệp"),
        _c("source_row", "int", "Its row (1-based, the header is row 1).", "Dòng"),
    ),
)

AWARD_HISTORY = Table(
    "award_history",
    "Past awards (data/raw/<run>/award_history.csv), the rows accepted: consulted so that no achievement is "
    "rewarded twice.",
    (
        _c("kind", "str", "tap_the (collective) or ca_nhan (individual).", "Loại khen thưởng"),
        _c("unit_code", "str", "Registry code of the unit (an individual's unit when awarded).", "Mã đơn vị"),
        _c("full_name", "str", "An individual's full name as the decision writes it.", "Họ và tên"),
        _c("position", "str", "An individual's position as the decision writes it.", "Chức vụ"),
        _c("award_year", "int", "Year of the decision (or of the proposal).", "Năm khen thưởng"),
        _c("award_form", "str", "Form of award, e.g. Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh.", "Hình thức"),
        _c("status", "str", "da_quyet_dinh (decided) or de_nghi (proposed, no decision yet).", "Tình trạng"),
        _c("decision_number", "str", "Number and symbol of the decision, e.g. 2150/QĐ-UBND.", "Số quyết định"),
        _c("decision_date", "date", "Date of the decision.", "Ngày quyết định"),
        _c("movement", "str", "The emulation movement the achievement belongs to.", "Phong trào thi đua"),
        _c("period", "str", "Year (2030) or period (2026-2030) of the achievement.", "Năm/giai đoạn"),
        _c("products", "str", "DX products the achievement rests on, ';'-separated.", "Sản phẩm được khen"),
        _c("achievement", "str", "The achievement as the decision or proposal writes it.", "Thành tích"),
        _c("note", "str", "The clerk's note (e.g. where the row came from).", "Ghi chú"),
        _c(
            "person_code",
            "str",
            "For an individual: the person code of this run's nominee the row was matched to (unit code, full name, "
            "position when two share a name); empty when no nominee matches (joins only).",
            public=False,
        ),
        _c("file", "str", "The file, relative to data/raw/<run>/.", "Tệp"),
        _c("source_row", "int", "Its row (1-based, the header is row 1).", "Dòng"),
    ),
)
CROSSWALK = Table(
    "crosswalk",
    "The accepted rows of data/raw/<run>/crosswalk.csv (optional): a previous run's unit code to this run's. "
    "Several rows with one unit_code are a merge, one previous_code on several rows a split; every other unit "
    "matches by its own code. Rejected rows are findings (crosswalk_previous_unknown, crosswalk_unit_unknown).",
    (
        _c("previous_code", "str", "Unit code in the previous run's registry.", "Mã đơn vị năm trước"),
        _c("previous_name", "str", "Its name, as the crosswalk gives it (informative).", "Tên đơn vị năm trước"),
        _c("unit_code", "str", "The successor's code in this run's registry.", "Mã đơn vị năm nay"),
        _c("note", "str", "The crosswalk's note (informative).", "Ghi chú"),
        _c("file", "str", "The file the row came from, relative to data/raw/<run>/ (crosswalk.csv).", "Tệp"),
        _c("source_row", "int", "Row of crosswalk.csv (1-based, the header is row 1).", "Dòng"),
    ),
)
COMPARISON = Table(
    "comparison",
    "Year over year (params previous_run): one row per unit of this run's registry, then one per unit of the "
    "previous run that has no successor. Scores and ranks of the previous run are those it published "
    "(outputs/<previous_run>/scores.csv); a merged unit is compared with the mean score of its predecessors "
    "that have one, and has no rank change.",
    (
        _c("unit_code", "str", "Registry code of the unit this year; empty for a unit gone.", "Mã đơn vị"),
        _c("unit_name", "str", "Its name (a unit gone: its name in the previous run).", "Tên đơn vị"),
        _c("unit_group", "str", "Its emulation group (a unit gone: the previous one).", "Khối thi đua"),
        _c(
            "link",
            "str",
            "cung_ma (same code), doi_ma (recoded), hop_nhat (merge), chia_tach (split), moi (new), khong_con (gone).",
            "Đối chiếu",
        ),
        _c("previous_codes", "str", "The predecessors' codes, comma-separated.", "Mã năm trước"),
        _c("previous_names", "str", "The predecessors' names, separated by «; ».", "Tên năm trước"),
        _c("previous_group", "str", "The predecessor's group (of the first one for a merge).", "Khối năm trước"),
        _c(
            "previous_score",
            "float",
            "Previous score (merge: mean of the predecessors' scores); empty when it did not submit.",
            "Điểm năm trước",
        ),
        _c("score", "float", "Score this year, unrounded; empty when the unit did not submit.", "Điểm năm nay"),
        _c("score_change", "float", "score - previous_score.", "Thay đổi điểm"),
        _c("previous_rank", "Int64", "Rank in its group in the previous run; empty for a merge.", "Hạng năm trước"),
        _c("rank", "Int64", "Rank in its group this year.", "Hạng năm nay"),
        _c(
            "rank_change",
            "Int64",
            "previous_rank - rank (positive: up) when both exist and the group is the same.",
            "Thay đổi hạng",
        ),
    ),
    published=("comparison.csv",),
)
KPI_TREND = Table(
    "kpi_trend",
    "Year over year: each province KPI of this run's params, its value in the previous run "
    "(outputs/<previous_run>/province_kpis.csv), this year and the plan's target.",
    (
        _c("code", "str", "KPI code of params.", "Mã chỉ tiêu"),
        _c("label_vi", "str", "KPI label.", "Chỉ tiêu"),
        _c(
            "previous_value",
            "float",
            "Its value in the previous run; empty when that run did not have it.",
            "Năm trước",
        ),
        _c("value", "float", "Its value this year.", "Năm nay"),
        _c("change", "float", "value - previous_value.", "Thay đổi"),
        _c("target", "float", "The plan's target this year.", "Mục tiêu"),
        _c("previous_met", "bool", "The previous value reached this year's target.", "Năm trước đạt"),
        _c("met", "bool", "value ≥ target.", "Đạt"),
    ),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        REGISTRY,
        REGISTER,
        SUBMISSIONS,
        ISSUES,
        INDICATORS,
        PRODUCTS,
        COLLECTIVE_NOMINATIONS,
        INDIVIDUAL_NOMINATIONS,
        CRITERION_TABLE,
        SCORES,
        PROVINCE_KPIS,
        AWARDS,
        AWARD_LIST,
        ROBUSTNESS_OAT,
        ROW_ACCOUNTING,
        FEEDBACK_FINDINGS,
        FEEDBACK_SCORECARD,
        VERIFICATION,
        AWARD_HISTORY,
        CROSSWALK,
        COMPARISON,
        KPI_TREND,
    )
}


def table(name: str) -> Table:
    """The declaration of one table by name."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"no table {name!r} in lib.contract.tables; known: {', '.join(TABLES)}") from None


def markdown(criteria: Sequence[tuple[str, str]]) -> str:
    """The output part of docs/data_dictionary.md: one section per table."""
    lines = [
        "## Bảng đầu ra / Output tables",
        "",
        "Declared in `lib/contract/tables.py`; every writer checks its frame against it. "
        "`data/processed/<run>/<name>.csv` holds the processed tables (with `<name>.types.json`); "
        "the published files are in `outputs/<run>/`. Columns marked internal never reach a published file.",
        "",
    ]
    for t in TABLES.values():
        where = [f"`data/processed/<run>/{t.name}.csv`"] if t.processed else []
        where += [f"`outputs/<run>/{p}`" for p in t.published]
        lines += [f"### `{t.name}`", "", f"{t.description} ({', '.join(where)})", ""]
        lines += ["| column | type | meaning | heading | published |", "|---|---|---|---|---|"]
        shown = t.expanded(criteria[:1]) if t.per_criterion else t.expanded()
        for col in shown:
            published = "yes" if col.public else "internal"
            lines.append(f"| `{col.name}` | {col.kind} | {col.meaning} | {col.heading_vi} | {published} |")
        if t.per_criterion:
            lines.append("| … | | the same three columns for every criterion of params, in order | | |")
        lines.append("")
    return "\n".join(lines)
