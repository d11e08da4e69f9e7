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

from lib.contract.formats import fmt_date, fmt_score, fmt_score_against, fmt_share
from lib.contract.labels import ANNUAL_RATINGS
from lib.contract.params import Params


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
    """Every document of the dossier is present (a blank or unreadable answer is not a document).

    ``documents``: column -> document name, params ``dossier`` (:meth:`Params.dossier_documents`): which
    documents a dossier holds is the legal basis of the run, not the code's.
    """
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
    """Received by the deadline, judged on the register date wherever the register has the unit.

    Without a date to judge (the register's row for the unit has none that can
    be read, or the unit's declared date is blank or invalid) the dossier is
    not on time, and the reason says which date is missing.
    """
    received = nominees["received_on"]
    dated = received.map(lambda d: isinstance(d, dt.date)).astype(bool)
    ok = received.map(lambda d: isinstance(d, dt.date) and (d <= deadline if inclusive else d < deadline))
    logged = (nominees["received_source"] == "so_tiep_nhan").to_numpy()
    source = pd.Series(
        np.where(logged, "theo sổ tiếp nhận", "theo ngày gửi đơn vị khai; sổ tiếp nhận không có hồ sơ của đơn vị"),
        index=nominees.index,
    )
    late = "Hồ sơ nhận ngày " + received.map(fmt_date).astype(str) + " (" + source + f"), sau hạn {fmt_date(deadline)}"
    undated = pd.Series(
        np.where(
            logged,
            "Sổ tiếp nhận có hồ sơ của đơn vị nhưng ngày nhận không đọc được: không xác định được hồ sơ đúng hạn",
            "Không có ngày gửi hồ sơ hợp lệ (sổ tiếp nhận không có hồ sơ của đơn vị): không xác định được hồ sơ "
            "đúng hạn",
        ),
        index=nominees.index,
    )
    return _gate("dung_han", ok.astype(bool), late.where(dated, undated))


def is_no(values: pd.Series) -> pd.Series:
    """True where the answer is a readable "Không"; a blank or unreadable answer is not a "no"."""
    return values.map(lambda v: v is False or v is np.False_).astype(bool)


def is_yes(values: pd.Series) -> pd.Series:
    """True where the answer is a readable "Có"; a blank or unreadable answer is not a "yes"."""
    return values.map(lambda v: v is True or v is np.True_).astype(bool)


def no_discipline(nominees: pd.DataFrame) -> Gate:
    """Not disciplined in the year."""
    answered = nominees["disciplined"].notna()
    unknown = "Không rõ có bị kỷ luật trong năm hay không (ô bỏ trống hoặc không hợp lệ)"
    return _gate(
        "khong_ky_luat",
        is_no(nominees["disciplined"]),
        pd.Series("Bị kỷ luật trong năm", index=nominees.index).where(answered, unknown),
    )


def not_under_investigation(nominees: pd.DataFrame) -> Gate:
    """Not under inspection, examination or investigation."""
    answered = nominees["under_investigation"].notna()
    unknown = "Không rõ có đang bị xem xét, thanh tra, điều tra hay không (ô bỏ trống hoặc không hợp lệ)"
    return _gate(
        "khong_bi_dieu_tra",
        is_no(nominees["under_investigation"]),
        pd.Series("Đang bị xem xét, thanh tra, điều tra", index=nominees.index).where(answered, unknown),
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


def enough_measured(nominees: pd.DataFrame, minimum: float) -> Gate:
    """A score needs data: the unit measured at least ``minimum`` of the weight that applies to its group.

    The score re-normalises over what counts, so a unit that typed 0/0 everywhere would score on nothing;
    its score stays shown, but it is not awarded (a unit head with it: :func:`head_collective_results`).
    """
    share = nominees["measured_share"].astype(float)
    ok = share >= minimum
    shown = share.map(lambda v: fmt_share(v, minimum)).astype(str)
    return _gate(
        "du_du_lieu_do_luong",
        ok,
        "Không đủ dữ liệu đo lường: tiêu chí có số liệu chỉ chiếm "
        + shown
        + f" tổng trọng số các tiêu chí áp dụng cho đơn vị, dưới mức tối thiểu {fmt_share(minimum, minimum)}",
    )


def min_score(nominees: pd.DataFrame, minimum: float) -> Gate:
    """Score at or above the council's minimum (unrounded comparison); no score is below it."""
    score = nominees["score"].astype(float)
    shown = score.map(lambda v: fmt_score_against(v, minimum)).astype(str)
    below = "Điểm " + shown + f" thấp hơn mức tối thiểu {fmt_score(minimum)}"
    return _gate("dat_diem_toi_thieu", score >= minimum, below.where(score.notna(), "Không có điểm để xét"))


def rating_at_least(nominees: pd.DataFrame, minimum: str) -> Gate:
    """Annual rating at least the minimum (default: hoàn thành tốt nhiệm vụ)."""
    rank = {code: i for i, code in enumerate(ANNUAL_RATINGS)}
    ok = nominees["annual_rating"].map(rank) <= rank[minimum]
    wanted = f"mức «{ANNUAL_RATINGS[minimum].lower()}»"
    rated = "Xếp loại năm " + nominees["annual_rating"].map(ANNUAL_RATINGS).str.lower() + f", chưa đạt {wanted}"
    unknown = f"Xếp loại năm bỏ trống hoặc không đúng danh mục: không xác định được đạt {wanted}"
    return _gate("xep_loai", ok, rated.where(nominees["annual_rating"].notna(), unknown))


def _heads(nominees: pd.DataFrame) -> pd.Series:
    """Unit heads (a blank "is head" is nobody's head: the identity gate already bars that row)."""
    return is_yes(nominees["is_head"])


def has_dx_achievement(nominees: pd.DataFrame) -> Gate:
    """A concrete DX achievement: a product led or a recognised initiative.

    A unit head is judged on the collective they lead: the unit's products.
    """
    initiative = nominees["initiative_level"].notna() & (nominees["initiative_level"] != "khong")
    own = (nominees["products_led"] > 0) | initiative
    led = nominees["n_products"] > 0
    ok = own.where(~_heads(nominees), led)
    return _gate(
        "co_thanh_tich_cds", ok, "Chưa có thành tích chuyển đổi số cụ thể (sản phẩm chủ trì, sáng kiến được công nhận)"
    )


def head_collective_results(nominees: pd.DataFrame, params: Params) -> Gate:
    """A unit head is eligible only if the collective they lead passes the result gates (SPEC §4).

    Data complete, enough measured, the collective's minimum score and its
    products, judged on the unit whether or not it nominated itself. Staff pass.
    """
    rules = params.eligibility.collective
    minimum = params.eligibility.min_measured_share
    score = nominees["unit_score"].astype(float)
    index = nominees.index
    checks = [
        (is_yes(nominees["unit_data_complete"]), "số liệu tiêu chí chưa đầy đủ"),
        (nominees["measured_share"].astype(float) >= minimum, "không đủ dữ liệu đo lường"),
        (score >= rules.min_score, f"điểm tập thể dưới mức tối thiểu {fmt_score(rules.min_score)}"),
        (nominees["n_products"] >= rules.min_products, "đơn vị không có sản phẩm chuyển đổi số trong năm"),
    ]
    pieces = [pd.Series(np.where(ok.astype(bool), "", text), index=index) for ok, text in checks]
    failed = join_nonempty(pieces, ", ", index)
    shown = score.map(lambda v: fmt_score_against(v, rules.min_score)).astype(str)
    ok = (failed == "") | ~_heads(nominees)
    return _gate(
        "tap_the_dat_ket_qua",
        ok,
        "Người đứng đầu: tập thể đơn vị (điểm " + shown + ") chưa đạt điều kiện kết quả: " + failed,
    )


def appraisal_settled(nominees: pd.DataFrame, heads_only: bool = False) -> Gate:
    """No criterion of the unit is «cần thẩm định» (a system of record contradicts it, no appraisal yet).

    ``pending_appraisal`` holds the unit's open notes ("" when none); a blank
    (NaN) is not known to be settled and fails. A nominee table built without
    verification (no column) has nothing pending. ``heads_only``: individuals,
    of whom only a unit head is judged on the unit's data.
    """
    if "pending_appraisal" not in nominees.columns:
        return _gate("da_tham_dinh", pd.Series(True, index=nominees.index), "")
    notes = nominees["pending_appraisal"]
    ok = notes.map(lambda v: v == "").astype(bool)
    if heads_only:
        ok = ok | ~_heads(nominees)
    prefix = "Người đứng đầu: số liệu của tập thể đơn vị chưa được thẩm định: " if heads_only else ""
    reason = prefix + notes.astype(object).where(notes.notna(), "không rõ kết quả kiểm chứng số liệu").astype(str)
    return _gate("da_tham_dinh", ok, reason)


def collective_gates(nominees: pd.DataFrame, params: Params) -> list[Gate]:
    """The gates of SPEC §4 for collectives, in the order the report lists them."""
    rules, award = params.eligibility.collective, params.award
    return [
        dossier_complete(nominees, params.dossier_documents("collective")),
        on_time(nominees, award.deadline, award.deadline_inclusive),
        has_dx_products(nominees, rules.min_products),
        no_discipline(nominees),
        not_under_investigation(nominees),
        data_complete(nominees),
        enough_measured(nominees, params.eligibility.min_measured_share),
        min_score(nominees, rules.min_score),
        appraisal_settled(nominees),
    ]


def identified(nominees: pd.DataFrame) -> Gate:
    """One person, named, with a code of their own in the unit, nominated by this unit only, role known.

    A person is identified within the unit by (unit code, person code). A row
    without name or code, a later row repeating a code of the same unit, the
    second unit's nomination of a person another unit also nominates, and a
    row that does not say whether the person heads the unit (which decides how
    they are scored) are listed, never judged.
    """
    index = nominees.index
    pieces = [
        pd.Series(np.where(nominees["person_code"].isna(), "thiếu mã cá nhân", ""), index=index),
        pd.Series(np.where(nominees["full_name"].isna(), "thiếu họ và tên", ""), index=index),
        pd.Series(
            np.where(nominees["code_repeated"].astype(bool), "mã cá nhân trùng với một dòng trước của đơn vị", ""),
            index=index,
        ),
        (
            "cùng một người đã được "
            + nominees["same_person_name"].astype(object).fillna("").astype(str)
            + " (mã "
            + nominees["same_person_as"].astype(object).fillna("").astype(str)
            + ") đề nghị"
        ).where(nominees["same_person_as"].notna(), ""),
        pd.Series(np.where(nominees["is_head"].isna(), "không rõ có là người đứng đầu đơn vị", ""), index=index),
    ]
    problems = join_nonempty(pieces, "; ", index)
    return _gate("xac_dinh_ca_nhan", problems == "", "Không xét được đề nghị: " + problems)


def individual_gates(nominees: pd.DataFrame, params: Params) -> list[Gate]:
    """The gates of SPEC §4 for individuals."""
    rules, award = params.eligibility.individual, params.award
    return [
        identified(nominees),
        dossier_complete(nominees, params.dossier_documents("individual")),
        on_time(nominees, award.deadline, award.deadline_inclusive),
        no_discipline(nominees),
        not_under_investigation(nominees),
        rating_at_least(nominees, rules.min_rating),
        has_dx_achievement(nominees),
        head_collective_results(nominees, params),
        min_score(nominees, rules.min_score),
        appraisal_settled(nominees, heads_only=True),
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
    clash = _heads(nominees) & nominees["unit_code"].isin(recommended_units)
    return _gate(
        "khong_trung_thanh_tich",
        ~clash,
        "Thành tích trùng với tập thể đơn vị đã được đề nghị khen thưởng (không khen hai lần một thành tích)",
    )
