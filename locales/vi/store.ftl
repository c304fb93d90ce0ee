# motcua: what a person reads when a change collides with what is stored. The id is
# store-conflict-<what>.

store-conflict-petition_code = Số đơn này đã được cấp; vui lòng đăng ký lại.
store-conflict-petition_version = Đơn vừa được người khác cập nhật. Vui lòng tải lại trang để xem trạng thái mới nhất rồi thao tác lại.
store-conflict-reception_day = Ngày tiếp công dân này đã có trong lịch.
store-conflict-unit_code_overlap = Mã đơn vị { $code } đã được dùng cho một đơn vị khác trong cùng khoảng thời gian.
store-conflict-unit_version = Đã có phiên bản đơn vị cùng mã và cùng ngày hiệu lực.
store-conflict-unit_reorganised = Đơn vị «{ $name }» đã được ghi nhận sắp xếp trước đó.
store-conflict-user_login = Tên đăng nhập này đã có người dùng.
store-conflict-user_role = Người dùng đã có vai trò này ở đơn vị này.
store-conflict-dossier_code = Mã hồ sơ này đã được cấp; vui lòng tiếp nhận lại.
store-conflict-dossier_version = Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang để xem trạng thái mới nhất rồi thao tác lại.
store-conflict-dossier_rated = Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ được đánh giá một lần.
store-conflict-procedure_version = Thủ tục này đã có phiên bản hiệu lực từ cùng ngày.
store-conflict-saved_filter_name = Ông/bà đã có một bộ lọc mang tên này; hãy chọn tên khác.
