"""Eligibility gates for the Certificate of Merit, one small function per gate.

Each gate takes the nominee table and returns a :class:`Gate`: who passes,
and for those who fail, the reason in Vietnamese, ready for the report. The
gates never look at rank or caps; that is :mod:`lib.scoring.selection`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.contract.formats import fmt_date, fmt_score, fmt_share
from lib.contract.labels import ANNUAL_RATINGS
from lib.contract.params import Params

COLLECTIVE_DOCUMENTS = {
    "has_proposal": "tờ trình",
    "has_achievement_report": "báo cáo thành tích",
    "has_council_minutes": "biên bản Hội đồng Thi đua - Khen thưởng",
    "has_movement_plan": "kế hoạch phát động phong trào năm 2023",
    "has_results_report": "báo cáo kết quả phong trào năm 2023",
}
INDIVIDUAL_DOCUMENTS = {
    k: COLLECTIVE_DOCUMENTS[k] for k in ("has_proposal", "has_achievement_report", "has_council_minutes")
}


@dataclass(frozen=True)
class Gate:
    """The outcome of one gate for every nominee."""

    code: str
    passed: pd.Series
    reason: pd.Series  # "" where passed


def _gate(code: str, passed: pd.Series, reason: pd.Series | str) -> Gate:
    passed = passed.fillna(False).astype(bool)
    reason = pd.Series(reason, index=passed.index) if isinstance(reason, str) else reason
    return Gate(code, passed, reason.where(~passed, ""))


def dossier_complete(nominees: pd.DataFrame, documents: dict[str, str]) -> Gate:
    """Every document of the dossier is present."""
    present = nominees[list(documents)].fillna(False).astype(bool)
    pieces = [pd.Series(np.where(present[c], "", label), index=nominees.index) for c, label in documents.items()]
    return _gate("ho_so_day_du", present.all(axis=1), "Hồ sơ thiếu: " + join_nonempty(pieces, ", ", nominees.index))


def join_nonempty(pieces: list[pd.Series], sep: str, index: pd.Index) -> pd.Series:
    """Per row, the non-empty texts of several columns joined by sep (vectorised: no row loop)."""
    joined = pd.Series("", index=index, dtype=object)
    for piece in pieces:
        piece = piece.astype(object).fillna("")
        glue = pd.Series(np.where((joined != "") & (piece != ""), sep, ""), index=index, dtype=object)
        joined = joined + glue + piece
    return joined


def on_time(nominees: pd.DataFrame, deadline: dt.date, inclusive: bool) -> Gate:
    """Received by the deadline, judged on the register date where there is one."""
    received = nominees["received_on"]
    ok = received.map(lambda d: isinstance(d, dt.date) and (d <= deadline if inclusive else d < deadline))
    source = pd.Series(
        np.where(nominees["received_source"] == "so_tiep_nhan", "theo sổ tiếp nhận", "theo ngày gửi đơn vị khai"),
        index=nominees.index,
    )
    reason = (
        "Hồ sơ nhận ngày " + received.map(fmt_date).astype(str) + " (" + source + f"), sau hạn {fmt_date(deadline)}"
    )
    return _gate("dung_han", ok.astype(bool), reason)


def no_discipline(nominees: pd.DataFrame) -> Gate:
    """Not disciplined in the year."""
    return _gate("khong_ky_luat", ~nominees["disciplined"].astype(bool), "Bị kỷ luật trong năm 2023")


def not_under_investigation(nominees: pd.DataFrame) -> Gate:
    """Not under inspection, examination or investigation."""
    return _gate(
        "khong_bi_dieu_tra", ~nominees["under_investigation"].astype(bool), "Đang bị xem xét, thanh tra, điều tra"
    )


def has_dx_products(nominees: pd.DataFrame, minimum: int) -> Gate:
    """The collective put at least ``minimum`` DX products into use in the year."""
    return _gate(
        "co_san_pham_cds",
        nominees["n_products"] >= minimum,
        f"Không có sản phẩm chuyển đổi số hoàn thành trong năm (cần ít nhất {minimum})",
    )


def data_complete(nominees: pd.DataFrame) -> Gate:
    """Every applicable criterion has a valid value."""
    return _gate(
        "so_lieu_day_du",
        nominees["data_complete"].astype(bool),
        "Số liệu tiêu chí chưa đầy đủ hoặc bị loại ("
        + nominees["n_missing"].fillna(0).astype(int).astype(str)
        + " tiêu chí thiếu)",
    )


def enough_measured(nominees: pd.DataFrame, minimum: float, judged: pd.Series | None = None) -> Gate:
    """A score needs data: the unit measured at least ``minimum`` of the weight that applies to its group.

    The score re-normalises over what counts, so a unit that typed 0/0 everywhere would score on nothing;
    its score stays shown, but it is not awarded. ``judged`` marks who is scored by the unit's result
    (default: everyone, as for collectives); for individuals only unit heads are, the others are scored
    on the rubric and pass.
    """
    share = nominees["measured_share"].astype(float)
    ok = share >= minimum
    if judged is not None:
        ok = ok | ~judged.astype(bool)
    shown = share.map(lambda v: fmt_share(v, minimum)).astype(str)
    return _gate(
        "du_du_lieu_do_luong",
        ok,
        "Không đủ dữ liệu đo lường: tiêu chí có số liệu chỉ chiếm "
        + shown
        + f" tổng trọng số các tiêu chí áp dụng cho đơn vị, dưới mức tối thiểu {fmt_share(minimum, minimum)}",
    )


def min_score(nominees: pd.DataFrame, minimum: float) -> Gate:
    """Score at or above the council's minimum (unrounded comparison)."""
    return _gate(
        "dat_diem_toi_thieu",
        nominees["score"] >= minimum,
        "Điểm " + nominees["score"].map(fmt_score).astype(str) + f" thấp hơn mức tối thiểu {fmt_score(minimum)}",
    )


def rating_at_least(nominees: pd.DataFrame, minimum: str) -> Gate:
    """Annual rating at least the minimum (default: hoàn thành tốt nhiệm vụ)."""
    order = list(ANNUAL_RATINGS)
    ok = nominees["annual_rating"].map(order.index) <= order.index(minimum)
    return _gate(
        "xep_loai",
        ok,
        "Xếp loại năm "
        + nominees["annual_rating"].map(ANNUAL_RATINGS).str.lower()
        + f", chưa đạt mức «{ANNUAL_RATINGS[minimum].lower()}»",
    )


def has_dx_achievement(nominees: pd.DataFrame) -> Gate:
    """A concrete DX achievement: a product led or a recognised initiative.

    A unit head is judged on the collective they lead: the unit's products.
    """
    own = (nominees["products_led"] > 0) | (nominees["initiative_level"] != "khong")
    led = nominees["n_products"] > 0
    ok = own.where(~nominees["is_leader"].astype(bool), led)
    return _gate(
        "co_thanh_tich_cds", ok, "Chưa có thành tích chuyển đổi số cụ thể (sản phẩm chủ trì, sáng kiến được công nhận)"
    )


def collective_gates(nominees: pd.DataFrame, params: Params) -> list[Gate]:
    """The gates of SPEC §4 for collectives, in the order the report lists them."""
    rules, award = params.eligibility.collective, params.award
    return [
        dossier_complete(nominees, COLLECTIVE_DOCUMENTS),
        on_time(nominees, award.deadline, award.deadline_inclusive),
        has_dx_products(nominees, rules.min_products),
        no_discipline(nominees),
        not_under_investigation(nominees),
        data_complete(nominees),
        enough_measured(nominees, params.eligibility.min_measured_share),
        min_score(nominees, rules.min_score),
    ]


def individual_gates(nominees: pd.DataFrame, params: Params) -> list[Gate]:
    """The gates of SPEC §4 for individuals."""
    rules, award = params.eligibility.individual, params.award
    return [
        dossier_complete(nominees, INDIVIDUAL_DOCUMENTS),
        on_time(nominees, award.deadline, award.deadline_inclusive),
        no_discipline(nominees),
        not_under_investigation(nominees),
        rating_at_least(nominees, rules.min_rating),
        has_dx_achievement(nominees),
        enough_measured(nominees, params.eligibility.min_measured_share, judged=nominees["is_leader"]),
        min_score(nominees, rules.min_score),
    ]


def apply_gates(nominees: pd.DataFrame, gates: list[Gate]) -> pd.DataFrame:
    """Add ``eligible`` and ``failed_reasons`` (every failed gate, '; '-joined)."""
    out = nominees.copy()
    if not len(out):
        return out.assign(eligible=pd.Series(dtype=bool), failed_reasons=pd.Series(dtype=str))
    passed = pd.concat([g.passed for g in gates], axis=1)
    out["eligible"] = passed.all(axis=1)
    out["failed_reasons"] = join_nonempty([g.reason for g in gates], "; ", out.index)
    return out


def not_same_achievement(nominees: pd.DataFrame, recommended_units: set[str]) -> Gate:
    """No second award for one achievement.

    A unit head is judged on the achievements of the collective they lead, so
    when that collective is recommended, the head is not recommended for the
    same achievement.
    """
    clash = nominees["is_leader"].astype(bool) & nominees["unit_code"].isin(recommended_units)
    return _gate(
        "khong_trung_thanh_tich",
        ~clash,
        "Thành tích trùng với tập thể đơn vị đã được đề nghị khen thưởng (không khen hai lần một thành tích)",
    )
