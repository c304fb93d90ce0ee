# motcua: messages beside the fields of an input that broke a rule. The id is
# validation-<subject>-<what>.

validation-unknown_field = Trường này không có trong yêu cầu; bỏ trường này hoặc sửa tên cho đúng.

validation-phone-empty = Vui lòng nhập số điện thoại.
validation-phone-not_digits = Số điện thoại «{ $shown }» chỉ được gồm chữ số (có thể có +84 ở đầu).
validation-phone-no_prefix = Số điện thoại «{ $shown }» phải bắt đầu bằng 0 hoặc +84.
validation-phone-old_mobile = Số «{ $shown }» là đầu số di động 11 số cũ, đã chuyển sang 10 số từ năm 2018; vui lòng nhập số mới.
validation-phone-mobile_prefix = Số di động «{ $shown }» có đầu số không hợp lệ (đầu số di động là 03, 05, 07, 08, 09).
validation-phone-landline_prefix = Số cố định «{ $shown }» phải bắt đầu bằng mã vùng 02.
validation-phone-length = Số điện thoại «{ $shown }» có { $n } chữ số; số di động có 10 chữ số, số cố định có 11 chữ số (kể cả số 0 đầu).

validation-email-empty = Vui lòng nhập email.
validation-email-too_long = Email dài quá { $max } ký tự.
validation-email-space = Email «{ $shown }» không được chứa dấu cách.
validation-email-no_at = Email «{ $shown }» thiếu ký tự @.
validation-email-two_at = Email «{ $shown }» chỉ được có một ký tự @.
validation-email-no_local = Email «{ $shown }» thiếu phần tên trước @.
validation-email-no_domain = Email «{ $shown }» thiếu tên miền sau @ (ví dụ: ten@gmail.com).
validation-email-bad_domain = Email «{ $shown }» có tên miền không hợp lệ.

validation-tax_code-empty = Vui lòng nhập mã số thuế.
validation-tax_code-not_digits = Mã số thuế «{ $shown }» chỉ gồm chữ số và một dấu - trước mã chi nhánh.
validation-tax_code-length = Mã số thuế phải có 10 chữ số (chi nhánh: thêm - và 3 chữ số); «{ $shown }» có { $n } chữ số trước mã chi nhánh.
validation-tax_code-branch_length = Mã chi nhánh sau dấu - phải có 3 chữ số; «{ $branch }» có { $n } chữ số.

validation-applicant-kind-empty = Vui lòng chọn người nộp là cá nhân hay tổ chức.
validation-applicant-kind-unknown = Loại người nộp phải là «cá nhân» hoặc «tổ chức», không phải «{ $kind }».
validation-applicant-birth_year = Năm sinh «{ $year }» không hợp lệ (ví dụ: 1985).
validation-applicant-birth_year_future = Năm sinh { $year } chưa tới.
validation-applicant-no_contact = Vui lòng nhập số điện thoại hoặc email để cơ quan liên hệ khi cần.
validation-applicant-name-empty = Vui lòng nhập họ tên hoặc tên tổ chức.
validation-applicant-name-too_long = Họ tên hoặc tên tổ chức dài quá { $max } ký tự ({ $n } ký tự).
validation-applicant-name-control = Họ tên hoặc tên tổ chức có ký tự điều khiển không hợp lệ.
validation-applicant-address-empty = Vui lòng nhập địa chỉ.
validation-applicant-address-too_long = Địa chỉ dài quá { $max } ký tự ({ $n } ký tự).
validation-applicant-address-control = Địa chỉ có ký tự điều khiển không hợp lệ.
validation-applicant-representative-empty = Vui lòng nhập tên người đại diện.
validation-applicant-representative-too_long = Tên người đại diện dài quá { $max } ký tự ({ $n } ký tự).
validation-applicant-representative-control = Tên người đại diện có ký tự điều khiển không hợp lệ.

validation-citizen_id-empty = Vui lòng nhập số căn cước.
validation-citizen_id-letter = Số căn cước chỉ gồm chữ số, không có chữ cái (có «{ $char }» trong «{ $shown }»).
validation-citizen_id-not_digit = Số căn cước chỉ gồm chữ số; hãy bỏ ký tự «{ $char }».
validation-citizen_id-old_card = Đây có vẻ là số chứng minh nhân dân cũ (9 chữ số); vui lòng nhập số căn cước 12 chữ số.
validation-citizen_id-too_short = Số căn cước phải có đúng 12 chữ số; mới nhập { $n } chữ số (thiếu { $missing }).
validation-citizen_id-too_long = Số căn cước phải có đúng 12 chữ số; đã nhập { $n } chữ số (thừa { $extra }).
validation-citizen_id-province = Ba chữ số đầu «{ $code }» không phải mã tỉnh nơi đăng ký khai sinh; vui lòng đối chiếu lại với thẻ.
validation-citizen_id-birth_year = Năm sinh { $year } không hợp lệ.
validation-citizen_id-century = Chữ số thứ 4 của số căn cước («{ $digit }») cho biết người sinh trong khoảng { $start }–{ $end }, nhưng tờ khai ghi năm sinh { $year }.
validation-citizen_id-year = Chữ số thứ 5–6 của số căn cước («{ $digits }») cho biết năm sinh { $card }, nhưng tờ khai ghi năm sinh { $year }.

validation-what-unit = đơn vị
validation-what-procedure = thủ tục
validation-code-empty = Vui lòng nhập mã { $what }.
validation-code-chars = Mã { $what } chỉ gồm chữ không dấu, chữ số và các ký tự . - _ (tối đa 32 ký tự).

validation-unit-level = Cấp đơn vị không hợp lệ: «{ $value }».
validation-unit-name-empty = Vui lòng nhập tên đơn vị.
validation-unit-name-too_long = Tên đơn vị dài quá 200 ký tự.
validation-unit-effective_to = Ngày hết hiệu lực phải sau ngày có hiệu lực.
validation-unit-parent = Chỉ đơn vị cấp tỉnh mới không có đơn vị cấp trên.
validation-unit_change-kind = Loại thay đổi không hợp lệ: «{ $value }».
validation-unit_change-merge = Sáp nhập cần ít nhất hai đơn vị cũ và đúng một đơn vị mới.
validation-unit_change-split = Chia tách cần đúng một đơn vị cũ và ít nhất hai đơn vị mới.
validation-unit_change-rename = Đổi tên cần đúng một đơn vị cũ và một đơn vị mới.
validation-unit_change-abolish = Giải thể áp dụng cho đúng một đơn vị.
validation-unit_change-twice = Một đơn vị không thể xuất hiện hai lần trong cùng một thay đổi.
validation-unit_change-legal_basis = Vui lòng nêu căn cứ pháp lý (số, ngày văn bản).

validation-login-empty = Vui lòng nhập tên đăng nhập.
validation-login-too_long = Tên đăng nhập dài quá 64 ký tự.
validation-login-chars = Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các ký tự . _ - @ +.
validation-id-invalid = Mã định danh không hợp lệ.
validation-role-unknown = Vai trò không hợp lệ: «{ $value }».
validation-role-needs_unit = Vai trò «{ $role }» phải gắn với một đơn vị.
validation-role-citizen_unit = Vai trò công dân không gắn với đơn vị.

validation-too_long = { $label } dài quá mức cho phép: tối đa { $max } ký tự.
validation-field-unknown = Trường này
validation-field-sender_name = Họ tên người gửi
validation-field-sender_address = Địa chỉ người gửi
validation-field-sender_id_number = Số giấy tờ tuỳ thân
validation-field-sender_phone = Số điện thoại
validation-field-sender_email = Thư điện tử
validation-field-forwarded_by = Cơ quan chuyển đơn
validation-field-subject = Trích yếu
validation-field-content = Nội dung
validation-field-signatories = Danh sách người ký đơn
validation-field-first_instance_code = Số đơn khiếu nại lần đầu
validation-field-reason = Lý do
validation-field-note = Ghi chú
validation-field-text = Nội dung văn bản
validation-field-complexity_reason = Lý do về mức độ phức tạp
validation-field-agency = Cơ quan có thẩm quyền
validation-field-items_text = Danh sách giấy tờ cần bổ sung
validation-field-conclusion = Kết luận
validation-field-guidance = Hướng dẫn
validation-field-document = Tên giấy tờ
validation-field-visitor_name = Họ tên người đến
validation-field-visitor_address = Địa chỉ người đến
validation-field-visitor_id_number = Số giấy tờ tuỳ thân
validation-field-representatives = Danh sách người đại diện
validation-field-prior_handling = Quá trình giải quyết trước đó
validation-field-forwarded_to = Nơi chuyển đơn
validation-field-documents = Tài liệu công dân cung cấp
validation-field-host_name = Người chủ trì
validation-field-head_name = Họ tên người đứng đầu
validation-field-host_title = Chức vụ người chủ trì
validation-field-place = Địa điểm
validation-field-name = Tên
validation-field-address = Địa chỉ
validation-field-representative = Người đại diện
validation-field-phone = Số điện thoại
validation-field-email = Thư điện tử
validation-field-citizen_id = Số Căn cước
validation-field-tax_code = Mã số thuế
validation-field-return_place = Nơi trả kết quả
validation-field-file_name = Tên tệp
validation-field-full_name = Họ tên
validation-field-comment = Góp ý

# Checked against what is stored: units, the notification outbox, API keys.
validation-unit-parent_missing = Đơn vị cấp trên không tồn tại.
validation-unit-parent_not_in_force = Đơn vị cấp trên không còn hiệu lực vào ngày đơn vị này bắt đầu.
validation-unit-closed = Đơn vị đã hết hiệu lực; dữ liệu lịch sử không được sửa.
validation-unit-predecessor_not_in_force = Đơn vị «{ $name }» không còn hiệu lực vào ngày trước ngày { $date }.
validation-unit-successor_start = Đơn vị «{ $name }» phải có hiệu lực từ ngày { $date }.
validation-outbox-message_id = Mã thông báo không hợp lệ.
validation-outbox-channel = Kênh thông báo không hợp lệ: «{ $shown }» (email, sms hoặc zalo).
validation-outbox-recipient = Chưa có người nhận thông báo.
validation-token-scope = Phạm vi quyền không hợp lệ: «{ $shown }».
validation-token-name = Vui lòng đặt tên cho khoá API.
validation-token-expiry_past = Thời hạn của khoá API phải ở sau thời điểm tạo.
validation-token-expiry_too_far = Khoá API chỉ được có thời hạn tối đa { $days } ngày.

# The web forms and query parameters: values that could not be read.
validation-input-instant = Thời điểm không hợp lệ; nhập ngày và giờ, ví dụ 2026-03-10T17:00.
validation-action-invalid = Thao tác không hợp lệ.
validation-value-invalid = Giá trị không hợp lệ.
validation-value-invalid_shown = Giá trị không hợp lệ: «{ $shown }».
validation-unit-invalid = Đơn vị không hợp lệ.
validation-unit-choose = Chọn đơn vị.
validation-unit-date = Ngày không hợp lệ (dd/mm/yyyy).
validation-unit-parent_invalid = Đơn vị cấp trên không hợp lệ.
validation-unit_change-from_invalid = Đơn vị bị sáp nhập không hợp lệ.
validation-unit_change-from_two = Chọn ít nhất hai đơn vị để sáp nhập.
validation-unit_change-legal_basis_empty = Vui lòng nhập căn cứ pháp lý.
validation-user-full_name_too_long = Họ tên dài quá 200 ký tự.
validation-user-email = Địa chỉ thư điện tử không hợp lệ.
validation-form-paper = Khổ giấy phải là A4 hoặc A5.
validation-form-year = Năm không hợp lệ.
validation-form-format = Định dạng phải là html, pdf, xlsx hoặc csv.
validation-contact-empty = Vui lòng nhập số điện thoại di động hoặc thư điện tử.
validation-contact-landline = “{ $shown }” là số máy bàn, không nhận được tin nhắn. Vui lòng nhập số di động hoặc thư điện tử.
validation-contact-chars = Địa chỉ “{ $shown }” có ký tự không dùng được làm tên đăng nhập. Vui lòng dùng số điện thoại hoặc địa chỉ khác.
