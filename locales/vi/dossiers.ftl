# One-stop dossiers: messages of the printed forms and the logbook.

dossier-form-not-issued = Hồ sơ này chưa có { $what }.
dossier-form-supplement = phiếu yêu cầu bổ sung
dossier-form-refusal = phiếu từ chối
dossier-form-apology = phiếu xin lỗi và hẹn lại ngày trả kết quả
form-not-available = Không in được mẫu này: { $detail }
