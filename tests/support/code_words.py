"""The code words no person may read: one hand-written list for every human-facing output's test.

Written out here, not imported from lib.contract.labels: the tests check the code's vocabularies
against this list, so a new code that slips onto a page is caught only if it is added here by hand.
"""

CODE_WORDS = [
    # award status and nominee kind
    "de_nghi",
    "du_bi",
    "ngoai_danh_sach",
    "khong_du_dieu_kien",
    "tap_the",
    "ca_nhan",
    # a criterion at a unit
    "khong_ap_dung",
    "khong_phat_sinh",
    "thieu_so_lieu",
    "co_so_lieu",
    # a file received, a unit's participation
    "accepted",
    "superseded",
    "rejected",
    "submitted",
    "unreadable",
    "not_submitted",
    # unit groups and admin levels
    "so_ban_nganh",
    "mttq_doan_the",
    "ubnd_huyen",
    "ubnd_xa",
    "doanh_nghiep",
    "to_chuc_khac",
    # score bands (params/2023.yaml) and the former ones
    "xuat_sac",
    "trung_binh",
    "rat_cao",
    "thap",
    # severities and finding actions
    "error",
    "warning",
    "rejected_file",
    "rejected_row",
    "rejected_value",
    # data-quality rules that reached section 7.1 as codes
    "file_unreadable",
    "unit_unknown",
    "file_not_xlsx",
    "missing_sheet",
    "header_not_found",
]
