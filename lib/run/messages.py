"""Every console message a person reads while setting up, testing or running, in Vietnamese, in one place.

The people who run the system (analysts, council secretaries) read Vietnamese; the
templates here are filled with ``str.format`` by the set-up (:mod:`.bootstrap`), the
pipeline's progress (:mod:`.pipeline`, :mod:`.cli`), the Makefile's up-to-date notice
and the test suite's system-tool check. Standard library only: the set-up imports this
module with the system Python, before the venv exists.
"""

from __future__ import annotations

# Set-up (`make venv`, `python -m lib.run.bootstrap`).
SETUP_PYTHON_TOO_OLD = "Cần Python 3.11 trở lên (đang dùng {version}): hãy cài Python 3.11 rồi chạy lại."
SETUP_VENV = "[cài đặt] Tạo môi trường ảo {venv} ..."
SETUP_UV = "[cài đặt] Cài uv {version} từ requirements.lock bằng pip (một gói, kiểm tra mã băm) ..."
SETUP_LOCK_UV = "[cài đặt] Cài {n} gói từ requirements.lock bằng uv (kiểm tra mã băm) ..."
SETUP_UV_FAILED = "[cài đặt] Không dùng được uv ({reason}); cài {n} gói bằng pip, chậm hơn (khoảng một phút) ..."
SETUP_KERNEL = "[cài đặt] Đăng ký kernel Jupyter của dự án ..."
SETUP_STEP_DONE = "[cài đặt]   xong sau {seconds:.1f} giây."
SETUP_DONE = "[cài đặt] Môi trường {venv} sẵn sàng sau {seconds:.1f} giây."
SETUP_FAILED = "[cài đặt] Lỗi: bước «{step}» không thành công (mã {code}); xem thông báo phía trên, sửa rồi chạy lại."

# System tools the test suite needs (`make test`).
TOOLS_INSTALLING = "[kiểm thử] Thiếu {commands}: cài gói Debian {packages} bằng apt-get ..."
TOOLS_INSTALLED = "[kiểm thử] Đã cài {packages}."
TOOLS_CANNOT = (
    "[kiểm thử] Không cài được {packages} ({why}); hãy tự chạy: {command} — các bài kiểm thử cần {commands} "
    "sẽ được báo là KHÔNG CHẠY, các bài khác vẫn chạy."
)
TOOLS_NO_APT = "máy này không có apt-get, không phải Debian hay Ubuntu"
TOOLS_NO_RIGHTS = "không phải root và không có sudo"
TOOLS_APT_FAILED = "apt-get báo lỗi, mã {code}"
TOOLS_SKIP = "KHÔNG CHẠY: thiếu lệnh {command} (gói Debian {package}); cài bằng: {install}"
TOOLS_SUMMARY = "KHÔNG CHẠY {n} bài kiểm thử vì thiếu công cụ hệ thống (xem lý do ở từng dòng):"

# Progress of a run (`make report`, `python -m lib report`).
REPORT_PARAMS_OK = "[báo cáo] Tham số {params} hợp lệ."
REPORT_KERNEL = "[báo cáo] Khởi động kernel Jupyter {kernel} (một lần cho cả lượt chạy) ..."
REPORT_NOTEBOOK = "[báo cáo] ({i}/{n}) Chạy notebook {notebook} ..."
REPORT_CELL = "\r[báo cáo]   ô {done}/{total}"
REPORT_NOTEBOOK_DONE = "[báo cáo] ({i}/{n}) {notebook}: đã chạy {cells} ô mã trong {seconds:.1f} giây."
REPORT_FILES_READ = (
    "[báo cáo]   Đã đọc {read}/{found} tệp nộp trong {folder}: {accepted} được nhận, {superseded} bị thay thế "
    "bởi bản nộp sau, {rejected} bị loại (lý do trong data_quality.xlsx)."
)
REPORT_UNITS_SCORED = (
    "[báo cáo]   Đã chấm điểm {units} đơn vị ({submitted} đơn vị có nộp); danh sách khen thưởng: "
    "{nominees} đề cử, {recommended} được đề nghị."
)
REPORT_UNITS_SCORED_REVIEW = (
    "[báo cáo]   Đã chấm điểm {units} đơn vị ({submitted} đơn vị có nộp); sơ kết: không lập danh sách khen thưởng."
)
REPORT_HTML = "[báo cáo] Dựng report.html (chỉ phần kết quả, không có mã): {seconds:.1f} giây."
REPORT_PDF = "[báo cáo] In report.pdf (khổ A4, {pages} trang) từ report.html: {seconds:.1f} giây."
REPORT_MANIFEST = "[báo cáo] Ghi manifest.json: mã băm của {n} tệp đầu vào, mã và kết quả."
REPORT_PUBLISHED = "[báo cáo] Đã ghi {n} tệp vào {folder}/ sau {seconds:.1f} giây; mở {folder}/report.html để xem."
REPORT_PREVIOUS_FIRST = (
    "[báo cáo] Lần chạy {run} so sánh với lần {previous} (tham số previous_run), nhưng chưa có kết quả {folder}/: "
    "chạy lần {previous} trước ..."
)
REPORT_PREVIOUS_CYCLE = "[báo cáo] Lỗi: previous_run tạo thành vòng lặp ({chain}); sửa tham số previous_run."
REPORT_UP_TO_DATE = (
    "[báo cáo] {folder}/ đã cập nhật: dữ liệu, tham số, notebook và mã không đổi từ lần chạy trước, "
    "không có gì phải chạy lại."
)

# The audit (`make audit`): what changed inside a difference and what it did to the results.
AUDIT_NO_CELL_DIFFERS = (
    "không ô nào được ghi nhận khác đi: thay đổi ở ô thông tin cá nhân (không ghi nhận) hoặc ở định dạng tệp / "
    "no recorded cell differs: the change is in a personal cell (not recorded) or in the file's format"
)
AUDIT_NO_KEY_DIFFERS = (
    "không khóa nào đổi giá trị: chỉ chú thích hoặc cách viết thay đổi / "
    "no key changed value: only comments or layout changed"
)
AUDIT_NO_FILE_RECORD = (
    "không có bản ghi từng ô của tệp này (không phải bảng dữ liệu lượt chạy đọc) / "
    "no cell record of this file (not a table the run reads)"
)
AUDIT_NO_RECORD = (
    "lần công bố không có audit_inputs.json: không nêu được ô nào đã đổi / "
    "the publication has no audit_inputs.json: the changed cells cannot be named"
)
AUDIT_MORE = "… và {n} mục khác (xem bảng đầy đủ) / and {n} more (see the full table)"
AUDIT_EFFECT = (
    "Ảnh hưởng đến kết quả (chạy lại so với tệp đã công bố) / "
    "effect on the results (re-run against the published files):"
)
AUDIT_EFFECT_SCORES = "Điểm thay đổi: {n} đơn vị / scores changed: {n} units"
AUDIT_EFFECT_AWARDS = "Danh sách khen thưởng: {n} đề cử thay đổi vị trí / award list: {n} nominees moved"
AUDIT_KEPT = "[kiểm toán] Kết quả chạy lại được giữ ở {folder} / the re-run's outputs are kept in {folder}"

# Failures: one sentence naming what failed and what to do; the traceback goes to the log.
FAIL_PARAMS = "Lỗi: tệp tham số {params} không hợp lệ ({detail}); hãy sửa tệp này rồi chạy lại."
FAIL_NOTEBOOK = (
    "Lỗi: notebook {notebook} dừng ở ô {cell} ({error}); hãy sửa dữ liệu, tham số hoặc mã được nêu rồi chạy lại "
    "(chi tiết trong {log}, bản đã chạy dở ở {executed}; kết quả cũ trong outputs/ vẫn giữ nguyên)."
)
FAIL_AUDIT = "Lỗi: không kiểm toán được ({detail}); hãy chạy make report trước rồi kiểm toán lại."
FAIL_UNEXPECTED = "Lỗi không lường trước khi chạy «{command}» ({error}); hãy gửi tệp nhật ký {log} cho nhóm phát triển."

HISTORY_SEEDED = (
    "Đã chép danh sách đề nghị của kỳ {source} vào data/raw/{run}/award_history.csv: {added} dòng mới, {kept} dòng "
    "đã có từ trước (không chép lại). Dòng mới ghi «Đề nghị, chưa có quyết định»: khi có quyết định, ghi tình trạng "
    "«Đã có quyết định», số và ngày quyết định."
)

HISTORY_FROM_MISSING = "Cần chỉ kỳ trước để chép danh sách đề nghị: make history FROM=<năm>, ví dụ FROM=2022."


def main(argv: list[str]) -> int:
    """``python -m lib.run.messages NAME key=value ...``: print one message (the Makefile's notices)."""
    name, *fields = argv
    print(globals()[name].format(**dict(field.split("=", 1) for field in fields)))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
