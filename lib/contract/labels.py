"""Every code a table holds and the Vietnamese words a person reads for it, in one place.

Each vocabulary is a code -> label mapping with one name; the codes are what
tables and params hold, the labels what reports, workbooks and feedback show.
Stages import these, never define their own.
"""

from __future__ import annotations

# Who competes (the unit groups and admin levels) is the run's: params ``structure``.

# The previous run's published tables the comparison reads (and the manifest hashes as inputs). Here, not in
# lib.ingest.crosswalk, so a run can check they exist before it imports pandas (lib.run.pipeline).
PREVIOUS_FILES = ("scores.csv", "province_kpis.csv")

# What a nominee declares.
ANNUAL_RATINGS = {
    "xuat_sac": "Hoàn thành xuất sắc nhiệm vụ",
    "tot": "Hoàn thành tốt nhiệm vụ",
    "hoan_thanh": "Hoàn thành nhiệm vụ",
    "khong_hoan_thanh": "Không hoàn thành nhiệm vụ",
}
INITIATIVE_LEVELS = {
    "khong": "Không có",
    "co_so": "Cấp cơ sở",
    "tinh": "Cấp tỉnh",
    "toan_quoc": "Toàn quốc",
}
YES_NO = {True: "Có", False: "Không"}

# How a template cell is read (the template's instructions and the data dictionary).
CELL_KINDS_VI = {
    "code": "Mã (chữ, số)",
    "text": "Văn bản",
    "count": "Số nguyên ≥ 0",
    "rate": "Tỷ lệ % (0-100%)",
    "date": "Ngày (ngày/tháng/năm)",
    "bool": "Có / Không",
    "choice": "Chọn trong danh sách",
}

# A criterion at a unit.
NOT_APPLICABLE = "khong_ap_dung"  # the criterion does not concern the unit's group
NOT_ARISING = "khong_phat_sinh"  # denominator 0: nothing to measure at this unit
MISSING = "thieu_so_lieu"  # applies, but no valid value
MEASURED = "co_so_lieu"
CRITERION_STATUS_VI = {
    NOT_APPLICABLE: "không áp dụng",
    NOT_ARISING: "không phát sinh",
    MISSING: "thiếu số liệu",
    MEASURED: "có số liệu",
}
EXCLUDED_STATUSES = (NOT_APPLICABLE, NOT_ARISING)

# A nominee.
COLLECTIVE = "tap_the"
INDIVIDUAL = "ca_nhan"
NOMINEE_KINDS_VI = {COLLECTIVE: "Tập thể", INDIVIDUAL: "Cá nhân"}
RECOMMENDED = "de_nghi"
RESERVE = "du_bi"
BEYOND = "ngoai_danh_sach"
EXCLUDED = "khong_du_dieu_kien"
AWARD_STATUS_VI = {
    RECOMMENDED: "Đề nghị khen thưởng",
    RESERVE: "Dự bị",
    BEYOND: "Đủ điều kiện, ngoài danh sách",
    EXCLUDED: "Không đủ điều kiện",
}
# The same in English (the audit's second line, for an inspector who reads English).
NOMINEE_KINDS_EN = {COLLECTIVE: "collective", INDIVIDUAL: "individual"}
AWARD_STATUS_EN = {
    RECOMMENDED: "recommended",
    RESERVE: "reserve",
    BEYOND: "eligible, beyond the list",
    EXCLUDED: "not eligible",
}

# A file received.
ACCEPTED = "accepted"
SUPERSEDED = "superseded"
REJECTED = "rejected"
FILE_STATUS_VI = {
    ACCEPTED: "đã dùng để đánh giá",
    SUPERSEDED: "đã được thay thế bởi tệp gửi sau",
    REJECTED: "bị loại",
}

# Texts of the submission template (lib/publish/template.py). {products_criteria}: the count criteria of
# params (code and name), counted from SanPham; {dossier}: params ``dossier`` (lib.publish.template fills both).
TEMPLATE_NOTES_VI = (
    "Chỉ điền các tiêu chí áp dụng cho khối của đơn vị (bảng dưới); tiêu chí không áp dụng để trống, không tính điểm.",
    "{products_criteria} không ghi ở trang ChiTieu: được đếm từ các dòng của trang SanPham.",
    "Trang KhenTapThe để trống nếu đơn vị không đề nghị khen tập thể; KhenCaNhan để trống nếu không đề nghị cá nhân.",
    "{dossier}",
    "Mã đơn vị: mã trong danh mục đơn vị (trang DanhMucDonVi; mã GSO với đơn vị hành chính); đặt tên tệp theo mã, "
    "ví dụ 22903.xlsx.",
)
# The template's look-up sheet of registry units (carries no data: expected in a returned file, never read).
UNIT_LIST_SHEET = "DanhMucDonVi"
UNIT_LIST_TITLE_VI = "Danh mục đơn vị (tra mã đơn vị, khối thi đua và đơn vị cấp trên)"
APPLICABILITY_TITLE_VI = "Tiêu chí áp dụng theo khối thi đua (khối không có tên ở đây thì để trống tiêu chí đó)"
# {date_deadline}: the run's deadline, dd/mm/yyyy (lib.contract.schemas.schema_words).
DATE_PROMPT_VI = "Nhập theo ngày/tháng/năm, ví dụ {date_deadline}; ô hiển thị dd/mm/yyyy."

# A unit's participation: a file used, files that arrived but none could be used, nothing arrived.
SUBMITTED = "submitted"
UNREADABLE = "unreadable"
NOT_SUBMITTED = "not_submitted"
PARTICIPATION_VI = {
    SUBMITTED: "đã nộp",
    UNREADABLE: "đã nộp nhưng không đọc được",
    NOT_SUBMITTED: "chưa nộp",
}
# What a unit none of whose files could be used must do (its feedback's VanDe sheet says why, file by file).
UNREADABLE_ADVICE_VI = (
    "Đơn vị đã nộp nhưng không tệp nào đọc được, nên mọi tiêu chí tính là thiếu số liệu (0 điểm): xem trang "
    "VanDe (lý do và cách khắc phục từng tệp), điền vào tệp mẫu, lưu thành Excel Workbook (.xlsx), không đặt mật "
    "khẩu, đặt tên theo mã đơn vị rồi gửi lại trước hạn."
)

# A data-quality finding.
INFO = "info"  # a finding that changed nothing (a value checked and found right, a file read)
SEVERITY_VI = {"error": "Lỗi (đã loại)", "warning": "Cảnh báo (đã sửa)", INFO: "Thông tin"}
FINDING_ACTION_VI = {
    "rejected_file": "loại cả tệp",
    "rejected_row": "loại dòng",
    "rejected_value": "bỏ giá trị",
    "repaired": "đã sửa, giữ lại",
    "kept": "giữ nguyên, dạng văn bản",
    "ignored": "bỏ qua",
    "excluded": "vẫn ghi trong danh sách, không đủ điều kiện xét khen",
    "replaced": "thay bằng số liệu đã kiểm chứng",
    "pending": "chờ thẩm định",
}
# How a product with several leads is credited (params individual_rubric.shared_products).
SHARED_PRODUCTS_VI = {
    "split": "chia đều cho những người cùng chủ trì",
    "first_named": "tính cho người chủ trì ghi đầu tiên",
}
PERSONAL_KINDS_VI = {"email": "thư điện tử", "phone": "số điện thoại", "id_number": "số CCCD/CMND"}

# The Monte Carlo robustness analysis.
ATTAINMENT_METHODS_VI = {
    "capped": "tỷ lệ/chỉ tiêu tối đa 1 (chính thức)",
    "linear": "tỷ lệ/chỉ tiêu không giới hạn",
    "minmax": "chuẩn hóa min-max trong khối",
}
AGGREGATIONS_VI = {"arithmetic": "trung bình cộng có trọng số (chính thức)", "geometric": "trung bình nhân có trọng số"}

# The audit (make audit): what was checked and how it differed from the manifest.
AUDIT_KINDS_VI = {
    "published": "tệp đã công bố",
    "input": "dữ liệu đầu vào",
    "params": "tham số",
    "code": "mã nguồn",
    "package": "gói phần mềm",
    "output": "kết quả chạy lại",
}
AUDIT_DIFFERENCES_VI = {"changed": "đã thay đổi", "missing": "bị thiếu", "extra": "không có trong manifest"}
AUDIT_VERDICT_VI = {True: "KIỂM TOÁN ĐẠT", False: "KIỂM TOÁN KHÔNG ĐẠT"}

# Verification (issue 19): what the standing body's appraisal may settle besides a criterion, the nomination
# field each item corrects, and how a value of record was verified.
APPRAISAL_FIELDS = {
    "ky_luat": "Bị kỷ luật trong năm",
    "dieu_tra": "Đang bị xem xét, điều tra",
    "xep_loai": "Xếp loại năm",
    "to_trinh": "Có tờ trình",
    "bao_cao_thanh_tich": "Có báo cáo thành tích",
    "bien_ban_hoi_dong": "Có biên bản Hội đồng TĐKT",
    "ke_hoach_phong_trao": "Có kế hoạch phát động phong trào",
    "bao_cao_ket_qua": "Có báo cáo kết quả phong trào",
}
APPRAISAL_FIELD_COLUMNS = {
    "ky_luat": "disciplined",
    "dieu_tra": "under_investigation",
    "xep_loai": "annual_rating",
    "to_trinh": "has_proposal",
    "bao_cao_thanh_tich": "has_achievement_report",
    "bien_ban_hoi_dong": "has_council_minutes",
    "ke_hoach_phong_trao": "has_movement_plan",
    "bao_cao_ket_qua": "has_results_report",
}
SELF_REPORTED = "tu_bao_cao"
CONFIRMED = "xac_nhan"
ADJUSTED = "dieu_chinh"
NEEDS_APPRAISAL = "can_tham_dinh"
VERIFICATION_STATUS_VI = {
    SELF_REPORTED: "tự báo cáo, chưa kiểm chứng",
    CONFIRMED: "đã kiểm chứng, giữ số liệu đơn vị",
    ADJUSTED: "đã điều chỉnh",
    NEEDS_APPRAISAL: "cần thẩm định",
}
BY_APPRAISAL = "tham_dinh"
BY_SYSTEM = "he_thong"
VERIFICATION_SOURCE_VI = {BY_APPRAISAL: "thẩm định của cơ quan thường trực", BY_SYSTEM: "hệ thống nguồn"}
# params verification.systems[].action: what a gap beyond the tolerance does.
USE_SYSTEM = "use_system"
NEEDS_APPRAISAL_ACTION = "needs_appraisal"
SYSTEM_ACTIONS_VI = {
    USE_SYSTEM: "dùng số liệu của hệ thống",
    NEEDS_APPRAISAL_ACTION: "đánh dấu cần thẩm định, đơn vị chưa được xét khen đến khi thẩm định",
}
# Award history (data/raw/<run>/award_history.csv): whether a past award was decided or only proposed.
HISTORY_DECIDED = "da_quyet_dinh"
HISTORY_PROPOSED = "de_nghi"
HISTORY_STATUSES = {HISTORY_DECIDED: "Đã có quyết định", HISTORY_PROPOSED: "Đề nghị, chưa có quyết định"}

# Year over year (report section «So sánh với năm trước»): how a unit of this run is matched with the previous
# run's (same code, or data/raw/<run>/crosswalk.csv), and the units without a counterpart.
SAME_CODE = "cung_ma"
RECODED = "doi_ma"
MERGED = "hop_nhat"
SPLIT = "chia_tach"
NEW_UNIT = "moi"
GONE_UNIT = "khong_con"
UNIT_LINKS_VI = {
    SAME_CODE: "cùng mã",
    RECODED: "đổi mã",
    MERGED: "hợp nhất",
    SPLIT: "chia tách",
    NEW_UNIT: "đơn vị mới",
    GONE_UNIT: "không còn trong danh mục",
}
