"""The catalogue of data-quality rules: code -> message in Vietnamese and English.

Every problem the pipeline reports carries one of these codes, so the data
quality workbook can be filtered by rule and a unit's feedback says the same
thing in the same words every year.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A rule the submitted data must follow, and what happens when it does not."""

    vi: str
    en: str
    fix_vi: str


RULES: dict[str, Rule] = {
    # files
    "file_unreadable": Rule(
        "Tệp không đọc được (hỏng hoặc không phải tệp Excel .xlsx)",
        "File cannot be read (corrupt or not an .xlsx workbook)",
        "Lưu lại tệp theo mẫu Excel (.xlsx) và gửi lại.",
    ),
    "file_not_xlsx": Rule(
        "Định dạng tệp không được chấp nhận",
        "File type not accepted",
        "Dùng tệp mẫu .xlsx; không gửi .xls, .xlsm, .csv hay tệp nén.",
    ),
    "missing_sheet": Rule(
        "Thiếu trang tính bắt buộc",
        "A required sheet is missing",
        "Giữ nguyên tên các trang tính của tệp mẫu.",
    ),
    "header_not_found": Rule(
        "Không tìm thấy dòng tiêu đề cột",
        "Column header row not found",
        "Giữ nguyên dòng tiêu đề của tệp mẫu.",
    ),
    "missing_column": Rule(
        "Thiếu cột bắt buộc",
        "A required column is missing",
        "Giữ nguyên các cột của tệp mẫu.",
    ),
    "unknown_column": Rule(
        "Cột không có trong mẫu, đã bỏ qua",
        "Column not in the template, ignored",
        "Không thêm cột ngoài mẫu.",
    ),
    "unit_unknown": Rule(
        "Mã/tên đơn vị không có trong danh sách đơn vị tham gia",
        "Unit code or name not in the registry",
        "Ghi đúng mã đơn vị theo danh sách của Sở TT&TT.",
    ),
    "unit_resolved_by_name": Rule(
        "Mã đơn vị trống/sai, đã xác định đơn vị theo tên và huyện",
        "Unit code missing or wrong; unit identified from its name and district",
        "Ghi đúng mã đơn vị.",
    ),
    "unit_name_ambiguous": Rule(
        "Tên đơn vị trùng với nhiều đơn vị, cần ghi huyện hoặc mã",
        "Unit name matches several units; the district or code is needed",
        "Ghi mã đơn vị hoặc tên huyện/thành phố.",
    ),
    "unit_info_missing": Rule(
        "Trang thông tin đơn vị không có dòng dữ liệu hợp lệ",
        "The unit information sheet has no valid row",
        "Điền một dòng thông tin đơn vị.",
    ),
    "superseded": Rule(
        "Tệp đã được thay thế bởi tệp gửi sau",
        "Superseded by a later submission",
        "Không cần xử lý: tệp gửi sau được dùng.",
    ),
    "same_date_resubmission": Rule(
        "Hai tệp của cùng đơn vị có cùng ngày gửi; dùng tệp có tên đứng sau theo thứ tự chữ cái",
        "Two files from one unit share a submission date; the later file name is used",
        "Ghi ngày gửi khác nhau cho các lần gửi.",
    ),
    # rows
    "subtotal_row": Rule(
        "Dòng tổng cộng, không phải dữ liệu; đã bỏ qua",
        "Subtotal row, not data; ignored",
        "Không thêm dòng tổng cộng.",
    ),
    "duplicate_key": Rule(
        "Dòng trùng khóa với một dòng trước trong cùng trang",
        "Row repeats the key of an earlier row in the same sheet",
        "Mỗi tiêu chí/người chỉ khai một dòng.",
    ),
    "required_missing": Rule(
        "Ô bắt buộc để trống",
        "Required cell is empty",
        "Điền giá trị cho ô bắt buộc.",
    ),
    "numerator_above_denominator": Rule(
        "Tử số lớn hơn mẫu số",
        "Numerator above denominator",
        "Kiểm tra lại số liệu: số đạt không thể lớn hơn tổng số.",
    ),
    "rate_mismatch": Rule(
        "Tỷ lệ khai báo không khớp với tử số/mẫu số; dùng tử số/mẫu số",
        "Reported rate disagrees with numerator/denominator; numerator/denominator used",
        "Kiểm tra lại tỷ lệ.",
    ),
    "rate_only": Rule(
        "Chỉ có tỷ lệ, không có tử số/mẫu số; dùng tỷ lệ khai báo",
        "Only a rate was given, no numerator/denominator; the reported rate is used",
        "Ghi tử số và mẫu số.",
    ),
    "unknown_criterion": Rule(
        "Mã tiêu chí không có trong bộ tiêu chí",
        "Criterion code not in the criteria set",
        "Dùng mã tiêu chí TC01-TC12 của tệp mẫu.",
    ),
    "date_outside_period": Rule(
        "Ngày nằm ngoài kỳ đánh giá",
        "Date outside the evaluation period",
        "Kiểm tra lại ngày (định dạng ngày/tháng/năm).",
    ),
    "person_code_reused": Rule(
        "Mã cá nhân đã được đơn vị khác đề nghị",
        "Person code already nominated by another unit",
        "Mỗi cá nhân chỉ được một đơn vị đề nghị.",
    ),
    "value_rejected": Rule(
        "Giá trị không hợp lệ",
        "Invalid value",
        "Sửa giá trị theo hướng dẫn của cột.",
    ),
    # cells
    "not_a_number": Rule("Không phải số", "Not a number", "Nhập số, ví dụ 1.245 hoặc 1245."),
    "ambiguous_separator": Rule(
        "Dấu phân cách số không rõ (ví dụ 1,245 hoặc 3.5)",
        "Ambiguous number separator (e.g. 1,245 or 3.5)",
        "Dùng dấu chấm phân cách hàng nghìn và dấu phẩy thập phân: 1.245 hoặc 75,5.",
    ),
    "negative_count": Rule("Số lượng âm", "Negative count", "Số lượng phải từ 0 trở lên."),
    "non_integer_count": Rule("Số lượng không phải số nguyên", "Count is not a whole number", "Nhập số nguyên."),
    "count_too_large": Rule("Số lượng vượt giới hạn hợp lý", "Count beyond a plausible limit", "Kiểm tra lại số liệu."),
    "negative_rate": Rule("Tỷ lệ âm", "Negative rate", "Tỷ lệ từ 0% đến 100%."),
    "rate_above_100": Rule("Tỷ lệ vượt 100%", "Rate above 100%", "Tỷ lệ từ 0% đến 100%."),
    "zero_denominator": Rule("Mẫu số bằng 0", "Zero denominator", "Kiểm tra lại số liệu."),
    "not_a_date": Rule(
        "Không phải ngày",
        "Not a date",
        "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 14/12/2023.",
    ),
    "invalid_date": Rule(
        "Ngày không tồn tại (ngày/tháng/năm)",
        "No such date (read day/month/year)",
        "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 14/12/2023.",
    ),
    "not_yes_no": Rule("Không phải Có/Không", "Not yes/no", "Chọn Có hoặc Không."),
    "not_in_list": Rule(
        "Giá trị không thuộc danh mục", "Value not in the allowed list", "Chọn giá trị trong danh sách."
    ),
    "text_too_long": Rule("Nội dung quá dài", "Text too long", "Rút gọn nội dung."),
    # repairs (the value was kept)
    "text_number": Rule("Số nhập dạng chữ, đã chuyển thành số", "Number typed as text, converted", ""),
    "text_percent": Rule("Tỷ lệ nhập dạng chữ, đã chuyển", "Percentage typed as text, converted", ""),
    "percent_scale": Rule(
        "Tỷ lệ nhập theo thang 0-100, đã chia cho 100", "Rate typed on a 0-100 scale, divided by 100", ""
    ),
    "fraction_in_cell": Rule("Phân số nhập trong một ô, đã tách", "Fraction typed in one cell, split", ""),
    "text_date": Rule(
        "Ngày nhập dạng chữ, đã chuyển (ngày/tháng/năm)", "Date typed as text, converted (day/month/year)", ""
    ),
    "excel_serial_date": Rule(
        "Ngày nhập dạng số seri Excel, đã chuyển", "Date typed as an Excel serial number, converted", ""
    ),
    "text_repaired": Rule(
        "Văn bản đã chuẩn hóa (Unicode NFC, TCVN3, vị trí dấu, ký tự ẩn)",
        "Text normalised (Unicode NFC, TCVN3, tone placement, invisible characters)",
        "",
    ),
}

SEVERITY_VI = {"error": "Lỗi (đã loại)", "warning": "Cảnh báo (đã sửa)", "info": "Thông tin"}


def rule(code: str) -> Rule:
    """Look a rule up; an unknown code is a programming error, not a data error."""
    return RULES[code]
