"""The report's section on self-reported against verified data.

Which value counts (the methodology), per criterion the share of units whose
value a system of record or the appraisal verified, and every adjustment:
unit, criterion or dossier field, self-reported -> verified, reason, evidence.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from lib.contract.labels import (
    ADJUSTED,
    APPRAISAL_FIELDS,
    BY_APPRAISAL,
    CONFIRMED,
    MEASURED,
    NEEDS_APPRAISAL,
    SYSTEM_ACTIONS_VI,
    VERIFICATION_SOURCE_VI,
    VERIFICATION_STATUS_VI,
)
from lib.contract.params import Params
from lib.report import html as h
from lib.report.sections import SECTION

ANCHOR = "kiem-chung"


def _counts(num: Any, den: Any) -> str:
    if h.is_blank(num) or h.is_blank(den):
        return h.MISSING_VI
    rate = float(num) / float(den) if float(den) > 0 else None
    return f"{h.integer(num)}/{h.integer(den)} ({h.pct(rate)})"


def verified_shares(verification: pd.DataFrame, criterion_table: pd.DataFrame, params: Params) -> pd.DataFrame:
    """Per rate criterion: units with a value, how many were verified (confirmed or adjusted), how many pending."""
    rows = []
    for crit in params.criteria:
        if crit.measure != "rate":
            continue
        cells = criterion_table[criterion_table["criterion_code"].astype(str) == crit.code]
        measured = int((cells["status"].astype(str) == MEASURED).sum())
        checks = verification[verification["item"] == crit.code]
        verified = int(checks["status"].isin([CONFIRMED, ADJUSTED]).sum())
        rows.append(
            {
                "criterion": f"{crit.code} {crit.label_vi}",
                "measured": measured,
                "verified": verified,
                "adjusted": int((checks["status"] == ADJUSTED).sum()),
                "pending": int((checks["status"] == NEEDS_APPRAISAL).sum()),
                "share": verified / measured if measured else None,
            }
        )
    return pd.DataFrame(rows)


def adjustments(verification: pd.DataFrame, scores: pd.DataFrame, awards: pd.DataFrame) -> pd.DataFrame:
    """Every value changed or still to be appraised: who, what, self-reported -> verified, why, on what evidence.

    A nominee's field names the nominee by name and published code, never by the code the unit typed.
    """
    changed = verification[verification["status"].isin([ADJUSTED, NEEDS_APPRAISAL])]
    names = scores.set_index("unit_code")["unit_name"]
    people = awards[awards["person_code"].notna()].set_index(["unit_code", "person_code"])
    rows = []
    for r in changed.to_dict("records"):
        field = r["item"] in APPRAISAL_FIELDS
        who = names.get(r["unit_code"], r["unit_code"])
        if field and isinstance(r["person_code"], str) and (r["unit_code"], r["person_code"]) in people.index:
            person = people.loc[(r["unit_code"], r["person_code"])]
            person = person.iloc[0] if isinstance(person, pd.DataFrame) else person
            who = f"{person['nominee_name']} ({person['nominee_code']}), {who}"
        before = r["self_value"] if field else _counts(r["self_numerator"], r["self_denominator"])
        after = r["verified_shown"] if field else _counts(r["verified_numerator"], r["verified_denominator"])
        by_appraisal = r["source"] == BY_APPRAISAL
        if r["status"] == NEEDS_APPRAISAL:
            after = f"{VERIFICATION_STATUS_VI[NEEDS_APPRAISAL]} ({r['system_name_vi']}: "
            after += f"{_counts(r['system_numerator'], r['system_denominator'])})"
        reason = (
            r["reason"]
            if by_appraisal
            else f"Lệch so với {r['system_name_vi']} ({_counts(r['system_numerator'], r['system_denominator'])})"
        )
        evidence = r["evidence_ref"] if by_appraisal else f"{r['file']}, dòng {int(r['source_row'])}"
        rows.append(
            {
                "unit": who,
                "item": f"{r['item']} {r['item_label_vi']}" if not field else r["item_label_vi"],
                "change": f"{before} → {after}",
                "source": VERIFICATION_SOURCE_VI[r["source"]],
                "reason": reason,
                "evidence": evidence,
            }
        )
    return pd.DataFrame(rows, columns=["unit", "item", "change", "source", "reason", "evidence"])


def verification_section(
    verification: pd.DataFrame,
    criterion_table: pd.DataFrame,
    scores: pd.DataFrame,
    awards: pd.DataFrame,
    params: Params,
) -> str:
    """The section: which value counts, the systems compared, the shares verified, the adjustments."""
    systems = pd.DataFrame(
        [
            {
                "system": f"{s.name_vi}: tệp {s.file}",
                "criterion": f"{s.criterion} {params.criterion(s.criterion).label_vi}",
                "tolerance": s.tolerance,
                "action": SYSTEM_ACTIONS_VI[s.action],
            }
            for s in params.verification.systems
        ]
    )
    changed = adjustments(verification, scores, awards)
    return "".join(
        [
            h.heading(2, ANCHOR, SECTION[ANCHOR]),
            h.paragraph(
                "Điểm và các điều kiện khen thưởng tính theo giá trị đã kiểm chứng: kết quả thẩm định của cơ quan "
                "thường trực (tệp " + params.verification.appraisal_file + ") nếu có, vì thẩm định luôn được ưu "
                "tiên; nếu không, số liệu của hệ thống nguồn khi số liệu đơn vị tự báo cáo lệch quá ngưỡng và tham "
                "số chọn dùng số liệu hệ thống; còn lại là số liệu đơn vị tự báo cáo. Khi tham số chọn «cần thẩm "
                "định», tiêu chí giữ số liệu tự báo cáo nhưng đơn vị (và người đứng đầu) chưa được xét khen thưởng "
                "cho đến khi có kết quả thẩm định. Các bảng số liệu sạch giữ nguyên số liệu đơn vị tự báo cáo."
            ),
            h.table(
                systems,
                [
                    ("system", "Hệ thống nguồn", None),
                    ("criterion", "Tiêu chí đối chiếu", None),
                    ("tolerance", "Ngưỡng chênh lệch (so với tỷ lệ của hệ thống)", h.pct),
                    ("action", "Khi lệch quá ngưỡng", None),
                ],
                caption="Hệ thống nguồn được đối chiếu (tham số verification.systems)",
                empty="Không đối chiếu với hệ thống nguồn nào.",
            ),
            h.table(
                verified_shares(verification, criterion_table, params),
                [
                    ("criterion", "Tiêu chí", None),
                    ("measured", "Đơn vị có số liệu", h.integer),
                    ("verified", "Đã kiểm chứng", h.integer),
                    ("share", "Tỷ lệ đã kiểm chứng", lambda v: h.pct(v, "không có")),
                    ("adjusted", "Đã điều chỉnh", h.integer),
                    ("pending", "Cần thẩm định", h.integer),
                ],
                caption="Tỷ lệ đơn vị có số liệu được kiểm chứng, theo tiêu chí",
                css="verified-shares",
            ),
            h.table(
                changed,
                [
                    ("unit", "Đơn vị / người được đề nghị", None),
                    ("item", "Tiêu chí / nội dung", None),
                    ("change", "Tự báo cáo → được tính", None),
                    ("source", "Nguồn", None),
                    ("reason", "Lý do", None),
                    ("evidence", "Minh chứng", None),
                ],
                caption="Số liệu đã điều chỉnh hoặc cần thẩm định",
                css="adjustments",
                empty="Không có số liệu nào bị điều chỉnh.",
                limit=params.report.max_table_rows,
                full_list="data/processed/<năm>/verification.csv",
            ),
        ]
    )
