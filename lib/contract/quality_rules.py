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
        "Tệp không đọc được (hỏng, hoặc không phải sổ làm việc Excel hay LibreOffice)",
        "File cannot be read (corrupt, or not an Excel or LibreOffice workbook)",
        "Mở tệp mẫu bằng Excel hoặc LibreOffice, điền lại, lưu thành .xlsx và gửi lại.",
    ),
    "csv_format_detected": Rule(
        "Tệp CSV không ở dạng UTF-8 phân cách bằng dấu phẩy: đã nhận ra bảng mã và dấu phân cách, vẫn đọc được",
        "CSV file not UTF-8 with commas: its encoding and separator were detected and it was read",
        "Nên lưu bằng «CSV UTF-8 (Comma delimited)» trong Excel.",
    ),
    "file_not_xlsx": Rule(
        "Định dạng tệp không được chấp nhận (chỉ đọc sổ làm việc .xlsx, .xlsm, .xls, .ods)",
        "File type not accepted (only .xlsx, .xlsm, .xls and .ods workbooks are read)",
        "Điền vào tệp mẫu và lưu thành Excel Workbook (.xlsx); .xls và .ods cũng được đọc. "
        "Không gửi .csv, .pdf, ảnh chụp hay tệp nén.",
    ),
    "file_encrypted": Rule(
        "Tệp được đặt mật khẩu (nội dung mã hóa), không đọc được",
        "Password-encrypted workbook, cannot be read",
        "Gỡ mật khẩu (Excel: Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, xóa mật khẩu; "
        "LibreOffice: Tệp > Lưu thành, bỏ chọn 'Lưu với mật khẩu'), lưu thành .xlsx và gửi lại.",
    ),
    "file_macro": Rule(
        "Tệp có macro (.xlsm, vbaProject hoặc macro LibreOffice): chỉ đọc giá trị các ô; không macro nào được chạy "
        "hay giữ lại",
        "Workbook with macros (.xlsm, a vbaProject or LibreOffice macros): only cell values were read; no macro was "
        "run or kept",
        "Lần gửi sau, lưu thành Excel Workbook (.xlsx), không có macro.",
    ),
    "file_symlink": Rule(
        "Liên kết tượng trưng (symlink) trong thư mục nhận tệp; không đọc, không đi theo",
        "Symbolic link in the submissions folder; neither read nor followed",
        "Đặt chính tệp .xlsx vào thư mục, không dùng liên kết.",
    ),
    "file_name_unusual": Rule(
        "Tên tệp có ký tự đặc biệt (đường dẫn, ký tự ẩn, ký tự điều khiển hoặc thẻ); ghi lại ở dạng an toàn",
        "File name holds special characters (path parts, invisible or control characters, markup); recorded safely",
        "Đặt tên tệp theo mã đơn vị, ví dụ 22903.xlsx.",
    ),
    "file_too_large": Rule(
        "Tệp vượt giới hạn dung lượng (trên đĩa hoặc khi giải nén)",
        "File exceeds the size limit (on disk or uncompressed)",
        "Chỉ giữ các trang tính của tệp mẫu; xóa hình ảnh, dữ liệu thừa rồi gửi lại.",
    ),
    "zip_ratio_too_high": Rule(
        "Tỷ lệ giải nén bất thường (nghi tệp 'bom nén'), không đọc",
        "Abnormal compression ratio (possible zip bomb), not read",
        "Lưu lại tệp từ tệp mẫu .xlsx bằng Excel và gửi lại.",
    ),
    "xlsx_structure_unsafe": Rule(
        "Cấu trúc bên trong tệp .xlsx bất thường hoặc không an toàn (DOCTYPE/ENTITY, khai báo sai, phần trùng tên), "
        "không đọc",
        "Unsafe or abnormal .xlsx internals (DOCTYPE/ENTITY, false counts, duplicate parts), not read",
        "Mở tệp bằng Excel, lưu lại thành Excel Workbook (.xlsx) và gửi lại.",
    ),
    "too_many_sheets": Rule(
        "Tệp có quá nhiều trang tính",
        "Too many sheets in the workbook",
        "Chỉ giữ các trang tính của tệp mẫu.",
    ),
    "sheet_too_large": Rule(
        "Trang tính vượt giới hạn số dòng hoặc số ô",
        "Sheet exceeds the row or cell limit",
        "Xóa các dòng, cột thừa (kể cả ô chỉ có khoảng trắng hoặc ở rất xa vùng dữ liệu).",
    ),
    "unknown_sheet": Rule(
        "Trang tính không có trong mẫu, đã bỏ qua",
        "Sheet not in the template, ignored",
        "Không thêm trang tính ngoài mẫu.",
    ),
    "duplicate_sheet": Rule(
        "Nhiều trang tính ứng với cùng một trang của mẫu; chỉ đọc trang đầu tiên",
        "Several sheets match one template sheet; only the first is read",
        "Xóa các bản sao của trang tính.",
    ),
    "blank_rows_ignored": Rule(
        "Các dòng chỉ có khoảng trắng ở cuối trang, đã bỏ qua",
        "Rows holding only blanks at the end of the sheet, ignored",
        "Xóa các dòng trống thừa ở cuối trang.",
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
        "Ghi đúng mã đơn vị theo danh sách đơn vị (trang DanhMucDonVi của tệp mẫu).",
    ),
    "unit_resolved_by_name": Rule(
        "Mã đơn vị trống/sai, đã xác định đơn vị theo tên (và đơn vị cấp trên)",
        "Unit code missing or wrong; unit identified from its name and district",
        "Ghi đúng mã đơn vị.",
    ),
    "unit_code_needed": Rule(
        "Tên đơn vị trùng với nhiều đơn vị trong danh sách và không có mã đơn vị: không xác định được đơn vị",
        "Unit name matches several registry units and no unit code was given: the unit cannot be identified",
        "Ghi mã đơn vị vào ô «Mã đơn vị» của trang DonVi (tra trang DanhMucDonVi của tệp mẫu; các đơn vị trùng tên "
        "và mã của chúng ghi ở cột Chi tiết) rồi gửi lại.",
    ),
    "unit_name_ambiguous": Rule(
        "Tên đơn vị trùng với nhiều đơn vị, cần ghi đơn vị cấp trên hoặc mã",
        "Unit name matches several units; the district or code is needed",
        "Ghi mã đơn vị, hoặc tên đơn vị cấp trên ở trang DonVi.",
    ),
    "unit_info_missing": Rule(
        "Trang thông tin đơn vị không có dòng dữ liệu hợp lệ",
        "The unit information sheet has no valid row",
        "Điền một dòng thông tin đơn vị.",
    ),
    "unit_conflict": Rule(
        "Mã đơn vị mâu thuẫn với tên và đơn vị cấp trên khai báo (chỉ một đơn vị khác)",
        "Unit code contradicts the declared name and district (they identify another unit)",
        "Kiểm tra lại mã đơn vị và tên đơn vị: cả hai phải là của cùng một đơn vị.",
    ),
    "district_mismatch": Rule(
        "Đơn vị cấp trên khai báo không phải cấp trên của đơn vị; xác định đơn vị theo mã",
        "Declared district is not the unit's district; the unit is identified by its code",
        "Ghi đúng đơn vị cấp trên của đơn vị.",
    ),
    "unit_info_extra_row": Rule(
        "Trang thông tin đơn vị có nhiều dòng đơn vị; chỉ dùng dòng đầu, dòng thừa bị loại",
        "The unit information sheet lists several units; the first row is used, the others rejected",
        "Mỗi tệp chỉ báo cáo cho một đơn vị.",
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
        "Chỉ có tỷ lệ, không có tử số và mẫu số: tỷ lệ không được dùng để chấm điểm; tiêu chí tính là thiếu số liệu",
        "Only a rate was given, no numerator and denominator: the rate is not used for scoring; the criterion "
        "counts as missing",
        "Ghi tử số (số đạt) và mẫu số (tổng số); tỷ lệ chỉ dùng để đối chiếu.",
    ),
    "count_pair_incomplete": Rule(
        "Thiếu tử số hoặc mẫu số (ô trống hoặc giá trị bị loại); tiêu chí tính là thiếu số liệu",
        "Numerator or denominator missing (empty or rejected); the criterion counts as missing",
        "Ghi cả tử số (số đạt) và mẫu số (tổng số); ghi mẫu số 0 nếu tiêu chí không phát sinh ở đơn vị.",
    ),
    "zero_denominator_implausible": Rule(
        "Mẫu số bằng 0 ở tiêu chí mà khối của đơn vị không thể không phát sinh; tiêu chí được tính là thiếu số liệu "
        "(0 điểm, số liệu chưa đầy đủ)",
        "Denominator 0 on a criterion the unit's group cannot lack; the criterion counts as missing "
        "(scores 0, data incomplete)",
        "Ghi đúng tử số và mẫu số thực tế trong năm (ví dụ tổng số văn bản điện tử đã gửi, số báo cáo phải thực "
        "hiện, số nhiệm vụ được giao) rồi gửi lại tệp.",
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
    "date_before_period": Rule(
        "Ngày gửi hồ sơ trước khi kỳ đánh giá bắt đầu: không hợp lệ, đề nghị được xét như không có ngày gửi",
        "Dossier date before the evaluation period began: invalid; the nomination is judged without a date",
        "Kiểm tra lại ngày gửi hồ sơ (ngày/tháng/năm).",
    ),
    "dossier_date_after_period": Rule(
        "Ngày gửi hồ sơ sau kỳ đánh giá: đề nghị vẫn được ghi nhận và xét là nộp muộn (trừ khi sổ tiếp nhận ghi "
        "ngày khác)",
        "Dossier date after the evaluation period: the nomination is kept and judged late (unless the register "
        "logged another date)",
        "Kiểm tra lại ngày gửi hồ sơ (ngày/tháng/năm).",
    ),
    "register_date_missing": Rule(
        "Sổ tiếp nhận có hồ sơ của đơn vị nhưng không ghi ngày nhận: hồ sơ không được xét là đúng hạn",
        "The register lists the unit's dossier without a receipt date: the dossier cannot be judged on time",
        "Văn thư bổ sung ngày nhận vào sổ tiếp nhận.",
    ),
    "person_code_reused_in_unit": Rule(
        "Mã cá nhân trùng với một dòng trước trong cùng đơn vị: dòng này vẫn được liệt kê nhưng không được xét",
        "Person code repeats an earlier row of the same unit: the row is listed but not judged",
        "Mỗi người một mã riêng trong đơn vị; nếu là cùng một người, xóa dòng lặp.",
    ),
    "person_nominated_twice": Rule(
        "Cùng một người (cùng họ tên và ngày sinh, hoặc cùng số CCCD) được hai đơn vị đề nghị; chỉ xét đề nghị "
        "của đơn vị có mã nhỏ nhất",
        "The same person (same name and date of birth, or the same ID number) is nominated by two units; only "
        "the nomination of the unit with the lowest code is judged",
        "Các đơn vị thống nhất một đơn vị đề nghị; đơn vị còn lại rút đề nghị.",
    ),
    "products_led_not_listed": Rule(
        "Số sản phẩm chủ trì khai khác với số sản phẩm ở trang SanPham ghi người này chủ trì; tính số nhỏ hơn",
        "Declared products led differ from the products in sheet SanPham naming this person as lead; the lower "
        "number counts",
        "Ghi mã cá nhân vào cột «Mã cá nhân chủ trì» của từng sản phẩm trong trang SanPham.",
    ),
    "criterion_row_missing": Rule(
        "Tiêu chí áp dụng cho đơn vị không có dòng số liệu hợp lệ trong trang ChiTieu (không có dòng hoặc dòng "
        "bị loại): tiêu chí tính là thiếu số liệu",
        "A criterion that applies to the unit has no valid row in sheet ChiTieu (no row, or the row was "
        "rejected): the criterion counts as missing",
        "Thêm dòng cho tiêu chí với tử số và mẫu số; nếu không phát sinh, ghi mẫu số 0.",
    ),
    "counts_missing": Rule(
        "Dòng tiêu chí không có tử số, mẫu số hay tỷ lệ: tiêu chí tính là thiếu số liệu",
        "Criterion row without numerator, denominator or rate: the criterion counts as missing",
        "Ghi tử số và mẫu số; nếu không phát sinh, ghi mẫu số 0.",
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
        "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 25/12/2024.",
    ),
    "invalid_date": Rule(
        "Ngày không tồn tại (ngày/tháng/năm)",
        "No such date (read day/month/year)",
        "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 25/12/2024.",
    ),
    "not_yes_no": Rule("Không phải Có/Không", "Not yes/no", "Chọn Có hoặc Không."),
    "not_in_list": Rule(
        "Giá trị không thuộc danh mục", "Value not in the allowed list", "Chọn giá trị trong danh sách."
    ),
    "text_too_long": Rule("Nội dung quá dài", "Text too long", "Rút gọn nội dung."),
    "text_truncated": Rule(
        "Nội dung vượt giới hạn ký tự; đã cắt bớt phần cuối (kết thúc bằng …), dòng được giữ lại",
        "Text beyond the character limit; its end was cut off (ending with …), the row is kept",
        "Rút gọn nội dung; ghi số, ký hiệu văn bản hoặc đường dẫn thay cho toàn văn.",
    ),
    "cell_too_large": Rule(
        "Ô có nội dung vượt giới hạn ký tự, không đọc",
        "Cell content exceeds the character limit, not read",
        "Rút gọn nội dung; không dán cả văn bản vào một ô.",
    ),
    "formula_no_value": Rule(
        "Ô chứa công thức nhưng không có giá trị đã tính, không đọc được",
        "Cell holds a formula without a computed value, cannot be read",
        "Mở tệp bằng Excel, tính lại, rồi dán giá trị (Dán đặc biệt > Giá trị) thay cho công thức.",
    ),
    "excel_error_value": Rule(
        "Ô có giá trị lỗi của Excel (#DIV/0!, #REF!, #N/A...)",
        "Cell holds an Excel error value (#DIV/0!, #REF!, #N/A...)",
        "Sửa công thức hoặc nhập số liệu trực tiếp.",
    ),
    # repairs (the value was kept)
    "text_number": Rule(
        "Số nhập dạng chữ, đã chuyển thành số",
        "Number typed as text, converted",
        "Nhập ô dạng số (Number), không dạng chữ.",
    ),
    "text_percent": Rule(
        "Tỷ lệ nhập dạng chữ, đã chuyển",
        "Percentage typed as text, converted",
        "Nhập ô dạng phần trăm (Percentage), không dạng chữ.",
    ),
    "percent_scale": Rule(
        "Tỷ lệ nhập theo thang 0-100, đã chia cho 100",
        "Rate typed on a 0-100 scale, divided by 100",
        "Nhập tỷ lệ có dấu %, ví dụ 75,5%.",
    ),
    "fraction_in_cell": Rule(
        "Phân số nhập trong một ô, đã tách",
        "Fraction typed in one cell, split",
        "Ghi tử số và mẫu số vào hai cột riêng.",
    ),
    "text_date": Rule(
        "Ngày nhập dạng chữ, đã chuyển (ngày/tháng/năm)",
        "Date typed as text, converted (day/month/year)",
        "Nhập ô dạng ngày (Date) theo ngày/tháng/năm.",
    ),
    "excel_serial_date": Rule(
        "Ngày nhập dạng số seri Excel, đã chuyển",
        "Date typed as an Excel serial number, converted",
        "Định dạng ô là ngày (Date), ví dụ 25/12/2024.",
    ),
    "formula_cached_value": Rule(
        "Ô chứa công thức; dùng giá trị Excel đã tính và lưu trong tệp",
        "Cell holds a formula; the value Excel last computed and saved is used",
        "Dán giá trị (Dán đặc biệt > Giá trị) thay cho công thức.",
    ),
    "formula_fraction": Rule(
        "Ô tử số, mẫu số hoặc tỷ lệ chứa công thức phân số (ví dụ =43/44); đọc như tử số 43, mẫu số 44",
        "Count or rate cell holds a fraction formula (e.g. =43/44); read as numerator 43, denominator 44",
        "Ghi tử số và mẫu số vào hai cột riêng, nhập số trực tiếp, không dùng công thức.",
    ),
    "date_day_month_swapped": Rule(
        "Ngày có thể đã bị đọc theo tháng/ngày/năm (máy đặt kiểu Mỹ); giữ nguyên như đã đọc, cần kiểm tra",
        "Date may have been read month first (a US-locale computer); kept as read, please check",
        "Xem hai cách đọc ở cột Chi tiết; nếu sai, nhập lại ngày dạng ngày/tháng/năm (ô hiển thị dd/mm/yyyy) và "
        "gửi lại tệp.",
    ),
    "merged_cells": Rule(
        "Ô gộp: chỉ ô đầu tiên có giá trị, các ô còn lại được coi là trống",
        "Merged cells: only the first cell holds the value, the others read as empty",
        "Bỏ gộp ô và điền giá trị vào từng ô.",
    ),
    "personal_data_redacted": Rule(
        "Nội dung được công bố chứa thông tin cá nhân (thư điện tử, số điện thoại, số CCCD); đã ẩn",
        "Published text held personal data (e-mail, phone, ID number); hidden",
        "Không ghi thông tin cá nhân vào các cột được công bố.",
    ),
    "markup_in_text": Rule(
        "Văn bản chứa thẻ HTML hoặc mã; được lưu và hiển thị nguyên văn dưới dạng chữ",
        "Text holds HTML tags or code; stored and shown verbatim as text",
        "Không nhập mã HTML/JavaScript vào ô.",
    ),
    "formula_like_text": Rule(
        "Văn bản bắt đầu bằng =, +, - hoặc @ (giống công thức); được lưu dưới dạng chữ, không thực thi",
        "Text starts with =, +, - or @ (looks like a formula); stored as text, never executed",
        "Không bắt đầu nội dung bằng =, +, - hoặc @.",
    ),
    "text_repaired": Rule(
        "Văn bản đã chuẩn hóa (Unicode NFC, TCVN3, vị trí dấu, ký tự ẩn)",
        "Text normalised (Unicode NFC, TCVN3, tone placement, invisible characters)",
        "Gõ bằng bảng mã Unicode dựng sẵn; không dán văn bản phông .VnTime (TCVN3) hay ký tự ẩn.",
    ),
    # verification: the appraisal file and the systems of record (lib/ingest/verification.py)
    "verification_file_read": Rule(
        "Tệp thẩm định hoặc số liệu hệ thống nguồn đã đọc (số dòng đọc, nhận, loại)",
        "Appraisal or system-of-record file read (rows read, accepted, rejected)",
        "Không cần xử lý; các dòng bị loại có phát hiện riêng.",
    ),
    "system_file_missing": Rule(
        "Không có tệp số liệu của hệ thống nguồn khai báo trong tham số: tiêu chí không được đối chiếu",
        "No export of a system of record named in params: the criterion is not cross-checked",
        "Đặt tệp xuất từ hệ thống vào data/raw/<năm>/systems/ với tên như tham số verification.systems.",
    ),
    "system_confirmed": Rule(
        "Số liệu đơn vị tự báo cáo khớp với hệ thống nguồn (trong ngưỡng chênh lệch): đã kiểm chứng",
        "The unit's figure agrees with the system of record (within the tolerance): verified",
        "Không cần xử lý.",
    ),
    "system_gap_used": Rule(
        "Số liệu đơn vị tự báo cáo lệch so với hệ thống nguồn quá ngưỡng: tính điểm theo số liệu của hệ thống",
        "The unit's figure differs from the system of record beyond the tolerance: the system's counts are scored",
        "Đối chiếu số liệu với hệ thống; nếu hệ thống chưa đúng, gửi minh chứng để cơ quan thường trực thẩm định.",
    ),
    "system_gap_needs_appraisal": Rule(
        "Số liệu đơn vị tự báo cáo lệch so với hệ thống nguồn quá ngưỡng: tiêu chí cần thẩm định, đơn vị chưa "
        "được xét khen thưởng đến khi có kết quả thẩm định",
        "The unit's figure differs from the system of record beyond the tolerance: the criterion needs appraisal "
        "and the unit is not awarded until the appraisal settles it",
        "Gửi minh chứng số liệu cho cơ quan thường trực để thẩm định.",
    ),
    "system_gap_settled": Rule(
        "Số liệu đơn vị tự báo cáo lệch so với hệ thống nguồn quá ngưỡng; cơ quan thường trực đã thẩm định và "
        "kết luận (xem dòng thẩm định)",
        "The unit's figure differs from the system of record beyond the tolerance; the standing body's appraisal "
        "settled it (see the appraisal row)",
        "Không cần xử lý.",
    ),
    "appraisal_adjusted": Rule(
        "Cơ quan thường trực thẩm định và điều chỉnh số liệu đơn vị tự báo cáo: tính theo số liệu thẩm định",
        "The standing body's appraisal adjusted the unit's figure: the appraised value is used",
        "Xem lý do và minh chứng; nếu có ý kiến khác, gửi văn bản kèm minh chứng cho cơ quan thường trực.",
    ),
    "appraisal_confirmed": Rule(
        "Cơ quan thường trực thẩm định và xác nhận số liệu đơn vị tự báo cáo",
        "The standing body's appraisal confirmed the unit's figure",
        "Không cần xử lý.",
    ),
    "appraisal_item_unknown": Rule(
        "Nội dung thẩm định không phải tiêu chí tỷ lệ trong tham số hay nội dung hồ sơ đề nghị đã biết",
        "Appraised item is neither a rate criterion of params nor a known nomination field",
        "Ghi mã tiêu chí (ví dụ TC04) hoặc một trong: ky_luat, dieu_tra, xep_loai, to_trinh, bao_cao_thanh_tich, "
        "bien_ban_hoi_dong, ke_hoach_phong_trao, bao_cao_ket_qua.",
    ),
    "appraisal_value_invalid": Rule(
        "Giá trị thẩm định thiếu hoặc không hợp lệ",
        "Appraised value missing or invalid",
        "Với tiêu chí ghi tử số và mẫu số; với nội dung hồ sơ ghi Có / Không hoặc mức xếp loại.",
    ),
    "appraisal_nominee_not_found": Rule(
        "Không có đề nghị khen thưởng tương ứng với dòng thẩm định (mã đơn vị, mã cá nhân)",
        "No nomination matches the appraisal row (unit code, person code)",
        "Ghi đúng mã đơn vị và mã cá nhân như trang KhenCaNhan của đơn vị; để trống mã cá nhân với khen tập thể.",
    ),
    "appraisal_no_self_value": Rule(
        "Đơn vị không báo cáo tiêu chí được thẩm định: không có số liệu để điều chỉnh",
        "The unit reported no value for the appraised criterion: nothing to adjust",
        "Đề nghị đơn vị gửi bổ sung số liệu tiêu chí trước khi thẩm định.",
    ),
    # award history: past awards consulted so that no achievement is rewarded twice (lib/ingest/award_history.py)
    "history_file_missing": Rule(
        "Không có tệp lịch sử khen thưởng (award_history.csv): chưa đối chiếu các lần khen thưởng trước",
        "No award history file (award_history.csv): earlier awards are not consulted",
        "Đặt tệp award_history.csv vào data/raw/<năm>/ (mẫu: outputs/templates/mau_lich_su_khen_thuong_<năm>.csv; "
        "hoặc make history FROM=<kỳ trước>).",
    ),
    "history_file_read": Rule(
        "Tệp lịch sử khen thưởng đã đọc (số dòng đọc, nhận, loại)",
        "Award history file read (rows read, accepted, rejected)",
        "Không cần xử lý; các dòng bị loại có phát hiện riêng.",
    ),
    "history_award_recorded": Rule(
        "Khen thưởng trước đây đã ghi nhận: được đối chiếu để không khen hai lần một thành tích",
        "Earlier award recorded: consulted so that no achievement is rewarded twice",
        "Không cần xử lý; kiểm tra lại số, ngày quyết định và thành tích nếu chưa đúng.",
    ),
    "history_decision_missing": Rule(
        "Dòng ghi «Đã có quyết định» nhưng thiếu số hoặc ngày quyết định: dòng bị loại",
        "Row says the award was decided but lacks the decision's number or date: row rejected",
        "Ghi số, ký hiệu (ví dụ 2150/QĐ-UBND) và ngày quyết định dd/mm/yyyy; nếu chưa có quyết định, ghi tình trạng "
        "«Đề nghị, chưa có quyết định».",
    ),
    "history_name_missing": Rule(
        "Dòng khen thưởng cá nhân thiếu họ và tên: dòng bị loại",
        "An individual's award without the person's full name: row rejected",
        "Ghi họ và tên như trong quyết định khen thưởng.",
    ),
    "history_person_ambiguous": Rule(
        "Đơn vị đề nghị hai người trùng họ tên; chức vụ không phân biệt được: khen thưởng trước đây không được gán "
        "cho ai",
        "The unit nominates two people of this name and the position does not tell them apart: the earlier award "
        "is applied to neither",
        "Ghi chức vụ trong quyết định khen thưởng vào cột Chức vụ để phân biệt hai người trùng họ tên.",
    ),
    # the crosswalk to the previous run (data/raw/<run>/crosswalk.csv)
    "crosswalk_previous_unknown": Rule(
        "Mã đơn vị năm trước không có trong danh mục đơn vị của lần đánh giá trước: dòng đối chiếu bị loại",
        "Previous unit code is not in the previous run's registry: the crosswalk row is rejected",
        "Ghi đúng mã đơn vị như danh mục đơn vị năm trước (outputs/<năm trước>/scores.csv, cột unit_code).",
    ),
    "crosswalk_unit_unknown": Rule(
        "Mã đơn vị năm nay không có trong danh mục đơn vị: dòng đối chiếu bị loại",
        "Unit code is not in this run's registry: the crosswalk row is rejected",
        "Ghi đúng mã đơn vị kế thừa như danh mục đơn vị năm nay (registry.csv).",
    ),
    "crosswalk_no_previous_run": Rule(
        "Có bảng đối chiếu mã nhưng tham số không nêu lần đánh giá trước (previous_run): bảng không được dùng",
        "A crosswalk is present but params name no previous run (previous_run): it is not used",
        "Thêm previous_run vào tệp tham số, hoặc bỏ crosswalk.csv.",
    ),
    "crosswalk_read": Rule(
        "Đã đọc bảng đối chiếu mã đơn vị với năm trước",
        "The crosswalk to the previous run was read",
        "Không cần xử lý.",
    ),
}


def rule(code: str) -> Rule:
    """Look a rule up; an unknown code is a programming error, not a data error."""
    return RULES[code]
