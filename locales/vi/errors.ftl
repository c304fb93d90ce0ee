# motcua: Vietnamese texts of the domain's refusals. The id is <capability>-error-<code>, where
# <code> is the error's stable API code; arguments come from the domain (`Message::args`).

dossier-error-dossier_finished = Hồ sơ đã kết thúc ({ $status }); không thể thực hiện thêm thao tác.
dossier-error-action_not_allowed = Không thể «{ $action }» khi hồ sơ đang ở trạng thái «{ $status }». { $count ->
        [0] Không có thao tác nào được phép.
       *[other] Các thao tác được phép: { $allowed }.
    }
dossier-error-second_supplement = Hồ sơ đã được yêu cầu bổ sung một lần; theo quy định chỉ yêu cầu bổ sung một lần, đầy đủ.
dossier-error-second_apology = Hồ sơ đã được xin lỗi và hẹn lại một lần; không được hẹn lại lần thứ hai.
dossier-error-apology_too_late = Đã quá hạn trả kết quả; phiếu xin lỗi và hẹn lại phải lập trước ngày hẹn trả.
dossier-error-new_due_not_later = Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.
dossier-error-new_due_not_working_time = Ngày hẹn trả mới phải là thời điểm làm việc của cơ quan: { $reason }.
dossier-error-new_due_too_far = Ngày hẹn trả mới không được muộn hơn { $latest } (hạn hiện tại cộng thêm một lần thời hạn giải quyết của thủ tục).
dossier-error-missing_field = Cần ghi rõ { $what }.

petition-error-kind_missing = Chưa chọn loại đơn (khiếu nại, tố cáo, kiến nghị hoặc phản ánh).
petition-error-mixed_must_split = Đơn có nhiều nội dung khác nhau ({ $kinds }); không vào sổ như một đơn mà hướng dẫn công dân tách thành từng đơn riêng (Luật Tiếp công dân 2013, Điều 25 khoản 3).
petition-error-reason_not_applicable = Lý do «{ $reason }» không áp dụng cho đơn { $kind }.
petition-error-missing_field = Cần ghi rõ { $what }.
petition-error-petition_finished = Đơn đã kết thúc ({ $status }); không thể thực hiện thêm thao tác.
petition-error-action_not_allowed = Không thể «{ $action }» khi đơn đang ở trạng thái «{ $status }». { $count ->
        [0] Không có thao tác nào được phép.
       *[other] Các thao tác được phép: { $allowed }.
    }
petition-error-already_forwarded = Đơn tố cáo cùng nội dung đã được chuyển một lần; chỉ chuyển đơn một lần đối với đơn cùng nội dung (Thông tư 05/2021/TT-TTCP, Điều 14).
petition-error-extension_beyond_limit = Không được gia hạn: { $detail }
petition-error-extension_not_applicable = Đơn { $kind } không được gia hạn thời hạn giải quyết; chỉ đơn tố cáo được gia hạn (Luật Tố cáo 2018, Điều 30).
petition-error-complexity_not_applicable = Mức độ «{ $complexity }» không áp dụng cho đơn { $kind }.
petition-error-withdrawal_continue_not_applicable = Chỉ đơn tố cáo mới được tiếp tục giải quyết sau khi rút đơn vì có dấu hiệu vi phạm; đơn { $kind } đã rút thì kết thúc.
petition-error-no_resolution_limit = Pháp luật không quy định thời hạn giải quyết cho { $detail }.
petition-error-no_signatories = Đơn phải có ít nhất một người đứng tên.
petition-error-signature_missing = Thiếu chữ ký hoặc điểm chỉ của: { $names }.
petition-error-representatives_required = Đơn có { $signatories } người đứng tên phải cử từ { $min } đến { $max } người đại diện (Luật Tiếp công dân 2013, Điều 29).
petition-error-too_many_representatives = Đơn có { $signatories } người đứng tên chỉ được cử tối đa { $max } người đại diện; đã cử { $representatives }.
petition-error-appointment_missing = Thiếu văn bản cử người đại diện có chữ ký của tất cả những người đứng tên.
petition-error-second_instance_too_early = Chưa thể khiếu nại lần hai: thời hạn tính từ ngày { $day }.
petition-error-second_instance_out_of_window = Đã quá thời hạn khiếu nại lần hai: ngày cuối cùng được khiếu nại là { $day } ({ $basis }).
petition-error-filing_limit_expired = Đã hết thời hiệu khiếu nại: ngày cuối cùng được khiếu nại là { $day } ({ $basis }).
petition-error-invalid_date_range = Khoảng thời gian không hợp lệ: ngày bắt đầu { $from } sau ngày kết thúc { $to }.
petition-error-delegation_not_allowed = Từ ngày { $day } người đứng đầu không được ủy quyền cho cấp phó tiếp công dân định kỳ ({ $basis }).
petition-error-no_reception_duty = Quy tắc tiếp công dân đang áp dụng không quy định lịch tiếp định kỳ cho { $role }.
petition-error-invalid_rules = Tệp quy tắc không hợp lệ: { $detail }
petition-error-calendar_error = { $detail }

missing-supplement_items = từng giấy tờ cần bổ sung và lý do
missing-supplement_reasons = lý do cho từng giấy tờ cần bổ sung
missing-refusal_reason = lý do từ chối
missing-delay_reason = lý do chậm trả kết quả
missing-stop_reason = lý do dừng giải quyết hoặc rút hồ sơ
missing-transfer_reason = lý do chuyển cơ quan
missing-signatory_names = họ tên của từng người đứng tên
missing-extension_days = số ngày gia hạn (lớn hơn 0)
missing-extension_reason = lý do gia hạn
missing-decision_summary = tóm tắt quyết định hoặc kết luận
missing-complexity_reason = lý do xác định vụ việc phức tạp
missing-forward_agency = cơ quan nhận đơn chuyển
missing-guidance = nội dung hướng dẫn (cơ quan có thẩm quyền, cách thực hiện)
missing-suspension_reason = lý do tạm đình chỉ
missing-previous_resume_date = ngày quyết định tiếp tục giải quyết của lần tạm đình chỉ trước
missing-excluded_period_end = ngày kết thúc của khoảng thời gian không tính
missing-excluded_period_reason = lý do của khoảng thời gian không tính
