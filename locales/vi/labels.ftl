# motcua: Vietnamese names of statuses, actions and kinds. The id is <group>-<code>, where
# <code> is the stable code the domain gives (status.code(), kind.code(), …).

dossier-status-received = Đã tiếp nhận
dossier-status-in_progress = Đang giải quyết
dossier-status-awaiting_supplement = Chờ bổ sung hồ sơ
dossier-status-result_ready = Đã có kết quả, chờ trả
dossier-status-returned = Đã trả kết quả
dossier-status-refused = Từ chối giải quyết
dossier-status-stopped = Dừng giải quyết / rút hồ sơ

dossier-action-hand_over = Chuyển bước tiếp theo
dossier-action-request_supplement = Yêu cầu bổ sung hồ sơ
dossier-action-resubmit = Nhận hồ sơ bổ sung
dossier-action-refuse = Từ chối giải quyết
dossier-action-apologise = Xin lỗi và hẹn lại ngày trả
dossier-action-stop = Dừng giải quyết / rút hồ sơ
dossier-action-transfer = Chuyển cơ quan khác (liên thông)
dossier-action-return_result = Trả kết quả

dossier-channel-desk = Trực tiếp
dossier-channel-online = Trực tuyến
dossier-channel-post = Bưu chính

dossier-timeliness-early = Trước hạn
dossier-timeliness-on_time = Đúng hạn
dossier-timeliness-late = Quá hạn

copy-kind-original = bản chính
copy-kind-copy = bản sao
copy-kind-certified_copy = bản sao có chứng thực
copy-kind-original_or_copy = bản chính hoặc bản sao

procedure-level-province = Cấp tỉnh
procedure-level-commune = Cấp xã
procedure-online-none = Không trực tuyến
procedure-online-partial = Trực tuyến một phần
procedure-online-full = Trực tuyến toàn trình

role-citizen = Công dân
role-desk_officer = Cán bộ một cửa
role-specialist = Chuyên viên
role-head = Lãnh đạo
role-petition_handler = Cán bộ xử lý đơn
role-inspector = Thanh tra viên
role-moderator = Người kiểm duyệt
role-editor = Biên tập viên
role-approver = Người duyệt tin
role-unit_admin = Quản trị đơn vị
role-system_admin = Quản trị hệ thống

rating-criterion-a = Thời gian giải quyết so với thời hạn quy định
rating-criterion-b = Số lượng cơ quan, đơn vị phải liên hệ
rating-criterion-c = Số lần phải liên hệ để hoàn thiện hồ sơ
rating-criterion-d = Tính chính xác, đầy đủ của thông tin công khai về thủ tục
rating-criterion-dd = Thái độ của cán bộ, công chức, viên chức
rating-criterion-e = Kết quả và chi phí đúng quy định (kể cả chi phí ngoài quy định)
rating-criterion-g = Tiếp nhận, giải quyết ý kiến phản ánh, kiến nghị
rating-criterion-h = Chất lượng dịch vụ công trực tuyến

rating-score-exceeds = Rất hài lòng
rating-score-meets = Hài lòng
rating-score-fails = Không hài lòng

petition-status-registered = Đã vào sổ, chờ phân loại
petition-status-eligible = Đủ điều kiện xử lý
petition-status-not_eligible = Không đủ điều kiện xử lý
petition-status-accepted = Đã thụ lý, đang giải quyết
petition-status-suspended = Tạm đình chỉ giải quyết
petition-status-decided = Đã giải quyết
petition-status-forwarded = Đã chuyển đơn
petition-status-guided = Đã hướng dẫn
petition-status-filed = Lưu đơn
petition-status-kept_for_inspection = Lưu phục vụ thanh tra, kiểm tra
petition-status-not_accepted = Không thụ lý
petition-status-withdrawn = Đã rút đơn

petition-action-classify = Phân loại đơn
petition-action-accept = Thụ lý
petition-action-not_accept = Không thụ lý
petition-action-forward = Chuyển đơn
petition-action-guide = Hướng dẫn
petition-action-file = Lưu đơn
petition-action-keep_for_inspection = Lưu phục vụ thanh tra, kiểm tra
petition-action-extend = Gia hạn giải quyết
petition-action-suspend = Tạm đình chỉ
petition-action-resume = Tiếp tục giải quyết
petition-action-decide = Ban hành quyết định, kết luận
petition-action-withdraw = Rút đơn

petition-kind-khieu_nai = Khiếu nại
petition-kind-to_cao = Tố cáo
petition-kind-kien_nghi = Kiến nghị
petition-kind-phan_anh = Phản ánh

petition-source-reception = Qua tiếp công dân
petition-source-direct = Nộp trực tiếp, hòm thư góp ý
petition-source-post = Qua bưu chính
petition-source-online = Trực tuyến
petition-source-forwarded = Cơ quan, tổ chức khác chuyển đến

petition-log-class-complaint = KN
petition-log-class-denunciation = TC
petition-log-class-recommendation_feedback = KN-PA

petition-complexity-normal = Thông thường
petition-complexity-complex = Phức tạp
petition-complexity-especially_complex = Đặc biệt phức tạp

petition-ineligibility-no_signature = Đơn không có chữ ký hoặc điểm chỉ của người viết đơn
petition-ineligibility-no_name_or_address = Đơn không ghi rõ họ tên, địa chỉ của người viết đơn
petition-ineligibility-undated = Đơn không ghi ngày, tháng, năm
petition-ineligibility-not_in_vietnamese = Đơn không viết bằng tiếng Việt
petition-ineligibility-content_unclear = Nội dung đơn không rõ ràng
petition-ineligibility-already_handled = Đơn trùng nội dung đã được xử lý, giải quyết, không có tình tiết mới
petition-ineligibility-not_complainable = Quyết định, hành vi bị khiếu nại không thuộc đối tượng khiếu nại (văn bản chỉ đạo, điều hành nội bộ; văn bản quy phạm pháp luật)
petition-ineligibility-no_direct_interest = Quyết định, hành vi bị khiếu nại không liên quan trực tiếp đến quyền, lợi ích hợp pháp của người khiếu nại
petition-ineligibility-no_legal_capacity = Người khiếu nại không có năng lực hành vi dân sự đầy đủ mà không có người đại diện hợp pháp
petition-ineligibility-illegitimate_representative = Người đại diện không hợp pháp
petition-ineligibility-filing_limit_expired = Thời hiệu khiếu nại đã hết mà không có lý do chính đáng
petition-ineligibility-second_decision_exists = Khiếu nại đã có quyết định giải quyết lần hai
petition-ineligibility-termination_not_continued = Có văn bản thông báo đình chỉ giải quyết khiếu nại mà sau 30 ngày người khiếu nại không tiếp tục khiếu nại
petition-ineligibility-court_seized = Việc khiếu nại đã được Tòa án thụ lý hoặc đã có bản án, quyết định của Tòa án
petition-ineligibility-anonymous = Tố cáo nặc danh, mạo danh hoặc không rõ họ tên, địa chỉ người tố cáo
petition-ineligibility-violation_not_identifiable = Nội dung tố cáo không có cơ sở để xác định người vi phạm, hành vi vi phạm
petition-ineligibility-resent_to_non_competent = Tố cáo gửi đồng thời cho nhiều cơ quan hoặc đã được hướng dẫn nhưng vẫn gửi đến cơ quan không có thẩm quyền
petition-ineligibility-complaint_decider_without_evidence = Tố cáo người giải quyết khiếu nại mà không có bằng chứng về hành vi vi phạm

dossier-watch-at_risk = Có nguy cơ trễ hạn
dossier-watch-late = Đã quá hạn

petition-watch-overdue = Quá hạn
petition-watch-long_pending = Tồn đọng quá 45 ngày
petition-watch-due_soon = Sắp đến hạn

dossier-event-resubmitted-online = Người nộp bổ sung hồ sơ trực tuyến
dossier-event-approved = Phê duyệt, ký kết quả
dossier-event-assigned = Phân công xử lý
dossier-event-received = Tiếp nhận hồ sơ

petition-deadline-state-on_track = Trong hạn
petition-deadline-state-due_soon = Sắp đến hạn
petition-deadline-state-overdue = Quá hạn

petition-deadline-kind-acceptance = Phân loại, thụ lý
petition-deadline-kind-resolution = Giải quyết

petition-event-registered = Vào sổ đơn
petition-event-duplicate_linked = Xác định đơn trùng
petition-event-duplicate_dismissed = Xác định không trùng

petition-notice-thu-ly-bi-to-cao = Thông báo thụ lý gửi người bị tố cáo
petition-notice-thu-ly = Thông báo/Quyết định thụ lý
petition-notice-khong-thu-ly = Thông báo không thụ lý
petition-notice-chuyen-don = Phiếu chuyển đơn
petition-notice-gia-han = Quyết định gia hạn
petition-notice-quyet-dinh = Quyết định, kết luận

petition-kind-lc-khieu_nai = khiếu nại
petition-kind-lc-to_cao = tố cáo
petition-kind-lc-kien_nghi = kiến nghị
petition-kind-lc-phan_anh = phản ánh

reception-head-role-commune_chairman = Chủ tịch UBND cấp xã
reception-head-role-district_chairman = Chủ tịch UBND cấp huyện
reception-head-role-province_chairman = Chủ tịch UBND cấp tỉnh
reception-head-role-specialised_body_head = Thủ trưởng cơ quan chuyên môn
reception-head-role-public_service_unit_head = Người đứng đầu đơn vị sự nghiệp công lập
