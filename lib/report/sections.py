"""The sections of the evaluation report, each an HTML string.

The report notebook only calls these and displays the result; everything a
reviewer reads is decided here, from the run's tables and params. Texts from
submissions are escaped by :mod:`lib.report.html`; personal data never
reaches these functions (it is dropped at ingest).
"""

from __future__ import annotations

import itertools
from typing import Any

import pandas as pd

from lib.contract.formats import fmt_date, fmt_share
from lib.contract.labels import (
    ACCEPTED,
    AGGREGATIONS_VI,
    ANNUAL_RATINGS,
    ATTAINMENT_METHODS_VI,
    AWARD_STATUS_VI,
    COLLECTIVE,
    CRITERION_STATUS_VI,
    FILE_STATUS_VI,
    INDIVIDUAL,
    INFO,
    INITIATIVE_LEVELS,
    MEASURED,
    MISSING,
    NOMINEE_KINDS_VI,
    NOT_APPLICABLE,
    NOT_ARISING,
    PARTICIPATION_VI,
    SEVERITY_VI,
    SHARED_PRODUCTS_VI,
    UNREADABLE,
)
from lib.contract.params import Params
from lib.contract.quality_rules import RULES
from lib.contract.tables import AWARDS
from lib.ingest.attribution import participation
from lib.report import charts
from lib.report import html as h
from lib.scoring import selection as sel
from lib.scoring.award_history import REWARDED_PREFIX

SECTIONS = [
    ("tom-tat", "1. Tóm tắt kết quả"),
    ("tieu-chi", "2. Kết quả theo tiêu chí"),
    ("xep-hang", "3. Bảng xếp hạng theo khối"),
    ("khen-thuong", "4. Đề nghị khen thưởng"),
    ("do-tin-cay", "5. Độ tin cậy của kết quả xếp hạng (phân tích Monte Carlo)"),
    ("phieu-danh-gia", "6. Phiếu đánh giá từng đơn vị"),
    ("chat-luong-du-lieu", "7. Phụ lục: chất lượng dữ liệu"),
    ("kiem-chung", "8. Kiểm chứng số liệu: tự báo cáo và đã thẩm định"),
    ("phuong-phap", "9. Phương pháp và nguồn gốc số liệu"),
    ("so-sanh", "10. So sánh với năm trước"),  # only with params previous_run (lib/report/comparison.py)
]
SECTION = dict(SECTIONS)
# A six-month review (params mode: review) keeps every anchor; three sections say what a review does instead:
# the ranking is of progress, section 4 is the progress against the year's targets, section 5 says why there
# is no award list.
REVIEW_TITLES = {
    "xep-hang": "3. Bảng xếp hạng tiến độ theo khối",
    "khen-thuong": "4. Tiến độ so với chỉ tiêu cả năm",
    "do-tin-cay": "5. Khen thưởng: không xét ở kỳ sơ kết",
}


def section_title(anchor: str, params: Params | None = None) -> str:
    """A section's numbered title; in a six-month review the review's title where it has one."""
    if params is not None and not params.decides_awards:
        return REVIEW_TITLES.get(anchor, SECTION[anchor])
    return SECTION[anchor]


def no_awards() -> pd.DataFrame:
    """The judged nominees of a run that judges none (a six-month review): no row, the awards table's columns."""
    return pd.DataFrame(columns=AWARDS.names())


def _band_labels(params: Params) -> dict[str, str]:
    return {b.code: b.label_vi for b in params.bands}


# The heat map's ramp (cividis-like, readable for colour-blind readers), lowest attainment first; a
# criterion that does not count for the unit is a white cell with a dash. The legend is drawn from these.
HEAT_STOPS = ("#00204d", "#31446b", "#666970", "#958f78", "#cbba69", "#ffea46")
HEAT_BLANK = "background:#ffffff;color:#555555"
HEAT_BLANK_TEXT = "—"


def _heat_step(index: int) -> str:
    return f"background:{HEAT_STOPS[index]};color:{'#ffffff' if index < 3 else '#000000'}"


def _heat(value: Any) -> str:
    """Background for an attainment cell: the ramp step nearest to the value (0, 20, ..., 100%)."""
    if h.is_blank(value):
        return HEAT_BLANK
    steps = len(HEAT_STOPS) - 1
    return _heat_step(min(int(float(value) * steps + 0.5), steps))


def heat_legend() -> str:
    """The colours of the league tables' cells with the attainment each stands for, and the blank cell.

    Built from the same ramp as the cells, so the legend cannot say grey where the page shows white.
    """
    steps = len(HEAT_STOPS) - 1
    edges = [0] + [round(100 * (k + 0.5) / steps) for k in range(steps)] + [100]
    swatches = [f'<span class="sw" style="{_heat_step(k)}">{edges[k]}-{edges[k + 1]}%</span>' for k in range(steps + 1)]
    swatches.append(f'<span class="sw" style="{HEAT_BLANK}">{HEAT_BLANK_TEXT}</span>')
    return (
        '<div class="heat-legend" role="note"><span>Chú giải màu (mức đạt so với chỉ tiêu):</span>'
        + "".join(swatches)
        + f"<span>{h.esc(f'ô trắng có dấu {HEAT_BLANK_TEXT}: tiêu chí không áp dụng cho khối hoặc không phát sinh')}"
        "</span></div>"
    )


def cover(params: Params, run: str) -> str:
    """Title block: title, province, run, as-of date, legal basis, sample banner."""
    banner = ""
    if params.sample_data:
        banner = (
            '<div class="banner" role="alert">DỮ LIỆU MẪU (TỔNG HỢP, KHÔNG CÓ THẬT): báo cáo này được lập từ '
            "bộ dữ liệu mẫu sinh tự động để minh họa; số liệu, cá nhân và kết quả không phản ánh thực tế.</div>"
        )
    return (
        f'{banner}<header class="cover"><h1 id="top">{h.esc(params.title)}</h1>'
        f'<p class="sub">Tỉnh {h.esc(params.province)} · {h.esc(params.issuing_body)}</p>'
        f'<table class="meta"><tr><th>Mã lần chạy</th><td>{h.esc(run)}</td></tr>'
        f"<tr><th>Số liệu tính đến ngày</th><td>{h.esc(fmt_date(params.as_of))}</td></tr>"
        f"<tr><th>Kỳ đánh giá</th><td>{h.esc(fmt_date(params.period.start))} - "
        f"{h.esc(fmt_date(params.period.end))}</td></tr>"
        f"<tr><th>Căn cứ</th><td>{h.esc(params.plan_reference)}</td></tr>"
        f"<tr><th>Cơ sở pháp lý khen thưởng</th><td>{h.bullet_list(params.legal_basis)}</td></tr></table></header>"
    )


def table_of_contents(params: Params | None = None) -> str:
    """Links to every section (the anchors are the section headings' ids), titled as the run's mode has them;
    no comparison without a previous run."""
    shown = [a for a, _ in SECTIONS if a != "so-sanh" or params is None or params.previous_run is not None]
    items = "".join(f'<li><a href="#{anchor}">{h.esc(section_title(anchor, params))}</a></li>' for anchor in shown)
    return f'<nav class="toc" aria-label="Mục lục"><h2 id="muc-luc">Mục lục</h2><ul>{items}</ul></nav>'


def _level_targets_sentence(params: Params) -> str:
    """« Tiêu chí TC04 có chỉ tiêu riêng cho cấp xã.»: the criteria whose target differs at some level, from params."""
    parts = []
    for crit in params.criteria:
        default = crit.target["default"]
        levels = [
            params.structure.level_label(k).lower() for k, v in crit.target.items() if k != "default" and v != default
        ]
        if levels:
            parts.append(f"Tiêu chí {crit.code} có chỉ tiêu riêng cho {', '.join(levels)}.")
    return "".join(f" {p}" for p in parts)


def _participation(scores: pd.DataFrame, params: Params) -> pd.DataFrame:
    grouped = scores.groupby("unit_group", sort=False).agg(
        registry=("unit_code", "size"), submitted=("submitted", "sum")
    )
    grouped = grouped.reindex([g for g in params.structure.groups if g in grouped.index])
    grouped.loc["__total"] = grouped.sum()
    grouped["share"] = grouped["submitted"] / grouped["registry"]
    labels = {**{g: params.structure.group_label(g) for g in params.structure.groups}, "__total": "Toàn tỉnh"}
    return grouped.reset_index().assign(group=lambda f: f["unit_group"].map(labels))


def summary(
    scores: pd.DataFrame,
    submissions: pd.DataFrame,
    kpis: pd.DataFrame,
    awards: pd.DataFrame | None,
    params: Params,
) -> str:
    """Participation, province KPIs against the plan, and the recommendation in one table.

    A unit whose files all arrived unreadable is listed as "đã nộp nhưng không đọc được", apart from the
    units that sent nothing: the council sees who tried and who did not. A six-month review has no
    recommendation (``awards`` None): the KPIs met so far, and a pointer to section 5 instead.
    """
    awards = no_awards() if awards is None else awards
    anchor, title = "tom-tat", SECTION["tom-tat"]
    part = _participation(scores, params)
    total = part.iloc[-1]
    states = participation(scores[["unit_code"]], submissions)
    missing = scores[~scores["submitted"]].sort_values(["unit_group", "unit_code"])
    missing = missing.assign(
        group=missing["unit_group"].map(params.structure.group_label),
        state=missing["unit_code"].map(states).map(PARTICIPATION_VI),
    )
    unreadable = int((states == UNREADABLE).sum())
    recommended = awards[awards["status"] == sel.RECOMMENDED].assign(kind_vi=lambda f: f["kind"].map(NOMINEE_KINDS_VI))
    kpi_rows = kpis.assign(
        result=kpis["met"].map({True: "Đạt", False: "Chưa đạt"}),
        reported=[
            f"{h.integer(r)}/{h.integer(c)}" for r, c in zip(kpis["n_reported"], kpis["n_concerned"], strict=True)
        ],
    )
    taking_part = (
        f"{int(total['submitted'])}/{int(total['registry'])} đơn vị ({h.pct(total['share'])}) đã nộp báo cáo hợp lệ. "
    )
    outcome = (
        f"Đề nghị {int((recommended['kind'] == 'tap_the').sum())} tập thể và "
        f"{int((recommended['kind'] == 'ca_nhan').sum())} cá nhân (tối đa {params.caps.collectives} "
        f"tập thể, {params.caps.individuals} cá nhân)."
        if params.decides_awards
        else f"Sơ kết: {h.integer(kpis['met'].sum())}/{h.integer(len(kpis))} chỉ tiêu của tỉnh đã đạt mức kế hoạch "
        "cả năm (mục 1.2); tiến độ từng tiêu chí ở mục 4; kỳ sơ kết không lập danh sách đề nghị khen thưởng (mục 5)."
    )
    return "".join(
        [
            h.heading(2, anchor, title),
            h.paragraph(taking_part + outcome),
            h.heading(3, "tham-gia", "1.1. Tình hình tham gia"),
            h.table(
                part,
                [
                    ("group", "Khối thi đua", None),
                    ("registry", "Đơn vị trong danh mục", h.integer),
                    ("submitted", "Đã nộp", h.integer),
                    ("share", "Tỷ lệ", h.pct),
                ],
            ),
            h.details(
                f"Đơn vị chưa nộp hoặc đã nộp nhưng không đọc được ({len(missing)}; "
                f"đã nộp nhưng không đọc được: {unreadable})",
                h.table(
                    missing,
                    [
                        ("unit_code", "Mã", None),
                        ("unit_name", "Tên đơn vị", None),
                        ("group", "Khối", None),
                        ("state", "Tình trạng", None),
                    ],
                    **_limit(params, "data_quality.xlsx (trang ChuaNop, NopKhongDocDuoc)"),
                ),
                printed="open",
            ),
            h.heading(3, "chi-tieu-tinh", "1.2. Chỉ tiêu của tỉnh so với Kế hoạch"),
            h.table(
                kpi_rows,
                [
                    ("label_vi", "Chỉ tiêu", None),
                    ("value", "Kết quả", h.pct),
                    ("target", "Kế hoạch", h.pct),
                    ("result", "Đánh giá", None),
                    ("reported", "Đơn vị có số liệu / thuộc diện", None),
                ],
                caption="Đơn vị thuộc diện: tiêu chí áp dụng cho đơn vị (trong khối, cấp của chỉ tiêu) và có phát "
                "sinh. Gộp: tổng tử số / tổng mẫu số của các đơn vị có số liệu. Tỷ lệ đơn vị: số đơn vị đạt 100% / mọi "
                "đơn vị thuộc diện; đơn vị chưa nộp hoặc thiếu số liệu tính là chưa đạt.",
            ),
            *(_recommended_summary(recommended) if params.decides_awards else []),
        ]
    )


def _recommended_summary(recommended: pd.DataFrame) -> list[str]:
    """Summary 1.3: the recommended list in one table (a year-end run only)."""
    return [
        h.heading(3, "de-nghi-tom-tat", "1.3. Danh sách đề nghị khen thưởng"),
        h.table(
            recommended,
            [
                ("kind_vi", "Loại", None),
                ("rank", "Thứ tự", h.integer),
                ("nominee_name", "Tập thể / cá nhân", None),
                ("unit_name", "Đơn vị", None),
                ("score", "Điểm", h.num1),
            ],
            empty="Không có đề nghị nào.",
            cards=True,
        ),
    ]


def met_counts(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per value of ``by``: units a criterion concerns (measured or missing), measured, meeting the target.

    Missing data counts as concerned and not met; a criterion not applicable or not arising is left out. The
    criteria section counts by group, the review's progress section by criterion.
    """
    return (
        rows[rows["status"].isin([MEASURED, MISSING])]
        .groupby(by, sort=False)
        .agg(
            applicable=("unit_code", "size"),
            measured=("status", lambda s: (s == MEASURED).sum()),
            met=("met_target", "sum"),
        )
    )


def criteria_section(table: pd.DataFrame, params: Params) -> str:
    """Per criterion: distribution by group, share meeting the target, targets by level."""
    anchor, title = "tieu-chi", SECTION["tieu-chi"]
    parts = [
        h.heading(2, anchor, title),
        h.paragraph(
            "Mỗi biểu đồ chỉ gồm các đơn vị có số liệu hợp lệ cho tiêu chí; đơn vị không thuộc đối tượng áp dụng hoặc "
            "không phát sinh (mẫu số bằng 0) không được tính." + _level_targets_sentence(params)
        ),
    ]
    labels = {g: params.structure.group_label(g) for g in params.structure.groups}
    for crit in params.criteria:
        code = crit.code
        rows = table[(table["criterion_code"] == code) & table["submitted"]]
        measured = rows[rows["status"] == MEASURED]
        share = met_counts(rows, "unit_group")
        share = share.reindex([g for g in params.structure.groups if g in share.index]).reset_index()
        share = share.assign(
            group=share["unit_group"].map(params.structure.group_label), share=share["met"] / share["applicable"]
        )
        # One line per distinct target: a level whose target is the general one adds no line of its own.
        default = crit.target["default"]
        targets = {"chung": default} | {
            params.structure.levels[k].lower(): v for k, v in crit.target.items() if k != "default" and v != default
        }
        parts.append(h.heading(3, f"tc-{code.lower()}", f"{code}. {crit.label_vi}"))
        parts.append(
            h.paragraph(
                f"Đo bằng: {crit.numerator_vi}" + (f" / {crit.denominator_vi}." if crit.denominator_vi else ".")
            )
        )
        if len(measured):
            parts.append(
                charts.criterion_distribution(measured, code, crit.label_vi, targets, labels, params.chart_seed)
            )
        parts.append(
            h.table(
                share,
                [
                    ("group", "Khối", None),
                    ("applicable", "Đơn vị thuộc diện áp dụng", h.integer),
                    ("measured", "Có số liệu", h.integer),
                    ("met", "Đạt chỉ tiêu" if params.decides_awards else "Đã đạt chỉ tiêu năm", h.integer),
                    ("share", "Tỷ lệ đạt", h.pct),
                ],
                empty="Tiêu chí không áp dụng cho đơn vị nào đã nộp.",
            )
        )
    return "".join(parts)


def criterion_header(code: str, params: Params) -> h.Safe:
    """A criterion's column header: its code and short name, the full name as the tooltip."""
    crit = next(c for c in params.criteria if c.code == code)
    return h.Safe(
        f'<abbr title="{h.esc(crit.label_vi)}">{h.esc(code)}</abbr><span class="short">{h.esc(crit.short_vi)}</span>'
    )


def criteria_legend(params: Params) -> str:
    """The full name of every criterion, for the readers of a header that shows only its short name."""
    items = "".join(f"<li><b>{h.esc(c.code)}</b> {h.esc(c.label_vi)}</li>" for c in params.criteria)
    return f'<ul class="crit-legend" aria-label="Tên đầy đủ các tiêu chí">{items}</ul>'


def _scorecard_link(key: str, record: dict[str, Any], text: str) -> str:
    """The unit's name links to its scorecard (opened by the link): the details a phone does not show."""
    return f'<a href="#phieu-{h.esc(record["unit_code"])}">{text}</a>' if key == "unit_name" else text


def league_tables(scores: pd.DataFrame, params: Params) -> str:
    """Ranked tables per group with a heat map of the attainment of each criterion that applies to the group.

    Printed on landscape pages; on a phone only rank, name and score show, and the name opens the unit's
    scorecard.
    """
    anchor, title = "xep-hang", section_title("xep-hang", params)
    bands = _band_labels(params)
    linked = len(scores) <= params.report.max_scorecards
    parts = [
        h.heading(2, anchor, title),
        charts.score_distribution(scores, {g: params.structure.group_label(g) for g in params.structure.groups}),
        h.paragraph(
            "Mỗi khối một bảng, xếp theo điểm. Các cột tiêu chí ghi mức đạt của đơn vị (kết quả so với chỉ tiêu, "
            "tối đa 100%; thiếu số liệu hoặc số liệu bị loại tính 0%); bảng chỉ có các tiêu chí áp dụng cho khối."
        ),
        heat_legend(),
        criteria_legend(params),
    ]
    if linked:
        parts.append(
            '<p class="phone-only">Màn hình hẹp: bảng chỉ hiện hạng, tên và điểm; chạm vào tên đơn vị để mở phiếu '
            "đánh giá với mức đạt từng tiêu chí.</p>"
        )
    for group in params.structure.groups:
        part = scores[(scores["unit_group"] == group) & scores["submitted"]].sort_values(
            ["rank_in_group", "unit_code"], kind="stable"
        )
        if part.empty:
            continue
        part = part.assign(
            band_vi=part["band"].map(bands), complete=part["data_complete"].map({True: "đủ", False: "thiếu"})
        )
        columns: list[h.Column] = [
            ("rank_in_group", "Hạng", h.integer),
            ("unit_name", "Đơn vị", None),
            ("score", "Điểm", h.num1),
            ("band_vi", "Xếp loại", None),
            ("complete", "Số liệu", None),
        ]
        for crit in params.criteria:
            if group in crit.applies_to:
                header = criterion_header(crit.code, params)
                columns.append((f"{crit.code}_attainment", header, lambda v: h.pct(v, blank=HEAT_BLANK_TEXT)))
        parts.append(h.heading(3, f"xh-{group}", params.structure.group_label(group)))
        parts.append(
            h.table(
                part,
                columns,
                css="league",
                cell_style=lambda key, v: _heat(v) if key.endswith("_attainment") else "",
                cell_html=_scorecard_link if linked else None,
                **_limit(params, "scores.csv"),
            )
        )
    return '<div class="landscape">' + "".join(parts) + "</div>"


def _limit(params: Params, full_list: str) -> dict[str, Any]:
    """Row limit for long tables (params report.max_table_rows) and where the full list is."""
    return {"limit": params.report.max_table_rows, "full_list": full_list}


def _award_table(
    frame: pd.DataFrame,
    kind: str,
    params: Params,
    *,
    with_rank: bool = True,
    reason_label: str = "Thành tích",
    with_stability: bool = False,
) -> str:
    columns: list[h.Column] = [("list_number", "Thứ tự", h.integer)] if with_rank else []
    columns += [("nominee_name", "Tập thể" if kind == COLLECTIVE else "Họ và tên", None)]
    if kind == INDIVIDUAL:
        columns.append(("position", "Chức vụ", None))
    columns += [("unit_name", "Đơn vị", None), ("score", "Điểm", h.num1), ("reasons", reason_label, None)]
    if with_stability:
        columns.append(("stability", "Độ ổn định", _stability_vi))
        if "verification" in frame.columns:  # issue 19: whether the nominee's figures were checked
            columns.append(("verification", "Kiểm chứng số liệu", None))
        if "prior_awards" in frame.columns:  # issue 18: earlier awards beside the nominee
            columns.append(("prior_awards", "Khen thưởng trước đây", _prior_vi))
    return h.table(
        frame[frame["kind"] == kind], columns, empty="Không có.", cards=True, **_limit(params, "award_list.csv")
    )


def _prior_vi(value: Any) -> str:
    """A nominee's earlier awards, or that the history records none."""
    return value if isinstance(value, str) and value else "Chưa ghi nhận"


def already_rewarded(awards: pd.DataFrame, history: pd.DataFrame | None) -> str:
    """What the award history is, and the nominees excluded because their achievement was already rewarded."""
    if history is None or not len(history):
        intro = (
            "Không có lần khen thưởng trước nào được ghi nhận (không có tệp lịch sử khen thưởng award_history.csv, "
            "hoặc tệp không có dòng hợp lệ: xem data_quality.xlsx): chưa đối chiếu các lần khen thưởng trước, "
            "không loại trừ đề nghị nào vì thành tích đã được khen."
        )
        return h.paragraph(intro)
    intro = (
        f"Lịch sử khen thưởng (award_history.csv) ghi nhận {h.integer(len(history))} lần khen thưởng trước đây. "
        "Thành tích đã được khen theo một quyết định (cùng phong trào và năm/giai đoạn, hoặc cùng sản phẩm chuyển "
        "đổi số) thì không khen lần nữa; khen thưởng cho thành tích khác chỉ được ghi bên cạnh đề cử."
    )
    reasons = awards["reasons"].astype(object).fillna("").astype(str)
    hit = awards[reasons.str.contains(REWARDED_PREFIX, regex=False)]
    items = [
        f"{r.nominee_name} ({r.unit_name}): "
        + "; ".join(p for p in str(r.reasons).split("; ") if p.startswith(REWARDED_PREFIX))
        for r in hit.itertuples(index=False)
    ]
    none = h.paragraph("Không có đề cử nào bị loại vì lý do này.")
    return h.paragraph(intro) + (h.bullet_list(items) if items else none)


def considered(awards: pd.DataFrame) -> str:
    """Who could be considered: only those a dossier was sent for (SPEC §4), said before any list."""
    kinds = awards["kind"].value_counts()
    return h.paragraph(
        f"Chỉ xét các tập thể, cá nhân có hồ sơ đề nghị gửi về: {h.integer(kinds.get(COLLECTIVE, 0))} tập thể, "
        f"{h.integer(kinds.get(INDIVIDUAL, 0))} cá nhân. Mọi hồ sơ đã nhận đều có trong danh sách dưới đây với kết quả "
        "và lý do. Đơn vị điểm cao nhưng không gửi hồ sơ đề nghị được nêu ở mục 4.6."
    )


def without_dossier(awards: pd.DataFrame, scores: pd.DataFrame, params: Params) -> pd.DataFrame:
    """Units whose score would have put them among the recommended collectives, but who sent no dossier.

    The bar is the lowest recommended collective's score (or the collective minimum when none is
    recommended); the gates other than the score are not judged for them (no dossier to judge).
    """
    collectives = awards[awards["kind"] == COLLECTIVE]
    recommended = collectives.loc[collectives["status"] == sel.RECOMMENDED, "score"]
    bar = float(recommended.min()) if len(recommended) else params.eligibility.collective.min_score
    others = scores[~scores["unit_code"].isin(collectives["unit_code"]) & (scores["score"] >= bar)]
    return others.sort_values(["score", "unit_code"], ascending=[False, True]).assign(
        group_vi=others["unit_group"].map(params.structure.group_label), note="Không có hồ sơ đề nghị"
    )


def exact_ties(awards: pd.DataFrame, params: Params) -> list[str]:
    """Every exact tie among the ranked nominees, and the priority that ordered it."""
    ranked = awards[awards["rank"].notna()].sort_values(["kind", "rank"])
    lines = []
    for _, group in ranked.groupby(["kind", "score"], sort=False):
        rows = [r for _, r in group.sort_values("rank").iterrows()]
        for first, second in itertools.pairwise(rows):
            lines.append(
                f"{first['nominee_name']} (thứ tự {h.integer(first['rank'])}) và {second['nominee_name']} "
                f"(thứ tự {h.integer(second['rank'])}) cùng {h.num1(first['score'])} điểm: "
                f"{sel.tie_reason(first, second, params.structure)}."
            )
    return lines


def passed_over(awards: pd.DataFrame) -> list[str]:
    """Every eligible nominee passed over by a group or unit cap, and which cap."""
    held = awards[awards["cap_note"].fillna("") != ""].sort_values(["kind", "rank"])
    return [
        f"{r['nominee_name']} ({NOMINEE_KINDS_VI[r['kind']].lower()}, thứ tự {h.integer(r['rank'])}, "
        f"{h.num1(r['score'])} điểm): {r['cap_note']}."
        for _, r in held.iterrows()
    ]


def grounds(awards: pd.DataFrame, products: pd.DataFrame, table: pd.DataFrame, params: Params) -> list[str]:
    """For each recommended nominee, the facts that justify it, from its own data.

    Its margin over the next eligible nominee of its kind, the criteria whose
    target its unit met (a collective), and its products by name (the unit's
    for a collective or a head, those naming the person as lead for staff).
    """
    ranked = awards[awards["rank"].notna()]
    met = table[table["applicable"].astype(bool) & (table["status"] != NOT_ARISING)].groupby("unit_code")
    met_count, applicable = met["met_target"].sum(), met.size()
    lines = []
    listed = ranked[ranked["status"] == sel.RECOMMENDED]
    order = listed["kind"].map({COLLECTIVE: 0, INDIVIDUAL: 1})
    for _, row in listed.assign(_k=order).sort_values(["_k", "rank"]).iterrows():
        same = ranked[(ranked["kind"] == row["kind"]) & (ranked["rank"] == row["rank"] + 1)]
        facts = []
        if len(same):
            after = same.iloc[0]
            gap = row["score"] - after["score"]
            facts.append(
                f"hơn {after['nominee_name']} (thứ tự {h.integer(after['rank'])}) {h.num1(gap)} điểm"
                if gap > 0
                else f"bằng điểm {after['nominee_name']}, xếp trước vì {sel.tie_reason(row, after, params.structure)}"
            )
        if row["kind"] == COLLECTIVE and row["unit_code"] in applicable.index:
            facts.append(
                f"đạt chỉ tiêu {h.integer(met_count[row['unit_code']])}/{h.integer(applicable[row['unit_code']])} "
                "tiêu chí áp dụng"
            )
        own = products[products["unit_code"] == row["unit_code"]]
        if row["kind"] == INDIVIDUAL and row.get("is_head") is not True:
            leads = own["lead_person_code"].fillna("").str.split(r"[,;]")
            own = own[[row["person_code"] in codes for codes in leads]]
        if len(own):
            facts.append("sản phẩm: " + ", ".join(f"«{name}»" for name in own["product_name"]))
        lines.append(f"{row['nominee_name']} ({NOMINEE_KINDS_VI[row['kind']].lower()}): " + "; ".join(facts) + ".")
    return lines


def awards_section(
    awards: pd.DataFrame,
    scores: pd.DataFrame,
    products: pd.DataFrame,
    table: pd.DataFrame,
    params: Params,
    history: pd.DataFrame | None = None,
) -> str:
    """Who was considered; recommended, reserves, beyond the list, excluded with reasons; ties; the rules applied;
    the units that would have been considered had they sent a dossier."""
    anchor, title = "khen-thuong", SECTION["khen-thuong"]
    award = params.award
    parts = [h.heading(2, anchor, f"{title}: {award.name}"), considered(awards)]
    for status, sub_anchor, sub_title in (
        (sel.RECOMMENDED, "de-nghi", "4.1. Đề nghị khen thưởng"),
        (sel.RESERVE, "du-bi", "4.2. Danh sách dự bị"),
        (sel.BEYOND, "ngoai-danh-sach", "4.3. Đủ điều kiện, ngoài số lượng"),
        (sel.EXCLUDED, "khong-du-dieu-kien", "4.4. Không đủ điều kiện"),
    ):
        part = awards[awards["status"] == status]
        label = "Lý do" if status in (sel.EXCLUDED, sel.BEYOND) else "Thành tích"
        options = {
            "with_rank": status != sel.EXCLUDED,
            "reason_label": label,
            "with_stability": status in (sel.RECOMMENDED, sel.RESERVE) and "stability" in part.columns,
        }
        parts += [
            h.heading(3, sub_anchor, sub_title),
            h.heading(4, f"{sub_anchor}-tap-the", "Tập thể"),
            _award_table(part, COLLECTIVE, params, **options),
            h.heading(4, f"{sub_anchor}-ca-nhan", "Cá nhân"),
            _award_table(part, INDIVIDUAL, params, **options),
        ]
        if status == sel.RECOMMENDED:
            justified = grounds(awards, products, table, params)
            parts += [
                h.heading(4, "can-cu", "Căn cứ đề nghị"),
                h.bullet_list(justified) if justified else h.paragraph("Không có."),
            ]
        if status == sel.EXCLUDED:
            parts += [h.heading(4, "da-khen", "Thành tích đã được khen thưởng"), already_rewarded(awards, history)]
    ties, held = exact_ties(awards, params), passed_over(awards)
    parts.append(h.heading(3, "quy-tac", "4.5. Quy tắc đã áp dụng"))
    parts.append(h.bullet_list(rules_applied(params)))
    parts.append(h.heading(4, "bang-diem", "Các trường hợp bằng điểm"))
    parts.append(h.bullet_list(ties) if ties else h.paragraph("Không có trường hợp bằng điểm."))
    parts.append(h.heading(4, "gioi-han", "Trường hợp bị vượt qua do giới hạn số lượng"))
    parts.append(h.bullet_list(held) if held else h.paragraph("Không có."))
    parts.append(h.heading(3, "khong-ho-so", "4.6. Đơn vị điểm cao không có hồ sơ đề nghị"))
    parts.append(
        h.table(
            without_dossier(awards, scores, params),
            [
                ("unit_name", "Đơn vị", None),
                ("group_vi", "Khối", None),
                ("score", "Điểm", h.num1),
                ("rank_in_group", "Hạng trong khối", h.integer),
                ("note", "Ghi chú", None),
            ],
            caption="Đơn vị có điểm từ mức của tập thể cuối cùng được đề nghị trở lên nhưng không gửi hồ sơ đề nghị "
            "khen thưởng tập thể: không được xét (chỉ xét đơn vị có hồ sơ).",
            empty="Không có.",
            cards=True,
            **_limit(params, "scores.csv"),
        )
    )
    return "".join(parts)


def rules_applied(params: Params) -> list[str]:
    """The award rules in plain Vietnamese, from params."""
    award, caps, elig = params.award, params.caps, params.eligibility
    per_group = (
        "; ".join(f"{params.structure.group_label(g)}: {n}" for g, n in caps.collectives_per_group.items())
        or "không giới hạn"
    )
    per_unit = caps.individuals_per_unit
    minimum = elig.min_measured_share
    coverage = (
        f"đủ dữ liệu đo lường: các tiêu chí có số liệu chiếm từ {fmt_share(minimum, minimum)} tổng trọng số các "
        "tiêu chí áp dụng cho khối của đơn vị trở lên (tiêu chí không phát sinh, thiếu hoặc bị loại số liệu không "
        "tính là có số liệu; đơn vị dưới mức này vẫn được công bố điểm nhưng «không đủ dữ liệu đo lường» để xét "
        "khen)"
    )
    return [
        f"Hạn nộp hồ sơ: {award.deadline_label} - tính là nhận đến hết ngày {fmt_date(award.deadline)}"
        f"{'' if award.deadline_inclusive else ' (không tính ngày này)'}; sổ tiếp nhận của "
        f"{params.standing_body_short} có hồ sơ của "
        "đơn vị thì tính theo ngày vào sổ (ngày trong sổ không đọc được thì không xác định được hồ sơ đúng hạn); "
        "chỉ khi sổ không có hồ sơ của đơn vị mới tính theo ngày gửi đơn vị khai.",
        "Mọi đề nghị đã nhận đều có trong danh sách với kết quả và lý do; ô bỏ trống hoặc ghi sai danh mục không "
        "được hiểu là «không» hay «đạt»: điều kiện liên quan ghi «không rõ» và không đạt. Cá nhân được xác định "
        "theo mã đơn vị và mã cá nhân; cùng một người được hai đơn vị đề nghị thì chỉ xét đề nghị của đơn vị có "
        "mã nhỏ nhất.",
        "Tập thể: hồ sơ đủ (" + ", ".join(params.dossier_documents("collective").values()) + "), đúng hạn; có ít nhất "
        f"{elig.collective.min_products} sản phẩm chuyển đổi số trong năm; không bị kỷ luật, không bị xem xét, "
        f"điều tra; số liệu đầy đủ; {coverage}; điểm từ {h.num1(elig.collective.min_score)} trở lên.",
        "Cá nhân: hồ sơ đủ ("
        + ", ".join(params.dossier_documents("individual").values())
        + "), đúng hạn; không bị kỷ luật, không bị "
        f"xem xét, điều tra; xếp loại từ «{ANNUAL_RATINGS[elig.individual.min_rating].lower()}» trở lên; "
        "có thành "
        "tích chuyển đổi số cụ thể (số sản phẩm chủ trì tính theo danh sách sản phẩm đơn vị gửi, lấy số nhỏ hơn "
        "nếu khác số tự khai; sản phẩm nhiều người cùng chủ trì chỉ tính một lần, "
        f"{SHARED_PRODUCTS_VI[params.individual_rubric.shared_products]}); "
        f"điểm thành tích từ {h.num1(elig.individual.min_score)} trở lên; người đứng "
        "đầu xét theo thành tích của tập thể do mình lãnh đạo (kể cả điều kiện đủ dữ liệu đo lường của đơn vị) "
        "và không khen hai lần cho cùng một thành tích.",
        sel.ORDER_DOC_VI,
        f"Số lượng tối đa: {caps.collectives} tập thể, {caps.individuals} cá nhân (là mức trần, không phải "
        "chỉ tiêu); "
        f"giới hạn theo khối (tập thể): {per_group}; mỗi đơn vị tối đa "
        f"{per_unit if per_unit is not None else 'không giới hạn'} "
        f"cá nhân. Dự bị: {params.reserves.collectives} tập thể, {params.reserves.individuals} cá nhân.",
    ]


def _named(codes: list[str], params: Params) -> str:
    """Criteria by their short name, code in brackets: «Ký số văn bản (TC01), Hồ sơ trực tuyến (TC04)»."""
    short = {c.code: c.short_vi for c in params.criteria}
    return ", ".join(f"{short[c]} ({c})" for c in codes)


def _result(r: pd.Series) -> str:
    """A unit's result for one criterion as a reader wants it: «92,4% (1.824/1.974)», a count, or the status."""
    if r["status"] in (NOT_APPLICABLE, NOT_ARISING, MISSING):
        return CRITERION_STATUS_VI[r["status"]]
    if r["measure"] == "count":
        return h.integer(r["value"])
    den = f" ({h.integer(r['numerator'])}/{h.integer(r['denominator'])})" if pd.notna(r["denominator"]) else ""
    own = r.get("self_reported")  # issue 19: the unit's own figure where a verified one replaced it
    return h.pct(r["value"]) + den + (f"; đơn vị tự báo cáo {own}" if isinstance(own, str) else "")


def _unit_card(unit: pd.Series, rows: pd.DataFrame, params: Params) -> str:
    """One unit's scorecard: its result, target and attainment for each criterion that concerns its group."""
    labels = {c.code: c.label_vi for c in params.criteria}
    bands = _band_labels(params)
    rows = rows.assign(label=rows["criterion_code"].map(labels))
    outside = rows[rows["status"] == NOT_APPLICABLE]["criterion_code"].tolist()
    rows = rows[rows["status"] != NOT_APPLICABLE]
    rows = rows.assign(
        shown=rows.apply(_result, axis=1) if len(rows) else "",
        target_vi=[
            h.pct(t) if m == "rate" else h.integer(t) for t, m in zip(rows["target"], rows["measure"], strict=True)
        ],
        attain=rows["attainment"].map(lambda v: h.pct(v, blank=HEAT_BLANK_TEXT)),
    )
    counted = rows[rows["status"].isin([MEASURED, MISSING])]
    strengths = counted[counted["attainment"] >= 1]["criterion_code"].tolist()
    weak = counted[counted["attainment"] < 1].sort_values(["attainment", "order"])["criterion_code"].tolist()
    if unit["submitted"]:
        head = (
            f"{h.num1(unit['score'])} điểm · xếp loại {bands.get(unit['band'], '')} · hạng "
            f"{h.integer(unit['rank_in_group'])} trong khối · số liệu "
            + ("đầy đủ" if unit["data_complete"] else "chưa đầy đủ")
        )
    else:
        head = "Chưa nộp báo cáo hợp lệ: mọi tiêu chí áp dụng tính là thiếu số liệu."
    body = f'<p class="card-head" id="phieu-{h.esc(unit["unit_code"])}">{h.esc(head)}</p>'
    body += h.table(
        rows,
        [
            ("criterion_code", "Mã", None),
            ("label", "Tiêu chí", None),
            ("shown", "Kết quả", None),
            ("target_vi", "Chỉ tiêu", None),
            ("attain", "Mức đạt", None),
        ],
        css="card",
    )
    body += h.paragraph(
        "Điểm mạnh (đạt chỉ tiêu): " + (_named(strengths, params) or "chưa có") + ". "
        "Cần cải thiện: "
        + (_named(weak, params) or "không có")
        + "."
        + (f" Không áp dụng cho khối: {_named(outside, params)}." if outside else "")
    )
    title = (
        f"{unit['unit_name']} - {h.num1(unit['score'])} điểm"
        if unit["submitted"]
        else f"{unit['unit_name']} - chưa nộp báo cáo hợp lệ"
    )
    return h.details(title, body, anchor=f"don-vi-{unit['unit_code']}")


def _target_text(targets: pd.Series, measure: str) -> str:
    """The targets a group's units have for one criterion («chỉ tiêu 75%», or several when levels differ)."""
    values = sorted(set(targets.dropna()), reverse=True)
    shown = [h.pct(v) if measure == "rate" else h.integer(v) for v in values]
    return "chỉ tiêu " + " hoặc ".join(shown) if shown else ""


def scorecard_annex(scores: pd.DataFrame, table: pd.DataFrame, params: Params) -> str:
    """The scorecards on paper: per group, one row per unit that submitted with its result for each criterion.

    The same facts as the unit's scorecard (result with its counts, the target in the header; attainment
    and rank are in section 3), a few landscape pages instead of a hundred collapsible cards.
    """
    parts = [
        h.paragraph(
            "Bản in: kết quả từng tiêu chí của mọi đơn vị đã nộp, mỗi khối một bảng (mức đạt và xếp hạng ở mục 3); "
            "phiếu đầy đủ của từng đơn vị có trong report.html và trong tệp phản hồi feedback/<mã đơn vị>.xlsx."
        )
    ]
    results = table.assign(shown=table.apply(_result, axis=1) if len(table) else "")
    for group in params.structure.groups:
        units = scores[(scores["unit_group"] == group) & scores["submitted"]].sort_values(
            ["rank_in_group", "unit_code"], kind="stable"
        )
        absent = scores[(scores["unit_group"] == group) & ~scores["submitted"]].sort_values("unit_code")
        if units.empty and absent.empty:
            continue
        parts.append(h.heading(3, f"pl-{group}", params.structure.group_label(group)))
        rows = results[results["unit_code"].isin(units["unit_code"])]
        wide = rows.pivot(index="unit_code", columns="criterion_code", values="shown")
        frame = units.merge(wide, left_on="unit_code", right_index=True, how="left")
        columns: list[h.Column] = [
            ("rank_in_group", "Hạng", h.integer),
            ("unit_name", "Đơn vị", None),
            ("score", "Điểm", h.num1),
        ]
        for crit in params.criteria:
            if group in crit.applies_to:
                target = _target_text(rows.loc[rows["criterion_code"] == crit.code, "target"], crit.measure)
                header = h.Safe(f'{criterion_header(crit.code, params)}<span class="short">{h.esc(target)}</span>')
                columns.append((crit.code, header, None))
        if len(frame):
            parts.append(h.table(frame, columns, css="league annex", **_limit(params, "scores.csv")))
        if len(absent):
            parts.append(
                h.paragraph(
                    "Chưa nộp báo cáo hợp lệ (mọi tiêu chí áp dụng tính là thiếu số liệu): "
                    + ", ".join(absent["unit_name"])
                    + "."
                )
            )
    return '<div class="print-only">' + "".join(parts) + "</div>"


def scorecards(scores: pd.DataFrame, table: pd.DataFrame, params: Params) -> str:
    """One collapsible scorecard per unit, grouped by unit group; on paper, the annex tables instead."""
    anchor, title = "phieu-danh-gia", SECTION["phieu-danh-gia"]
    if len(scores) > params.report.max_scorecards:
        return h.heading(2, anchor, title) + h.paragraph(
            f"{h.integer(len(scores))} đơn vị: phiếu đánh giá từng đơn vị nằm trong thư mục feedback/ (mỗi đơn vị một "
            "tệp Excel, kèm các vấn đề dữ liệu của đơn vị) và trong scores.csv, để trang báo cáo gọn nhẹ."
        )
    parts = [h.heading(2, anchor, title), '<div class="screen-only">', h.paragraph("Bấm vào tên đơn vị để mở phiếu.")]
    by_unit = dict(tuple(table.groupby("unit_code", sort=False, observed=True)))
    for group in params.structure.groups:
        units = scores[scores["unit_group"] == group].sort_values(
            ["rank_in_group", "unit_code"], kind="stable", na_position="last"
        )
        if units.empty:
            continue
        parts.append(h.heading(3, f"pdg-{group}", params.structure.group_label(group)))
        parts += [_unit_card(u, by_unit[u["unit_code"]], params) for _, u in units.iterrows()]
    parts += ["</div>", scorecard_annex(scores, table, params)]
    return '<div class="landscape">' + "".join(parts) + "</div>"


def finding_place(file: Any, sheet: Any, row: Any, column: Any) -> str:
    """Where a finding is, in words: «22819.xlsx · trang ChiTieu · dòng 7 · cột C», or «· cả tệp» for a file."""
    parts = [str(file)]
    parts += [f"trang {sheet}"] if not h.is_blank(sheet) and str(sheet) else []
    parts += [f"dòng {h.integer(row)}"] if not h.is_blank(row) else []
    parts += [f"cột {column}"] if not h.is_blank(column) and str(column) else []
    return " · ".join(parts if len(parts) > 1 else [*parts, "cả tệp"])


FINDING_COLUMNS: list[h.Column] = [
    ("unit", "Đơn vị", None),
    ("where", "Vị trí", None),
    ("value", "Giá trị", None),
    ("message_vi", "Vấn đề", None),
    ("severity_vi", "Mức độ", None),
]
# On paper, 7.3 lists the findings that changed or removed a value; the notes (a value checked against the source
# system and found to agree: most of them) are counted by rule in 7.2, and every row is in data_quality.xlsx and in
# the unit's feedback workbook. The screen keeps all of them.
PRINTED_FINDINGS_NOTE = (
    "Bản in liệt kê {shown}/{total} vấn đề (mức lỗi và cảnh báo); {info} ghi nhận mức thông tin được đếm theo "
    "quy tắc ở mục 7.2. Đầy đủ trong report.html, data_quality.xlsx (trang ChiTiet) và phiếu phản hồi của từng đơn vị."
)


def _findings_on_paper(by_unit: pd.DataFrame, params: Params) -> tuple[str, str]:
    """What paper shows of 7.3: the errors and warnings (print-only), and the line that says where the rest is."""
    shown = by_unit[by_unit["severity"] != INFO]
    table = h.table(
        shown,
        FINDING_COLUMNS,
        empty="Không có lỗi hay cảnh báo.",
        **_limit(params, "data_quality.xlsx (trang ChiTiet)"),
    )
    note = PRINTED_FINDINGS_NOTE.format(
        shown=h.integer(len(shown)), total=h.integer(len(by_unit)), info=h.integer(len(by_unit) - len(shown))
    )
    return f'<div class="print-only">{table}</div>', note


def data_quality_appendix(issues: pd.DataFrame, submissions: pd.DataFrame, scores: pd.DataFrame, params: Params) -> str:
    """Files received, findings by unit and rule, superseded files, row accounting."""
    anchor, title = "chat-luong-du-lieu", SECTION["chat-luong-du-lieu"]
    files = submissions.assign(status_vi=submissions["status"].map(FILE_STATUS_VI))
    counts = files.groupby("status_vi").size().rename("n").reset_index()
    names = dict(zip(scores["unit_code"], scores["unit_name"], strict=True))
    by_rule = (
        issues.assign(severity_vi=issues["severity"].map(SEVERITY_VI))
        .groupby(["message_vi", "severity_vi"])
        .size()
        .rename("n")
        .reset_index()
        .sort_values(["n", "message_vi"], ascending=[False, True])
    )
    unknown_unit = "(không xác định được đơn vị)"
    by_unit = issues.assign(unit=issues["unit_code"].map(names).fillna(unknown_unit))
    by_unit = by_unit.assign(
        severity_vi=by_unit["severity"].map(SEVERITY_VI),
        where=[
            finding_place(*place)
            for place in zip(by_unit["file"], by_unit["sheet"], by_unit["row"], by_unit["column"], strict=True)
        ],
    )
    rejected = files[files["status"] != ACCEPTED]
    rejected = rejected.assign(
        problem_vi=rejected["problem"].map(lambda code: RULES[code].vi),
        unit=rejected["unit_code"].map(names).fillna(unknown_unit),
    )
    totals = submissions[["rows_read", "rows_accepted", "rows_rejected"]].sum()
    paper_findings, paper_note = _findings_on_paper(by_unit, params)
    return "".join(
        [
            h.heading(2, anchor, title),
            h.heading(3, "tep-nhan", "7.1. Tệp đã nhận"),
            h.table(counts, [("status_vi", "Trạng thái", None), ("n", "Số tệp", h.integer)]),
            h.table(
                rejected,
                [
                    ("file", "Tệp", None),
                    ("unit", "Đơn vị", None),
                    ("status_vi", "Trạng thái", None),
                    ("problem_vi", "Lý do", None),
                ],
                caption="Tệp bị loại hoặc đã được thay thế",
                empty="Không có tệp bị loại.",
                **_limit(params, "data_quality.xlsx (trang TepDaNhan)"),
            ),
            h.heading(3, "theo-quy-tac", "7.2. Vấn đề theo quy tắc"),
            h.table(
                by_rule,
                [("message_vi", "Quy tắc", None), ("severity_vi", "Mức độ", None), ("n", "Số lần", h.integer)],
                empty="Không phát hiện vấn đề.",
            ),
            h.heading(3, "theo-don-vi", "7.3. Vấn đề theo đơn vị"),
            paper_findings,
            h.details(
                f"Chi tiết {len(by_unit)} vấn đề (tệp, trang, dòng, cột)",
                h.table(by_unit, FINDING_COLUMNS, **_limit(params, "data_quality.xlsx (trang ChiTiet)")),
                printed=paper_note,
            ),
            h.heading(3, "doi-soat-dong", "7.4. Đối soát số dòng"),
            h.paragraph(
                f"Đọc {h.integer(totals['rows_read'])} dòng dữ liệu: nhận {h.integer(totals['rows_accepted'])}, "
                f"loại {h.integer(totals['rows_rejected'])} (mỗi dòng được nhận hoặc loại kèm lý do)."
            ),
            h.details(
                "Đối soát theo tệp",
                h.table(
                    submissions,
                    [
                        ("file", "Tệp", None),
                        ("rows_read", "Đọc", h.integer),
                        ("rows_accepted", "Nhận", h.integer),
                        ("rows_rejected", "Loại", h.integer),
                    ],
                    **_limit(params, "row_accounting.csv"),
                ),
                printed="Bản in không kèm bảng này: số dòng đọc, nhận, loại của từng tệp có trong row_accounting.csv.",
            ),
        ]
    )


def targets_vi(crit: Any, params: Params) -> str:
    """A criterion's targets in words, «chung: 75%; Cấp xã: 50%» (methodology and the review's progress)."""
    return "; ".join(
        f"{'chung' if k == 'default' else params.structure.levels[k]}: "
        f"{h.pct(v) if crit.measure == 'rate' else h.integer(v)}"
        for k, v in crit.target.items()
    )


def progress_section(table: pd.DataFrame, kpis: pd.DataFrame, params: Params) -> str:
    """Section 4 of a six-month review: per criterion, the units that already meet the year's target.

    The same attainment as the scores (the year's targets, not pro-rated): a unit on track has reached the
    target the plan sets for the whole year. Units that reported; a missing value is not on track.
    """
    anchor = "khen-thuong"
    codes = [c.code for c in params.criteria]
    counts = met_counts(table[table["submitted"]], "criterion_code").reindex(codes).fillna(0)
    rows = pd.DataFrame(
        {
            "criterion": [f"{c.code}. {c.short_vi}" for c in params.criteria],
            "targets": [targets_vi(c, params) for c in params.criteria],
        },
        index=codes,
    ).join(counts)
    rows["share"] = rows["met"] / rows["applicable"].where(rows["applicable"] > 0)
    return "".join(
        [
            h.heading(2, anchor, section_title(anchor, params)),
            h.paragraph(
                "Chỉ tiêu so sánh là chỉ tiêu của cả năm (không chia theo tháng): đơn vị «đã đạt» là đơn vị có kết "
                f"quả từ {fmt_date(params.period.start)} đến {fmt_date(params.period.end)} đạt chỉ tiêu năm của cấp "
                "mình. "
                f"Chỉ tiêu của tỉnh: {h.integer(kpis['met'].sum())}/{h.integer(len(kpis))} đã đạt mức kế hoạch "
                "(mục 1.2). Xếp hạng ở mục 3 là xếp hạng tiến độ. Bảng tính trên các đơn vị đã nộp báo cáo sơ kết; "
                "đơn vị thiếu số liệu tính là chưa đạt."
            ),
            h.table(
                rows,
                [
                    ("criterion", "Tiêu chí", None),
                    ("targets", "Chỉ tiêu năm", None),
                    ("applicable", "Đơn vị thuộc diện", h.integer),
                    ("measured", "Có số liệu", h.integer),
                    ("met", "Đã đạt chỉ tiêu năm", h.integer),
                    ("share", "Tỷ lệ đã đạt", lambda v: h.pct(v, blank=HEAT_BLANK_TEXT)),
                ],
                cards=True,
            ),
        ]
    )


def no_award_section(submissions: pd.DataFrame, params: Params) -> str:
    """Section 5 of a six-month review: the one paragraph (params review words) saying why there is no award list,
    and the nominations units sent with their workbooks, counted, which the review does not judge."""
    anchor = "do-tin-cay"
    nominees = int(submissions.loc[submissions["status"] == ACCEPTED, "nominees_read"].sum())
    parts = [h.heading(2, anchor, section_title(anchor, params))]
    parts.append(h.paragraph(params.review_text(params.review.no_award_vi)))
    if nominees:
        parts.append(h.paragraph(params.review_text(params.review.nominees_vi, nominees=nominees)))
    return "".join(parts)


def methodology(params: Params, provenance: dict[str, Any], run: str) -> str:
    """Criteria as used, formulas, parameters, hashes, versions, revision, how to re-execute."""
    anchor, title = "phuong-phap", SECTION["phuong-phap"]
    crit = pd.DataFrame(
        [
            {
                "code": c.code,
                "label": c.label_vi,
                "weight": c.weight,
                "targets": targets_vi(c, params),
                "groups": ", ".join(params.structure.group_label(g) for g in c.applies_to),
            }
            for c in params.criteria
        ]
    )
    rubric = params.individual_rubric
    revision = provenance["code_revision"]
    hashes = pd.DataFrame(sorted(provenance["inputs"].items()), columns=["path", "sha256"])
    versions = pd.DataFrame(sorted(provenance["packages"].items()), columns=["package", "version"])
    return "".join(
        [
            h.heading(2, anchor, title),
            h.paragraph(
                "Kế hoạch của tỉnh quy định tiêu chí và chỉ tiêu nhưng không quy định công thức chấm điểm; quy định "
                "chấm điểm của tỉnh (Quyết định 56/QĐ-UBND, Hướng dẫn 2730/HD-SNV) không có trong dữ liệu của hệ "
                "thống. "
                "Phương pháp dưới đây là đề xuất của hệ thống; Hội đồng có thể thay đổi mọi trọng số, chỉ tiêu, "
                "ngưỡng trong tệp tham số."
            ),
            h.heading(3, "cong-thuc", "9.1. Công thức"),
            h.bullet_list(
                [
                    "Mức đạt của tiêu chí tỷ lệ = min(tỷ lệ / chỉ tiêu theo cấp của đơn vị, 1); tiêu chí số "
                    f"lượng ({', '.join(params.products_criteria)}) = "
                    "min(số lượng / chỉ tiêu, 1).",
                    "Điểm đơn vị (0-100) = 100 × Σ trọng số × mức đạt / Σ trọng số, chỉ tính các tiêu chí áp "
                    "dụng cho đơn vị "
                    "(trọng số được chuẩn hóa lại, đơn vị không bị trừ điểm vì tiêu chí không áp dụng).",
                    "Tiêu chí không áp dụng cho khối, hoặc mẫu số bằng 0 (không phát sinh): không tính, không "
                    "phải 0% cũng "
                    "không phải 100%.",
                    "Mẫu số bằng 0 ở tiêu chí mà khối của đơn vị không thể không phát sinh ("
                    + "; ".join(
                        f"{params.structure.group_label(g)}: {', '.join(codes)}"
                        for g, codes in params.scoring.zero_not_plausible.items()
                    )
                    + ") là lỗi số liệu: tiêu chí được tính là thiếu số liệu, không phải không phát sinh.",
                    "Tiêu chí áp dụng nhưng thiếu số liệu hoặc số liệu bị loại: mức đạt 0 và đơn vị bị ghi «số "
                    "liệu chưa đầy "
                    "đủ» (không đủ điều kiện khen thưởng).",
                    "Điểm thành tích cá nhân theo thang điểm trong tham số: sản phẩm chủ trì "
                    f"{rubric.products_led.points_each} điểm/sản phẩm (tối đa "
                    f"{rubric.products_led.max}), sáng kiến "
                    + ", ".join(f"{INITIATIVE_LEVELS[k].lower()} {v}" for k, v in rubric.initiative_level.items())
                    + f", bồi dưỡng {rubric.training_courses.points_each} điểm/khóa (tối đa "
                    f"{rubric.training_courses.max}), xếp loại "
                    + ", ".join(f"{ANNUAL_RATINGS[k].lower()} {v}" for k, v in rubric.annual_rating.items())
                    + ".",
                    "Người đứng đầu đơn vị được chấm trên cùng thang điểm, theo thành tích của tập thể mình lãnh đạo: "
                    "số sản phẩm chuyển đổi số của đơn vị thay cho sản phẩm chủ trì, điểm của tập thể thay cho sáng "
                    "kiến ("
                    + "; ".join(
                        f"từ {h.num1(step.min)} điểm: {h.num1(step.points)}"
                        for step in rubric.unit_head.collective_score_points
                    )
                    + "), bồi dưỡng và xếp loại của chính người đó; chỉ đủ điều kiện khi tập thể đạt các điều kiện kết "
                    "quả (số liệu đầy đủ, đủ dữ liệu đo lường, điểm tối thiểu, có sản phẩm). Vì cùng thang điểm, người "
                    "đứng đầu và người trực tiếp công tác có thể bằng điểm, và khi đó quy tắc ưu tiên quyết định.",
                    "Người giữ chức vụ lãnh đạo (xếp sau người trực tiếp công tác khi bằng điểm): người đứng đầu đơn "
                    "vị, và người có chức vụ chứa một trong các chức danh "
                    + ", ".join(params.priority.leader_positions)
                    + " (không phân biệt chữ hoa, chữ thường), trừ khi cột «Giữ chức vụ lãnh đạo, quản lý» ghi khác.",
                    "Xếp loại điểm: " + "; ".join(f"{b.label_vi} từ {b.min}" for b in params.bands) + ".",
                    h.NUMBER_FORMAT_VI,
                ]
            ),
            h.heading(3, "tieu-chi-trong-so", "9.2. Tiêu chí, chỉ tiêu và trọng số đã dùng"),
            h.table(
                crit,
                [
                    ("code", "Mã", None),
                    ("label", "Tiêu chí", None),
                    ("targets", "Chỉ tiêu", None),
                    ("weight", "Trọng số", h.num1),
                    ("groups", "Áp dụng cho", None),
                ],
            ),
            h.heading(3, "nguon-goc", "9.3. Nguồn gốc số liệu và cách kiểm tra lại"),
            h.bullet_list(
                [
                    f"Mã lần chạy: {run}; tệp tham số: params/{run}.yaml.",
                    f"Phiên bản mã nguồn: {revision['commit']}"
                    + (" (có thay đổi chưa lưu vào git)" if revision.get("dirty") else ""),
                    f"Chạy lại: make report RUN={run} (hoặc python -m lib report --run {run}); kiểm tra: make "
                    f"audit RUN={run}.",
                ]
            ),
            h.details(
                f"Mã băm SHA-256 của {len(hashes)} tệp đầu vào, tham số và mã nguồn",
                h.table(
                    hashes,
                    [("path", "Tệp", None), ("sha256", "SHA-256", None)],
                    css="mono",
                    **_limit(params, "manifest.json"),
                ),
                printed="Bản in không kèm danh sách này: mã băm của mọi tệp có trong manifest.json.",
            ),
            h.details(
                "Phiên bản phần mềm",
                h.table(versions, [("package", "Gói", None), ("version", "Phiên bản", None)]),
                printed="Bản in không kèm danh sách này: phiên bản từng gói có trong manifest.json.",
            ),
        ]
    )


def _stability_vi(value: Any) -> str:
    return "—" if h.is_blank(value) else h.pct(value)


def robustness_section(awards: pd.DataFrame, oat: pd.DataFrame, params: Params) -> str:
    """Rank intervals, borderline cases and the choice that moves the ranking most."""
    anchor, title = "do-tin-cay", SECTION["do-tin-cay"]
    u = params.uncertainty
    threshold = float(u.borderline_stability)
    listed = awards[awards["status"].isin([sel.RECOMMENDED, sel.RESERVE])]
    method = (
        f"mỗi trọng số nhân với hệ số ngẫu nhiên đều trong khoảng ±{h.pct(u.weights.spread)}"
        if u.weights.method == "uniform"
        else f"trọng số rút theo phân phối Dirichlet (độ tập trung {u.weights.concentration})"
    )
    parts = [
        h.heading(2, anchor, title),
        h.paragraph(
            f"Trọng số và cách chấm điểm là lựa chọn mang tính giá trị. Hệ thống mô phỏng "
            f"{h.integer(u.samples)} lần "
            f"(hạt giống {u.seed}): {method}; cách tính mức đạt chọn ngẫu nhiên trong "
            f"{', '.join(ATTAINMENT_METHODS_VI[m] for m in u.attainment_methods)}; cách tổng hợp chọn trong "
            f"{', '.join(AGGREGATIONS_VI[a] for a in u.aggregations)}. Điều kiện khen thưởng giữ nguyên; điểm, "
            "thứ hạng và "
            "việc chọn theo số lượng tối đa được tính lại ở mỗi lần. Độ ổn định là tỷ lệ số lần mô phỏng mà tập thể, "
            "cá nhân vẫn nằm trong danh sách đề nghị."
        ),
    ]
    for kind, label in NOMINEE_KINDS_VI.items():
        part = listed[listed["kind"] == kind]
        if part.empty:
            continue
        parts.append(h.heading(3, f"tin-cay-{kind}", label))
        parts.append(charts.rank_intervals(part, f"Khoảng thứ hạng - {label.lower()}"))
        parts.append(
            h.table(
                part.assign(status_vi=part["status"].map(AWARD_STATUS_VI)),
                [
                    ("rank", "Thứ hạng", h.integer),
                    ("nominee_name", "Tên", None),
                    ("status_vi", "Kết quả", None),
                    ("stability", "Độ ổn định", _stability_vi),
                    ("rank_p05", "Hạng 5%", h.integer),
                    ("rank_median", "Hạng trung vị", h.integer),
                    ("rank_p95", "Hạng 95%", h.integer),
                ],
            )
        )
    borderline = listed[(listed["status"] == sel.RECOMMENDED) & (listed["stability"] < threshold)]
    reserves_in = listed[(listed["status"] == sel.RESERVE) & (listed["stability"] >= 1 - threshold)]
    sentences = [
        f"{r.nominee_name} (đề nghị, hạng {r.rank}): chỉ nằm trong danh sách ở {h.pct(r.stability)} số lần mô phỏng, "
        f"thứ hạng dao động {r.rank_p05}-{r.rank_p95}; kết quả phụ thuộc vào trọng số và cách chấm."
        for r in borderline.itertuples()
    ] + [
        f"{r.nominee_name} (dự bị, hạng {r.rank}): vào danh sách đề nghị ở {h.pct(r.stability)} số lần mô phỏng."
        for r in reserves_in.itertuples()
    ]
    parts.append(h.heading(3, "truong-hop-can-nhac", "Trường hợp cần cân nhắc"))
    parts.append(
        h.bullet_list(sentences)
        if sentences
        else h.paragraph(
            f"Không có đề nghị nào có độ ổn định dưới {h.pct(threshold)}: danh sách đề nghị vững trước các thay đổi "
            "đã mô phỏng."
        )
    )
    parts.append(h.heading(3, "nguon-bat-dinh", "Lựa chọn nào làm thay đổi thứ hạng nhiều nhất"))
    parts.append(
        h.paragraph(
            "Thay đổi từng nguồn một, giữ các lựa chọn khác như phương pháp chính thức (so sánh một nhân tố mỗi lần)."
        )
    )
    parts.append(
        h.table(
            oat.sort_values("mean_abs_rank_change", ascending=False, kind="stable"),
            [
                ("source", "Nguồn thay đổi", None),
                ("mean_abs_rank_change", "Thay đổi hạng trung vị (trung bình)", h.num1),
                ("max_rank_shift", "Dịch chuyển hạng lớn nhất", h.integer),
                ("share_status_changes", "Tỷ lệ có lúc vào, lúc ra danh sách", h.pct),
            ],
        )
    )
    return "".join(parts)
