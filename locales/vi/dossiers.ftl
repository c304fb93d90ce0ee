# One-stop dossiers: messages of the printed forms and the logbook.

dossier-form-not-issued = Hồ sơ này chưa có { $what }.
dossier-form-supplement = phiếu yêu cầu bổ sung
dossier-form-refusal = phiếu từ chối
dossier-form-apology = phiếu xin lỗi và hẹn lại ngày trả kết quả
form-not-available = Không in được mẫu này: { $detail }

# The dossier code typed by a citizen or issued at reception.
validation-dossier_code-shape = Mã hồ sơ có dạng MÃ-CƠ-QUAN-YYMMDD-SỐ, ví dụ H15.50.05.13-261008-0975.
validation-dossier_code-empty = Vui lòng nhập mã hồ sơ in trên giấy tiếp nhận.
validation-dossier_code-wrong_characters = Mã hồ sơ chỉ gồm chữ không dấu, chữ số, dấu chấm và dấu gạch ngang; hãy bỏ: { $chars }.
validation-dossier_code-missing_date_and_sequence = Thiếu phần ngày tiếp nhận và số thứ tự. { validation-dossier_code-shape }
validation-dossier_code-missing_date = Thiếu phần ngày tiếp nhận (6 chữ số năm-tháng-ngày) giữa mã cơ quan và số thứ tự. { validation-dossier_code-shape }
validation-dossier_code-missing_sequence = Thiếu số thứ tự hồ sơ (4 đến 7 chữ số) sau phần ngày. { validation-dossier_code-shape }
validation-dossier_code-too_many_parts = Mã hồ sơ chỉ có 3 phần nối bằng dấu gạch ngang, nhưng đã nhập { $n } phần. { validation-dossier_code-shape }
validation-dossier_code-missing_agency = Thiếu mã cơ quan ở đầu mã hồ sơ. { validation-dossier_code-shape }
validation-dossier_code-agency_too_long = Mã cơ quan dài { $n } ký tự, quá { $max } ký tự; hãy kiểm tra lại phần trước ngày tiếp nhận.
validation-dossier_code-agency_malformed = Mã cơ quan gồm các nhóm chữ không dấu và chữ số cách nhau bằng đúng một dấu chấm, không có dấu chấm ở đầu hay cuối (ví dụ H15.50.05.13).
validation-dossier_code-date_not_six_digits = Phần ngày tiếp nhận phải có 6 chữ số (năm-tháng-ngày, ví dụ 261008 là 08/10/2026), không phải «{ $shown }».
validation-dossier_code-impossible_date = «{ $shown }» không phải ngày có thật (đọc là năm-tháng-ngày: 20{ $yy }, tháng { $mm }, ngày { $dd }); hãy kiểm tra lại phần ngày.
validation-dossier_code-sequence_not_digits = Số thứ tự hồ sơ chỉ gồm chữ số, không phải «{ $shown }».
validation-dossier_code-sequence_too_short = Số thứ tự hồ sơ có { $n } chữ số, ít nhất phải 4 (giữ cả các số 0 ở đầu, ví dụ 0975).
validation-dossier_code-sequence_too_long = Số thứ tự hồ sơ có { $n } chữ số, nhiều nhất là 7.
validation-dossier_code-year_range = Ngày tiếp nhận phải trong các năm 2000–2099 (mã hồ sơ chỉ ghi hai chữ số năm).
validation-dossier_code-width = Số chữ số của số thứ tự phải từ { $min } đến { $max }.
validation-dossier_code-sequence_too_wide = Số thứ tự { $sequence } không vừa { $width } chữ số; hãy tăng độ dài số thứ tự trong cấu hình.
validation-dossier_code-agency_lowercase = Mã cơ quan dùng chữ in hoa (ví dụ H15.50.05.13).

# Files attached to a dossier.
validation-upload-empty = Tệp «{ $name }» rỗng (0 byte); vui lòng chọn lại tệp.
validation-upload-too_large = Tệp «{ $name }» nặng { $size }, vượt giới hạn { $max } mỗi tệp; hãy quét ở độ phân giải thấp hơn hoặc chia nhỏ tệp.
validation-upload-unsupported_known = Tệp «{ $name }» là { $what }, hệ thống chỉ nhận tệp PDF hoặc ảnh JPEG, PNG.
validation-upload-unsupported = Tệp «{ $name }» không phải PDF, JPEG hay PNG, hệ thống chỉ nhận tệp PDF hoặc ảnh JPEG, PNG.
validation-upload-extension_mismatch = Tệp «{ $name }» có đuôi .{ $extension } nhưng nội dung là { $actual }; hãy chọn đúng tệp hoặc đổi đuôi thành .{ $fix }.
validation-upload-unsupported_extension = Tệp «{ $name }» có đuôi .{ $extension }, hệ thống chỉ nhận .pdf, .jpg, .jpeg, .png; nội dung là { $actual }, hãy đổi đuôi thành .{ $fix }.
validation-upload-content_type_mismatch = Tệp «{ $name }» được gửi là { $declared } nhưng nội dung là { $actual }; vui lòng chọn lại tệp.
validation-upload-too_many_files = Hồ sơ có { $count } tệp, nhiều nhất là { $max } tệp; hãy gộp các trang của cùng một giấy tờ vào một tệp PDF.
validation-upload-total_too_large = Tổng dung lượng các tệp là { $total }, vượt giới hạn { $max } cho một hồ sơ.
validation-upload-duplicate = Tệp «{ $second }» giống hệt tệp «{ $first }» đã đính kèm.
upload-unnamed = (không tên)
upload-kind-pdf = tệp PDF
upload-kind-jpg = ảnh JPEG
upload-kind-png = ảnh PNG
upload-looks_like-program = một chương trình máy tính
upload-looks_like-archive = tệp nén hoặc tệp Word/Excel (.zip, .docx, .xlsx)
upload-looks_like-old_office = tệp Word/Excel cũ (.doc, .xls)
upload-looks_like-gif = ảnh GIF
upload-looks_like-phone_media = ảnh HEIC hoặc video từ điện thoại

# The citizen's rating of how a dossier was handled.
validation-rating-missing = Vui lòng chọn mức đánh giá cho tiêu chí { $letter }) { $criterion }.
validation-rating-always_applies = Tiêu chí { $letter }) áp dụng cho mọi hồ sơ; vui lòng chọn một mức đánh giá.
validation-rating-unknown = Mức đánh giá «{ $shown }» không hợp lệ; chọn Rất hài lòng, Hài lòng hoặc Không hài lòng.
validation-rating-comment_too_long = Ý kiến khác dài quá { $max } ký tự ({ $n } ký tự).

# The dossier forms and API: values that could not be read or used.
validation-dossier-action = Thao tác không hợp lệ; các thao tác: { $known }.
validation-dossier-new_due_empty = Cần nhập ngày hẹn trả mới.
validation-dossier-to_unit = Chọn cơ quan nhận hồ sơ chuyển đến.
validation-dossier-receiver = Người nhận không hợp lệ.
validation-dossier-unit_missing = Chọn nơi tiếp nhận hồ sơ.
validation-dossier-unit_invalid = Nơi tiếp nhận không hợp lệ.
validation-dossier-channel = Kênh nộp phải là desk, online hoặc post.
validation-dossier-paid_online = Thanh toán trực tuyến phải để trống, portal (Cổng Dịch vụ công quốc gia) hoặc province (cổng thanh toán của tỉnh).
validation-dossier-procedure = Chọn thủ tục hành chính.
validation-dossier-status = Trạng thái không hợp lệ: «{ $shown }».
validation-dossier-receiver_not_found = Không tìm thấy người nhận.
validation-dossier-transfer_same_unit = Hồ sơ đang do chính cơ quan này giải quyết; chọn cơ quan khác để chuyển đến.
validation-dossier-supplement_files_required = Hãy chọn tệp cho giấy tờ cần bổ sung.
validation-dossier-to_unit_not_found = Không tìm thấy cơ quan nhận.
validation-dossier-base64 = Nội dung tệp không phải base64 hợp lệ.
validation-dossier-due_within_hours = Số giờ đến hạn phải là số nguyên dương.
dossier-lookup-not_found = Không tìm thấy hồ sơ mã { $code }. Vui lòng kiểm tra lại mã in trên giấy tiếp nhận.
validation-dossier-procedure_not_in_force = Thủ tục không có trong danh mục hoặc chưa có hiệu lực vào ngày tiếp nhận.
validation-dossier-document_unknown = Giấy tờ số { $n } không có trong thành phần hồ sơ của thủ tục.
validation-dossier-document_missing = Thiếu giấy tờ bắt buộc: { $name }.
validation-dossier-rating_verify = Bốn số cuối của số Căn cước (hoặc mã số thuế) của người nộp không đúng.
validation-dossier-new_due_calendar = Không kiểm tra được ngày hẹn trả mới theo lịch làm việc: { $problem }
validation-dossier-due_calendar = Không tính được hạn giải quyết: { $problem }
dossier-rating-not_open = Chỉ đánh giá được sau khi hồ sơ đã trả kết quả.
dossier-new_due-day_off = ngày { $date } là { $name }
dossier-new_due-outside_hours = { $time } ngoài giờ làm việc (giờ làm việc: { $hours })
dossier-due-explanation = Thời hạn: { $limit }; quy tắc tính: { $rules }.

## A due date's explanation, step by step (domain::explain). The Vietnamese wording is the
## engine's own (motcua-calendar `Why::vietnamese`), which a test compares line by line.
time-limit-working_days = { $n } ngày làm việc
time-limit-working_hours = { $n } giờ làm việc
time-limit-working_minutes = { $h } giờ { $m } phút làm việc
time-limit-calendar_days = { $n } ngày
time-limit-same_day = trong ngày
day-kind-holiday = ngày nghỉ lễ, Tết
day-kind-compensatory = ngày nghỉ bù
day-kind-swap_day_off = ngày nghỉ hoán đổi
day-kind-makeup_workday = ngày làm bù
weekday-mon = Thứ Hai
weekday-tue = Thứ Ba
weekday-wed = Thứ Tư
weekday-thu = Thứ Năm
weekday-fri = Thứ Sáu
weekday-sat = Thứ Bảy
weekday-sun = Chủ Nhật
day-off-listed = { $name } ({ $kind })
day-off-weekly = { $weekday } (ngày nghỉ hằng tuần)
day-off-unnamed = { "" }
due-step-line = { $when }: { $why }
due-step-received = tiếp nhận; thời hạn { $limit }
due-step-moved-day_off = nhận vào ngày nghỉ ({ $off }); tính như nhận đầu ngày làm việc tiếp theo — { $source }
due-step-moved-cutoff = nhận sau { $cutoff }; tính như nhận đầu ngày làm việc tiếp theo — { $source }
due-step-moved-after_hours = nhận sau giờ làm việc; tính như nhận đầu ngày làm việc tiếp theo — { $source }
due-step-counted = ngày làm việc thứ { $k }/{ $n }
due-step-hours = tính { $h } giờ { $m } phút làm việc (cộng dồn { $th } giờ { $tm } phút)
due-step-last_calendar_day = ngày cuối của thời hạn { $n } ngày (tính từ ngày { $from }) — { $source }
due-step-skipped = không tính
due-step-skipped-listed = không tính: { $off } — { $source }
due-step-skipped-weekly = không tính: { $off }
due-step-end_moved = { $skipped }; thời hạn kết thúc vào ngày làm việc tiếp theo — { $source }
due-step-paused = tạm dừng; còn { $remaining }
due-step-resumed = tiếp tục; còn { $remaining }
due-step-restarted = tính lại từ đầu { $limit }
due-step-due = hẹn trả kết quả
track-late = Hồ sơ đã quá hạn giải quyết.
track-apology = Cơ quan đã gửi thư xin lỗi ngày { $at } và hẹn trả kết quả vào { $due }.
track-late-finished = Hồ sơ đã được giải quyết quá hạn.
validation-dossier-note_empty = Hãy ghi nội dung ghi chú.
validation-dossier-note_too_long = Ghi chú dài quá mức cho phép: tối đa { $max } ký tự.
validation-dossier-assignee = Hãy chọn cán bộ làm bước này ở đơn vị giải quyết.
validation-saved_filter-name = Hãy đặt tên cho bộ lọc.
validation-saved_filter-too_many = Mỗi người lưu được tối đa { $max } bộ lọc; hãy xóa bớt một bộ lọc.
dossier-error-not_in_a_step = Hồ sơ không ở bước xử lý nào nên không giao được.
