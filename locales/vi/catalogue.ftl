# The catalogue of procedures: its admin form and its import and export files.

# A procedure of the catalogue, as entered in the admin form or an import file.
procedure-field-name = tên thủ tục
procedure-field-field = lĩnh vực
procedure-field-legal_basis = căn cứ pháp lý
validation-procedure-empty = Vui lòng nhập { $what }.
validation-procedure-too_long = { $what } dài quá { $max } ký tự.
validation-procedure-level = Cấp thực hiện phải là «tỉnh» hoặc «xã», không phải «{ $shown }».
validation-procedure-online_level = Mức trực tuyến phải là «không», «một phần» hoặc «toàn trình», không phải «{ $shown }».
validation-procedure-paper_result = «Kết quả là giấy tờ» phải là «có» hoặc «không», không phải «{ $shown }».
validation-procedure-limit_kind = Loại thời hạn phải là working_days, working_hours, calendar_days hoặc same_day, không phải «{ $shown }».
validation-procedure-quantity = «{ $shown }» không phải số hợp lệ (ví dụ: 3 hoặc 0,5; tối đa hai chữ số thập phân).
validation-procedure-copy_kind = Loại bản «{ $shown }» không hợp lệ; dùng: bản chính, bản sao, bản sao có chứng thực, bản chính hoặc bản sao.
validation-procedure-fee_text = Mô tả phí, lệ phí dài quá { $max } ký tự.
validation-procedure-fee_negative = Số tiền phí không được âm.
validation-procedure-legal_limit_zero = Thời hạn giải quyết theo quy định phải lớn hơn 0.
validation-procedure-committed_over_legal = Thời hạn cam kết ({ $committed }) không được dài hơn thời hạn theo quy định ({ $legal }).
validation-procedure-document_unnamed = Thành phần hồ sơ thứ { $n } chưa có tên.
validation-procedure-document_bar = Tên «{ $name }» không được chứa ký tự |.
validation-procedure-document_count = Số lượng của «{ $name }» phải ít nhất là 1.
validation-procedure-step_unnamed = Bước thứ { $n } chưa có tên.
validation-procedure-step_bar = Tên bước «{ $name }» không được chứa ký tự |.
validation-procedure-step_role = Bước «{ $name }» phải do cán bộ thực hiện, không phải «{ $role }».
validation-procedure-steps_over_committed = Tổng thời gian các bước ({ $total }) vượt thời hạn cam kết ({ $committed }).
validation-procedure-steps_overflow = Tổng thời gian các bước quá lớn.

# Reading an import file: problems with the file, its header row and its cells.
catalogue-import-not_utf8 = Dòng có ký tự không đọc được; hãy lưu tệp với mã hoá UTF-8.
catalogue-import-bad_csv = Dòng không đúng định dạng CSV.
catalogue-import-not_xlsx = Tệp không phải bảng tính XLSX hợp lệ.
catalogue-import-no_sheet = Không đọc được trang tính đầu tiên của tệp XLSX.
catalogue-import-empty = Tệp trống: cần một dòng tiêu đề và các dòng dữ liệu.
catalogue-import-header_row = Dòng tiêu đề { $row }: { $problem }
catalogue-import-column_twice = Cột «{ $column }» xuất hiện hai lần.
catalogue-import-column_unknown = Cột «{ $column }» không có trong mẫu nhập.
catalogue-import-column_missing = Thiếu cột «{ $column }».
catalogue-import-duplicate_version = Thủ tục { $code } đã có phiên bản hiệu lực từ ngày này ở dòng { $first }.
catalogue-import-amount = Số tiền «{ $shown }» không hợp lệ (ví dụ: 50000 hoặc 50.000).
catalogue-import-amount_too_large = Số tiền quá lớn.
catalogue-import-date = Ngày «{ $shown }» không hợp lệ; dùng dạng NNNN-TT-NN, ví dụ 2025-07-01.
catalogue-import-document_shape = «{ $shown }» phải có dạng: tên; loại bản; số lượng.
catalogue-import-document_count = Số lượng của «{ $name }» phải là số nguyên.
catalogue-import-step_shape = «{ $shown }» phải có dạng: tên bước; mã vai trò; thời gian.
catalogue-export-failed = Không tạo được tệp XLSX: { $problem }
catalogue-export-too_many_rows = Quá nhiều dòng.
catalogue-import-no_file = Vui lòng chọn tệp CSV hoặc XLSX.
