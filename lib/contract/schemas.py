"""The data contract: one pandera ``DataFrameModel`` per table.

These models are the single source of truth. The reader uses their field
metadata to know how to parse each column, the template workbook and the data
dictionary are generated from them (``lib.publish.template``), and every cleaned table
is validated against them before it is written.

Field metadata keys:
``kind``      how a raw cell is read (see ``lib.ingest.value_parsing``);
``choices``   code -> Vietnamese label for closed lists;
``example``   a value shown in the template;
``personal``  personal data: kept out of every public output.
``redact``    published free text: e-mails, phone and ID numbers typed into it
              are hidden when the workbook is read (``lib.ingest.text_repair``).
``params_choices``  the closed list is the run's: ``groups`` / ``levels`` (params
              ``structure``) or ``criteria`` (params ``criteria`` codes).

Titles, descriptions and examples are templates (``{year}``,
``{standing_body_short}``, example dates from the params period and deadline...):
:func:`titled_schema` fills them and adds the params' closed lists. The template,
the data dictionary and the reader all use it, so a later year's template says
its year and the reader still maps its headers.

Table metadata (``Config.metadata``): ``sheet``, ``title``, ``key`` (unique
within one file; ``repeated_key_rule`` names the finding when a kept row
repeats it) and ``keep_rows``: the rows are nominations, which are never
deleted for a bad cell. The value is dropped with a finding and the row is
judged without it (the gate that then cannot pass says why), so every
nominee reaches the award list.

Optional free text carries no length check: a long evidence reference or
summary is cut when read (params ``ingest.max_text_kept``, rule
``text_truncated``) and never costs the row. Only a field a rule needs (a
name, a code) has a length the schema enforces.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandera.pandas as pa
from pandera.typing import Series

from lib.contract.labels import ANNUAL_RATINGS, HISTORY_STATUSES, INITIATIVE_LEVELS, NOMINEE_KINDS_VI, YES_NO

if TYPE_CHECKING:
    from lib.contract.params import Params

MAX_COUNT = 10_000_000


def _meta(kind: str, **extra: object) -> dict[str, object]:
    return {"kind": kind, **extra}


class RegistryModel(pa.DataFrameModel):
    """Registry of competing units (danh sách đơn vị), one row per unit."""

    unit_code: Series[str] = pa.Field(
        unique=True,
        str_length={"min_value": 1, "max_value": 20},
        title="Mã đơn vị",
        description="Mã GSO của đơn vị hành chính hoặc mã ngắn của cơ quan, tổ chức.",
        metadata=_meta("code", example="22903"),
    )
    unit_name: Series[str] = pa.Field(
        str_length={"min_value": 2, "max_value": 200},
        title="Tên đơn vị",
        description="Tên chính thức.",
        metadata=_meta("text", example="Ủy ban nhân dân xã Phước Dinh"),
    )
    # The groups and levels (their checks and choices) are params ``structure``: see :func:`titled_schema`.
    unit_group: Series[str] = pa.Field(
        title="Khối thi đua",
        description="Nhóm xếp hạng.",
        metadata=_meta("choice", choices={}, params_choices="groups"),
    )
    admin_level: Series[str] = pa.Field(
        nullable=True,
        title="Cấp hành chính",
        description="Để trống với doanh nghiệp, tổ chức khác.",
        metadata=_meta("choice", choices={}, params_choices="levels"),
    )
    parent_code: Series[str] = pa.Field(
        nullable=True,
        title="Mã đơn vị cấp trên",
        description="Mã đơn vị hành chính cấp trên trực tiếp trong danh sách (để trống nếu không có).",
        metadata=_meta("code", example="589"),
    )

    class Config:
        strict = True
        metadata = {"sheet": None, "file": "registry.csv", "title": "Danh sách đơn vị tham gia"}


class UnitInfoModel(pa.DataFrameModel):
    """Sheet 1: who submits, and when (one row)."""

    unit_code: Series[str] = pa.Field(
        nullable=True,
        title="Mã đơn vị",
        description="Mã theo danh sách của {standing_body_short}. Nếu để trống, {name_rule}.",
        metadata=_meta("code", example="22903"),
    )
    unit_name: Series[str] = pa.Field(
        str_length={"min_value": 2, "max_value": 200},
        title="Tên đơn vị",
        description="Tên chính thức của đơn vị.",
        metadata=_meta("text", example="Ủy ban nhân dân xã Phước Dinh", redact=True),
    )
    # Only where params ``structure.parent_level`` is set; titled by ``structure.parent_label``.
    district_name: Series[str] = pa.Field(
        nullable=True,
        title="{parent_label}",
        description="Bắt buộc với UBND cấp xã (phân biệt xã trùng tên).",
        metadata=_meta("text", example="Thuận Nam"),
    )
    submitted_on: Series[object] = pa.Field(
        title="Ngày gửi báo cáo",
        description="Ngày/tháng/năm gửi tệp này; lần gửi sau thay thế lần gửi trước.",
        metadata=_meta("date", example="{date_sent}"),
    )
    reporter: Series[str] = pa.Field(
        nullable=True,
        title="Người lập biểu",
        description="Họ tên, chức vụ người lập (không công bố).",
        metadata=_meta("text", example="Nguyễn Văn A, chuyên viên", personal=True),
    )

    class Config:
        strict = False
        metadata = {"sheet": "DonVi", "title": "Thông tin đơn vị", "key": ["unit_code"]}


class IndicatorModel(pa.DataFrameModel):
    """Sheet 2: the criteria values, numerator and denominator as submitted."""

    criterion_code: Series[str] = pa.Field(
        # One of params' criteria (checked by :func:`titled_schema`).
        title="Mã tiêu chí",
        description="{criterion_codes}; in sẵn trong mẫu.",
        metadata=_meta("code", example="{example_criterion}", params_choices="criteria"),
    )
    criterion_name: Series[str] = pa.Field(
        nullable=True, title="Tên tiêu chí", description="In sẵn, chỉ để đọc.", metadata=_meta("text", informative=True)
    )
    numerator: Series[float] = pa.Field(
        ge=0,
        le=MAX_COUNT,
        nullable=True,
        title="Tử số (số đạt)",
        description="Số lượng đạt yêu cầu, số nguyên. Có thể nhập 45/60 vào ô này.",
        metadata=_meta("count", example="1.245", fraction_pair="denominator"),
    )
    denominator: Series[float] = pa.Field(
        ge=0,
        le=MAX_COUNT,
        nullable=True,
        title="Mẫu số (tổng số)",
        description="Tổng số phải thực hiện; 0 nếu tiêu chí không phát sinh ở đơn vị.",
        metadata=_meta("count", example="1.660"),
    )
    reported_rate: Series[float] = pa.Field(
        ge=0,
        le=1,
        nullable=True,
        title="Tỷ lệ (%)",
        description="Không bắt buộc; dùng để đối chiếu.",
        metadata=_meta("rate", example="75,0%"),
    )
    evidence_ref: Series[str] = pa.Field(
        nullable=True,
        title="Tài liệu kiểm chứng",
        description="Số, ký hiệu văn bản hoặc đường dẫn minh chứng.",
        metadata=_meta("text", example="Báo cáo số 125/BC-UBND ngày {date_report}", redact=True),
    )

    @pa.dataframe_check(error="numerator_above_denominator")
    def numerator_not_above_denominator(cls, df):  # noqa: N805 - pandera passes the model class
        """A share cannot exceed its whole; such a row is rejected, not capped."""
        return ~(df["numerator"] > df["denominator"])

    class Config:
        strict = False
        metadata = {"sheet": "ChiTieu", "title": "Số liệu tiêu chí", "key": ["criterion_code"]}


class ProductModel(pa.DataFrameModel):
    """Sheet 3: digital-transformation products put into use in the year."""

    product_name: Series[str] = pa.Field(
        str_length={"min_value": 3, "max_value": 300},
        title="Tên sản phẩm chuyển đổi số",
        description="Tên sản phẩm đã đưa vào sử dụng.",
        metadata=_meta("text", example="Phần mềm quản lý hồ sơ một cửa liên thông", redact=True),
    )
    in_use_on: Series[object] = pa.Field(
        title="Ngày đưa vào sử dụng",
        description="Ngày/tháng/năm, trong năm đánh giá.",
        metadata=_meta("date", example="{date_in_use}"),
    )
    lead_person_code: Series[str] = pa.Field(
        nullable=True,
        title="Mã cá nhân chủ trì",
        description="Nếu cá nhân được đề nghị khen đã chủ trì sản phẩm.",
        # The same code the unit typed in KhenCaNhan (maybe a citizen ID): never published, even fingerprinted.
        metadata=_meta("code", example="CN-22903-01", person_identifier=True),
    )
    evidence_ref: Series[str] = pa.Field(
        nullable=True,
        title="Tài liệu kiểm chứng",
        description="Văn bản công nhận, đường dẫn.",
        metadata=_meta("text", example="Quyết định số 45/QĐ-UBND ngày {date_in_use}", redact=True),
    )

    class Config:
        strict = False
        metadata = {"sheet": "SanPham", "title": "Sản phẩm chuyển đổi số năm", "key": ["product_name"]}


class CollectiveNominationModel(pa.DataFrameModel):
    """Sheet 4: the unit's own nomination for a Certificate of Merit (one row, or none)."""

    has_proposal: Series[bool] = pa.Field(
        title="Có tờ trình",
        description="Tờ trình đề nghị khen thưởng.",
        metadata=_meta("bool", choices=YES_NO, example="Có"),
    )
    has_achievement_report: Series[bool] = pa.Field(
        title="Có báo cáo thành tích",
        description="Báo cáo thành tích có xác nhận của cấp trình.",
        metadata=_meta("bool", choices=YES_NO, example="Có"),
    )
    has_council_minutes: Series[bool] = pa.Field(
        title="Có biên bản Hội đồng TĐKT",
        description="Biên bản họp Hội đồng Thi đua - Khen thưởng cấp trình.",
        metadata=_meta("bool", choices=YES_NO, example="Có"),
    )
    has_movement_plan: Series[bool] = pa.Field(
        title="Có kế hoạch phát động phong trào {year}",
        description="Kế hoạch hoặc văn bản triển khai phong trào năm {year}.",
        metadata=_meta("bool", choices=YES_NO, example="Có"),
    )
    has_results_report: Series[bool] = pa.Field(
        title="Có báo cáo kết quả phong trào {year}",
        description="Báo cáo kết quả thực hiện phong trào năm {year}.",
        metadata=_meta("bool", choices=YES_NO, example="Có"),
    )
    dossier_sent_on: Series[object] = pa.Field(
        title="Ngày gửi hồ sơ",
        description="Ngày/tháng/năm gửi hồ sơ về {standing_body_short}.",
        metadata=_meta("date", example="{date_dossier}"),
    )
    disciplined: Series[bool] = pa.Field(
        title="Bị kỷ luật trong năm",
        description="Tập thể bị xử lý kỷ luật trong năm.",
        metadata=_meta("bool", choices=YES_NO, example="Không"),
    )
    under_investigation: Series[bool] = pa.Field(
        title="Đang bị xem xét, điều tra",
        description="Đang bị thanh tra, kiểm tra, điều tra.",
        metadata=_meta("bool", choices=YES_NO, example="Không"),
    )
    achievement_summary: Series[str] = pa.Field(
        nullable=True,
        title="Tóm tắt thành tích",
        description="Thành tích nổi bật (công bố trong báo cáo).",
        metadata=_meta("text", example="Tỷ lệ hồ sơ trực tuyến 68%, 2 sản phẩm CĐS.", redact=True),
    )

    class Config:
        strict = False
        metadata = {"sheet": "KhenTapThe", "title": "Đề nghị khen thưởng tập thể", "key": [], "keep_rows": True}


class IndividualNominationModel(pa.DataFrameModel):
    """Sheet 5: individuals the unit nominates, one row each."""

    person_code: Series[str] = pa.Field(
        str_length={"min_value": 1, "max_value": 40},
        title="Mã cá nhân",
        description="Mã do đơn vị đặt, duy nhất, ví dụ CN-<mã đơn vị>-01.",
        # A unit may type anything here, a citizen ID included: never shown in a finding.
        metadata=_meta("code", example="CN-22903-01", person_identifier=True),
    )
    full_name: Series[str] = pa.Field(
        str_length={"min_value": 2, "max_value": 120},
        title="Họ và tên",
        description="Họ và tên đầy đủ, có dấu.",
        metadata=_meta("text", example="Trần Thị Bình", redact=True),
    )
    position: Series[str] = pa.Field(
        nullable=True,
        title="Chức vụ",
        description="Chức vụ, đơn vị công tác.",
        metadata=_meta("text", example="Công chức Văn phòng - Thống kê", redact=True),
    )
    is_leader: Series[bool] = pa.Field(
        title="Là người đứng đầu đơn vị",
        description="Có: được xét theo thành tích của tập thể do mình lãnh đạo.",
        metadata=_meta("bool", choices=YES_NO, example="Không"),
    )
    leads_declared: Series[bool] = pa.Field(
        nullable=True,
        title="Giữ chức vụ lãnh đạo, quản lý",
        description="Để trống: xác định theo chức vụ (danh sách chức danh lãnh đạo trong tham số). Người lãnh đạo "
        "xếp sau người trực tiếp công tác khi bằng điểm.",
        metadata=_meta("bool", choices=YES_NO, example=""),
    )
    annual_rating: Series[str] = pa.Field(
        isin=list(ANNUAL_RATINGS),
        title="Xếp loại năm {year}",
        description="Kết quả đánh giá, xếp loại năm.",
        metadata=_meta("choice", choices=ANNUAL_RATINGS, example="Hoàn thành tốt nhiệm vụ"),
    )
    products_led: Series[float] = pa.Field(
        ge=0,
        le=1000,
        title="Số sản phẩm CĐS chủ trì",
        description="Số sản phẩm chuyển đổi số đã chủ trì, đưa vào sử dụng.",
        metadata=_meta("count", example="1"),
    )
    initiative_name: Series[str] = pa.Field(
        nullable=True,
        title="Sáng kiến được công nhận",
        description="Tên sáng kiến về chuyển đổi số đã được công nhận.",
        metadata=_meta("text", example="Số hóa sổ hộ tịch", redact=True),
    )
    initiative_level: Series[str] = pa.Field(
        isin=list(INITIATIVE_LEVELS),
        title="Cấp công nhận sáng kiến",
        description="Cấp công nhận sáng kiến.",
        metadata=_meta("choice", choices=INITIATIVE_LEVELS, example="Cấp cơ sở"),
    )
    training_courses: Series[float] = pa.Field(
        ge=0,
        le=1000,
        title="Số khóa bồi dưỡng kỹ năng số",
        description="Số khóa bồi dưỡng kỹ năng số đã hoàn thành trong năm.",
        metadata=_meta("count", example="2"),
    )
    achievement_summary: Series[str] = pa.Field(
        nullable=True,
        title="Tóm tắt thành tích",
        description="Thành tích cụ thể (công bố trong báo cáo; không ghi thông tin cá nhân).",
        metadata=_meta("text", example="Chủ trì số hóa 12.000 hồ sơ hộ tịch.", redact=True),
    )
    has_proposal: Series[bool] = pa.Field(
        title="Có tờ trình",
        description="Tờ trình đề nghị khen thưởng.",
        metadata=_meta("bool", choices=YES_NO, example="Có"),
    )
    has_achievement_report: Series[bool] = pa.Field(
        title="Có báo cáo thành tích",
        description="Báo cáo thành tích có xác nhận của cấp trình.",
        metadata=_meta("bool", choices=YES_NO, example="Có"),
    )
    has_council_minutes: Series[bool] = pa.Field(
        title="Có biên bản Hội đồng TĐKT",
        description="Biên bản họp Hội đồng Thi đua - Khen thưởng cấp trình.",
        metadata=_meta("bool", choices=YES_NO, example="Có"),
    )
    dossier_sent_on: Series[object] = pa.Field(
        title="Ngày gửi hồ sơ",
        description="Ngày/tháng/năm gửi hồ sơ.",
        metadata=_meta("date", example="{date_dossier}"),
    )
    disciplined: Series[bool] = pa.Field(
        title="Bị kỷ luật trong năm",
        description="Bị xử lý kỷ luật trong năm.",
        metadata=_meta("bool", choices=YES_NO, example="Không"),
    )
    under_investigation: Series[bool] = pa.Field(
        title="Đang bị xem xét, điều tra",
        description="Đang bị thanh tra, kiểm tra, điều tra.",
        metadata=_meta("bool", choices=YES_NO, example="Không"),
    )
    birth_date: Series[object] = pa.Field(
        nullable=True,
        title="Ngày sinh",
        description="Không bắt buộc; để nhận ra một người được hai đơn vị cùng đề nghị; không công bố.",
        metadata=_meta("date", personal=True, example="20/05/1990"),
    )
    id_number: Series[str] = pa.Field(
        nullable=True,
        str_matches=r"^\d{9}(\d{3})?$",
        title="Số CCCD",
        description="Không bắt buộc; không công bố.",
        metadata=_meta("code", personal=True, example="058090001234"),
    )
    phone: Series[str] = pa.Field(
        nullable=True,
        title="Điện thoại",
        description="Không bắt buộc; không công bố.",
        metadata=_meta("text", personal=True, example="0912 345 678"),
    )
    email: Series[str] = pa.Field(
        nullable=True,
        title="Thư điện tử",
        description="Không bắt buộc; không công bố.",
        metadata=_meta("text", personal=True, example="binh.tt@tinh.gov.vn"),
    )

    class Config:
        strict = False
        metadata = {
            "sheet": "KhenCaNhan",
            "title": "Đề nghị khen thưởng cá nhân",
            "key": ["person_code"],
            "keep_rows": True,
            "repeated_key_rule": "person_code_reused_in_unit",
        }


class RegisterModel(pa.DataFrameModel):
    """The receiving department's register of dossiers received (sổ tiếp nhận)."""

    register_no: Series[str] = pa.Field(
        title="Số vào sổ", description="Số thứ tự trong sổ tiếp nhận.", metadata=_meta("code", example="TN-{year}-001")
    )
    unit_code: Series[str] = pa.Field(
        title="Mã đơn vị", description="Đơn vị gửi hồ sơ.", metadata=_meta("code", example="22903")
    )
    received_on: Series[object] = pa.Field(
        # Nullable so that a row whose date cannot be read stays in the register: its unit's dossier
        # then fails the on-time gate with that reason (the register is authoritative).
        nullable=True,
        title="Ngày nhận",
        description="Ngày văn thư {standing_body_short} nhận hồ sơ (có thể kèm giờ).",
        metadata=_meta("date", example="{date_dossier}"),
    )

    class Config:
        strict = False
        metadata = {
            "sheet": None,
            "file": "register.csv",
            "title": "Sổ tiếp nhận hồ sơ khen thưởng",
            # One line per dossier received: a unit may appear more than once.
            "key": ["register_no"],
        }


class AppraisalModel(pa.DataFrameModel):
    """The standing body's appraisal (data/raw/<run>/appraisal/tham_dinh.csv): one row per value it settles.

    A row settles a criterion of a unit (the verified counts) or a field of a
    nomination (the verified answer); the self-reported value stays in the
    clean tables, scoring and the gates read this one. Every row needs its
    reason, its evidence, who appraised it and when.
    """

    unit_code: Series[str] = pa.Field(
        str_length={"min_value": 1, "max_value": 20},
        title="Mã đơn vị",
        description="Mã đơn vị trong danh mục đơn vị.",
        metadata=_meta("code", example="22906"),
    )
    person_code: Series[str] = pa.Field(
        nullable=True,
        title="Mã cá nhân",
        description="Mã cá nhân đơn vị ghi ở trang KhenCaNhan; để trống với tiêu chí và đề nghị khen tập thể.",
        metadata=_meta("code", example="CN-22856-01"),
    )
    item: Series[str] = pa.Field(
        str_length={"min_value": 2, "max_value": 60},
        title="Nội dung thẩm định",
        description="Mã tiêu chí ({criterion_codes}) hoặc một nội dung của hồ sơ đề nghị: ky_luat, dieu_tra, xep_loai, "
        "to_trinh, bao_cao_thanh_tich, bien_ban_hoi_dong, ke_hoach_phong_trao, bao_cao_ket_qua.",
        metadata=_meta("text", example="{example_criterion}"),
    )
    numerator: Series[float] = pa.Field(
        ge=0,
        le=MAX_COUNT,
        nullable=True,
        title="Tử số thẩm định",
        description="Với tiêu chí: tử số sau thẩm định.",
        metadata=_meta("count", example="176"),
    )
    denominator: Series[float] = pa.Field(
        ge=0,
        le=MAX_COUNT,
        nullable=True,
        title="Mẫu số thẩm định",
        description="Với tiêu chí: mẫu số sau thẩm định.",
        metadata=_meta("count", example="704"),
    )
    value: Series[str] = pa.Field(
        nullable=True,
        title="Giá trị thẩm định",
        description="Với nội dung hồ sơ: Có / Không, hoặc mức xếp loại (ví dụ Hoàn thành tốt nhiệm vụ).",
        metadata=_meta("text", example=""),
    )
    reason: Series[str] = pa.Field(
        str_length={"min_value": 2, "max_value": 2000},
        title="Lý do",
        description="Vì sao giữ hay điều chỉnh số liệu đơn vị tự báo cáo (công bố trong báo cáo).",
        metadata=_meta("text", example="Số hồ sơ trực tuyến theo Cổng dịch vụ công tỉnh", redact=True),
    )
    evidence_ref: Series[str] = pa.Field(
        str_length={"min_value": 2, "max_value": 2000},
        title="Tài liệu kiểm chứng",
        description="Số, ký hiệu văn bản, biên bản hoặc đường dẫn minh chứng.",
        metadata=_meta("text", example="Biên bản thẩm định số 05/BB-{body_symbol} ngày {date_appraised}", redact=True),
    )
    appraised_by: Series[str] = pa.Field(
        str_length={"min_value": 2, "max_value": 200},
        title="Người/tổ thẩm định",
        description="Tổ thẩm định hoặc chức danh người thẩm định (không ghi số điện thoại, thư điện tử).",
        metadata=_meta("text", example="Tổ thẩm định {standing_body_short}", redact=True),
    )
    appraised_on: Series[object] = pa.Field(
        title="Ngày thẩm định",
        description="Ngày/tháng/năm thẩm định.",
        metadata=_meta("date", example="{date_appraised}"),
    )

    class Config:
        strict = False
        metadata = {
            "sheet": None,
            "file": "appraisal/tham_dinh.csv",
            "title": "Kết quả thẩm định của cơ quan thường trực",
            "key": ["unit_code", "person_code", "item"],
        }


class SystemRecordModel(pa.DataFrameModel):
    """One export of a system of record (data/raw/<run>/systems/<file>.csv): per unit, the counts it holds.

    Which criterion each file checks, what its two counts are, the tolerance
    and what a gap does are params ``verification.systems``.
    """

    unit_code: Series[str] = pa.Field(
        str_length={"min_value": 1, "max_value": 20},
        title="Mã đơn vị",
        description="Mã đơn vị trong danh mục đơn vị.",
        metadata=_meta("code", example="22906"),
    )
    numerator: Series[float] = pa.Field(
        ge=0,
        le=MAX_COUNT,
        title="Tử số theo hệ thống",
        description="Số đạt theo hệ thống (ví dụ hồ sơ tiếp nhận trực tuyến, văn bản ký số).",
        metadata=_meta("count", example="176"),
    )
    denominator: Series[float] = pa.Field(
        ge=0,
        le=MAX_COUNT,
        title="Mẫu số theo hệ thống",
        description="Tổng số theo hệ thống (ví dụ tổng hồ sơ tiếp nhận, tổng văn bản đã gửi).",
        metadata=_meta("count", example="704"),
    )
    extracted_on: Series[object] = pa.Field(
        nullable=True,
        title="Ngày trích xuất",
        description="Ngày/tháng/năm trích xuất số liệu từ hệ thống.",
        metadata=_meta("date", example="{date_extracted}"),
    )

    @pa.dataframe_check(error="numerator_above_denominator")
    def numerator_not_above_denominator(cls, df):  # noqa: N805 - pandera passes the model class
        """A share cannot exceed its whole."""
        return ~(df["numerator"] > df["denominator"])

    class Config:
        strict = False
        metadata = {"sheet": None, "file": "systems/<tệp>.csv", "title": "Số liệu hệ thống nguồn", "key": ["unit_code"]}


SUBMISSION_SHEETS: tuple[type[pa.DataFrameModel], ...] = (
    UnitInfoModel,
    IndicatorModel,
    ProductModel,
    CollectiveNominationModel,
    IndividualNominationModel,
)
PERSONAL_FIELDS: frozenset[str] = frozenset(
    name
    for model in SUBMISSION_SHEETS
    for name, column in model.to_schema().columns.items()
    if (column.metadata or {}).get("personal")
)


def fields(model: type[pa.DataFrameModel]) -> dict[str, pa.Column]:
    """The model's columns in declaration order."""
    return dict(model.to_schema().columns)


def table_meta(model: type[pa.DataFrameModel]) -> dict[str, object]:
    """The model's table-level metadata (sheet, title, key) from its Config."""
    return dict(model.__config__.metadata or {})


def sheet_name(model: type[pa.DataFrameModel]) -> str:
    """The workbook sheet a model is read from."""
    return str(table_meta(model)["sheet"])


# The nomination sheets whose yes/no columns params ``dossier`` may require, by the dossier's kind.
DOSSIER_KINDS: dict[type[pa.DataFrameModel], str] = {
    CollectiveNominationModel: "collective",
    IndividualNominationModel: "individual",
}
_DOSSIER_COLUMNS = ("has_proposal", "has_achievement_report", "has_council_minutes", "has_movement_plan",
                    "has_results_report")  # fmt: skip


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def schema_words(params: Params) -> dict[str, str]:
    """The words a schema's templates take, from params: the year, the standing body, example dates.

    Example dates sit before the deadline (a unit sends on ``deadline - 9`` days, its
    dossier on ``deadline - 6``...), so each year's template shows dates of its own run.
    """
    structure, deadline = params.structure, params.award.deadline
    codes = [c.code for c in params.criteria]
    rated = [c.code for c in params.criteria if c.measure == "rate"] or codes
    parent = structure.parent_label or ""
    return {
        "year": str(params.year),
        "standing_body_short": params.standing_body_short,
        "parent_label": parent,
        "name_rule": (
            f"tên và {parent.lower()} phải đúng"
            if structure.parent_level
            else "tên phải đúng; tên trùng với đơn vị khác thì phải ghi mã"
        ),
        "criterion_codes": ", ".join(codes),
        "example_criterion": rated[0],
        "body_symbol": params.documents.to_trinh.symbol.rsplit("-", 1)[-1],
        "date_deadline": _day(deadline),
        "date_sent": _day(deadline - dt.timedelta(days=9)),
        "date_dossier": _day(deadline - dt.timedelta(days=6)),
        "date_extracted": _day(deadline - dt.timedelta(days=4)),
        "date_appraised": _day(deadline - dt.timedelta(days=2)),
        "date_report": _day(deadline - dt.timedelta(days=14)),
        "date_in_use": _day(min(params.period.start + dt.timedelta(days=165), params.period.end)),
    }


# What a template says where no run is at hand (the processed tables' contract, lib.contract.tables).
GENERIC_WORDS = {
    "year": "của năm đánh giá",
    "standing_body_short": "cơ quan thường trực",
    "parent_label": "Đơn vị cấp trên",
    "name_rule": "tên (và đơn vị cấp trên, nếu có) phải đúng",
    "criterion_codes": "mã tiêu chí trong tham số",
}


def generic_text(text: str) -> str:
    """A schema template with the generic words of :data:`GENERIC_WORDS` (no params at hand)."""
    return text.format(**GENERIC_WORDS)


def titled_schema(model: type[pa.DataFrameModel], params: Params) -> pa.DataFrameSchema:
    """The model's schema for one run: templates filled, params' closed lists checked, dossier noted.

    The one place a schema meets params: the template, the data dictionary and
    the reader call it, so the header a template prints is the header the reader
    maps. A column whose group, level or criterion list is the run's gets an
    ``isin`` check and its choices from params; without a parent level
    (``structure.parent_level`` null) the DonVi sheet has no parent column.
    """
    structure = params.structure
    dossier = params.dossier_documents(DOSSIER_KINDS[model]) if model in DOSSIER_KINDS else None
    return _titled(
        model,
        tuple(schema_words(params).items()),
        tuple(structure.groups.items()),
        tuple(structure.levels.items()),
        tuple(c.code for c in params.criteria),
        None if dossier is None else tuple(dossier),
        params.dossier.basis,
        structure.parent_level is not None,
    )


@functools.lru_cache(maxsize=256)
def _titled(
    model: type[pa.DataFrameModel],
    words: tuple[tuple[str, str], ...],
    groups: tuple[tuple[str, str], ...],
    levels: tuple[tuple[str, str], ...],
    codes: tuple[str, ...],
    dossier: tuple[str, ...] | None,
    basis: str,
    has_parent: bool,
) -> pa.DataFrameSchema:
    """:func:`titled_schema` on hashable arguments (one schema per run and model, built once)."""
    fill = dict(words)
    lists: dict[str, Mapping[str, str]] = {"groups": dict(groups), "levels": dict(levels), "criteria": {}}
    schema = model.to_schema()
    for name, column in schema.columns.items():
        meta = dict(column.metadata or {})
        if "example" in meta:
            meta["example"] = str(meta["example"]).format(**fill)
        checks = list(column.checks)
        source = meta.pop("params_choices", None)
        if source == "criteria":
            allowed = frozenset(codes)
            checks.append(pa.Check(lambda s, allowed=allowed: s.isin(allowed), error="unknown_criterion"))
        elif source is not None:
            meta["choices"] = dict(lists[source])
            checks.append(pa.Check.isin(list(lists[source])))
        description = (column.description or "").format(**fill)
        if dossier is not None and name in _DOSSIER_COLUMNS and name not in dossier:
            description += f" Không bắt buộc trong hồ sơ theo {basis}."
        title = str(column.title).format(**fill)
        schema = schema.update_column(name, title=title, description=description, metadata=meta, checks=checks)
    if model is UnitInfoModel and not has_parent:
        schema = schema.remove_columns(["district_name"])
    return schema


def titled_fields(model: type[pa.DataFrameModel], params: Params) -> dict[str, pa.Column]:
    """The run's columns of a model, in declaration order (titles filled): see :func:`titled_schema`."""
    return dict(titled_schema(model, params).columns)


class AwardHistoryModel(pa.DataFrameModel):
    """Past awards (data/raw/<run>/award_history.csv): one row per award of a unit or a person.

    Consulted so that no achievement is rewarded twice: a nominee whose
    achievement of this run's movement and period, or one of whose products,
    was already rewarded by a decision is excluded, citing it. A person is the
    same person when the unit code and the full name (NFC, case-folded) are
    the same; the position tells two namesakes of one unit apart. Names,
    units, positions and decisions are what an award decision publishes; the
    file holds nothing more about a person.
    """

    kind: Series[str] = pa.Field(
        isin=list(NOMINEE_KINDS_VI),
        title="Loại khen thưởng",
        description="Tập thể hoặc Cá nhân.",
        metadata=_meta("choice", choices=NOMINEE_KINDS_VI),
    )
    unit_code: Series[str] = pa.Field(
        str_length={"min_value": 1, "max_value": 20},
        title="Mã đơn vị",
        description="Mã đơn vị trong danh mục đơn vị (với cá nhân: đơn vị công tác khi được khen).",
        metadata=_meta("code", example="22888"),
    )
    full_name: Series[str] = pa.Field(
        nullable=True,
        title="Họ và tên",
        description="Với cá nhân: họ và tên như trong quyết định khen thưởng; để trống với tập thể.",
        metadata=_meta("text", example="Nguyễn Văn An", redact=True),
    )
    position: Series[str] = pa.Field(
        nullable=True,
        title="Chức vụ",
        description="Với cá nhân: chức vụ ghi trong quyết định; phân biệt hai người trùng họ tên trong một đơn vị.",
        metadata=_meta("text", example="Chuyên viên", redact=True),
    )
    award_year: Series[float] = pa.Field(
        ge=1975,
        le=2100,
        title="Năm khen thưởng",
        description="Năm của quyết định (hoặc của đề nghị, nếu chưa có quyết định).",
        metadata=_meta("count", example="2022"),
    )
    award_form: Series[str] = pa.Field(
        str_length={"min_value": 2, "max_value": 300},
        title="Hình thức khen thưởng",
        description="Ví dụ: Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh.",
        metadata=_meta("text", example="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"),
    )
    status: Series[str] = pa.Field(
        isin=list(HISTORY_STATUSES),
        title="Tình trạng",
        description="Đã có quyết định, hoặc Đề nghị, chưa có quyết định (dòng chép từ danh sách đề nghị của kỳ trước).",
        metadata=_meta("choice", choices=HISTORY_STATUSES),
    )
    decision_number: Series[str] = pa.Field(
        nullable=True,
        title="Số quyết định",
        description="Số, ký hiệu quyết định khen thưởng, ví dụ 2150/QĐ-UBND; bắt buộc khi đã có quyết định.",
        metadata=_meta("text", example="2150/QĐ-UBND"),
    )
    decision_date: Series[object] = pa.Field(
        nullable=True,
        title="Ngày quyết định",
        description="Ngày/tháng/năm ký quyết định; bắt buộc khi đã có quyết định.",
        metadata=_meta("date", example="20/12/2022"),
    )
    movement: Series[str] = pa.Field(
        str_length={"min_value": 2, "max_value": 300},
        title="Phong trào thi đua",
        description="Phong trào mà thành tích được khen thuộc về, ví dụ Phong trào thi đua Chuyển đổi số.",
        metadata=_meta("text", example="Phong trào thi đua Chuyển đổi số"),
    )
    period: Series[str] = pa.Field(
        str_matches=r"^\s*\d{4}(\s*-\s*\d{4})?\s*$",
        title="Năm/giai đoạn của thành tích",
        description="Năm (2030) hoặc giai đoạn (2026-2030) của thành tích được khen.",
        metadata=_meta("text", example="2022"),
    )
    products: Series[str] = pa.Field(
        nullable=True,
        title="Sản phẩm chuyển đổi số được khen",
        description="Tên các sản phẩm chuyển đổi số mà thành tích dựa vào, cách nhau bởi dấu chấm phẩy (;).",
        metadata=_meta("text", example="Sổ tay đảng viên điện tử - Ủy ban nhân dân xã An Hải"),
    )
    achievement: Series[str] = pa.Field(
        str_length={"min_value": 2, "max_value": 4000},
        title="Thành tích được khen",
        description="Thành tích ghi trong quyết định hoặc danh sách đề nghị.",
        metadata=_meta(
            "text", example="Đã có thành tích xuất sắc trong Phong trào thi đua Chuyển đổi số năm 2022", redact=True
        ),
    )
    note: Series[str] = pa.Field(
        nullable=True,
        title="Ghi chú",
        description="Ghi chú của người nhập (ví dụ nguồn của dòng).",
        metadata=_meta("text", example="", redact=True),
    )

    class Config:
        strict = False
        metadata = {
            "sheet": None,
            "file": "award_history.csv",
            "title": "Lịch sử khen thưởng",
            "key": ["kind", "unit_code", "full_name", "award_year", "award_form", "movement", "period"],
        }


class CrosswalkModel(pa.DataFrameModel):
    """A previous run's unit code to this run's (optional; several rows on one unit code: a merge; one previous
    code on several rows: a split)."""

    # Any code in neither column matches by itself when both registries hold it; previous_name and note only
    # inform a reader. The comparison's rules: lib/scoring/comparison.py.
    previous_code: Series[str] = pa.Field(
        str_length={"min_value": 1, "max_value": 20},
        title="Mã đơn vị năm trước",
        description="Mã của đơn vị trong danh mục đơn vị của lần đánh giá trước (tham số previous_run).",
        metadata=_meta("code", example="22900"),
    )
    previous_name: Series[str] = pa.Field(
        nullable=True,
        title="Tên đơn vị năm trước",
        description="Tên đơn vị năm trước, để người đọc đối chiếu (không dùng để ghép).",
        metadata=_meta("text", example="Ủy ban nhân dân xã Phước Dinh"),
    )
    unit_code: Series[str] = pa.Field(
        str_length={"min_value": 1, "max_value": 20},
        title="Mã đơn vị năm nay",
        description="Mã của đơn vị kế thừa trong danh mục đơn vị năm nay.",
        metadata=_meta("code", example="22903"),
    )
    note: Series[str] = pa.Field(
        nullable=True,
        title="Ghi chú",
        description="Căn cứ sắp xếp (nghị quyết, quyết định), chỉ để thông tin.",
        metadata=_meta("text", example="Nhập theo Nghị quyết số …", redact=True),
    )

    class Config:
        strict = False
        metadata = {
            "sheet": None,
            "file": "crosswalk.csv",
            "title": "Bảng đối chiếu mã đơn vị với năm trước",
            "key": ["previous_code", "unit_code"],
        }


# Every input the data dictionary describes, in its order (lib/publish/template.py); the scan for run words checks
# the titled schemas of the same list.
DESCRIBED_MODELS: tuple[type[pa.DataFrameModel], ...] = (
    *SUBMISSION_SHEETS,
    RegistryModel,
    RegisterModel,
    AppraisalModel,
    SystemRecordModel,
    AwardHistoryModel,
    CrosswalkModel,
)
