# motcua: Vietnamese messages (the default language).
# Keep dates and numbers out of this file: they are formatted in Rust.

app-name = Một cửa
app-tagline = Một cửa cho mọi yêu cầu của người dân
skip-to-content = Bỏ qua, đến nội dung chính
nav-home = Trang chủ
nav-catalogue = Thủ tục hành chính
nav-admin-units = Đơn vị
nav-admin-users = Người dùng
nav-admin-procedures = Quản lý thủ tục
nav-login = Đăng nhập
nav-logout = Đăng xuất
nav-password = Đổi mật khẩu
nav-main = Điều hướng chính
lang-switch = English
lang-switch-label = Chuyển ngôn ngữ sang tiếng Anh
signed-in-as = Đang đăng nhập: { $name }
footer-text = motcua — phần mềm mã nguồn mở cho chính quyền địa phương.

# Login, logout, password
login-title = Đăng nhập
login-label = Tên đăng nhập
password-label = Mật khẩu
login-submit = Đăng nhập
login-failed = Tên đăng nhập hoặc mật khẩu không đúng.
login-failed-wait = Tên đăng nhập hoặc mật khẩu không đúng. Đã sai nhiều lần: lần thử tiếp theo từ máy này phải chờ { $wait }, mỗi lần sai nữa thời gian chờ tăng gấp đôi.
login-wait = Đăng nhập sai nhiều lần với tài khoản này từ máy này, nên phải chờ { $wait } rồi mới thử lại được. Tài khoản không bị khóa: đăng nhập từ máy khác vẫn được; quản trị viên có thể bỏ thời gian chờ ngay.
login-rate-limited = Có quá nhiều lần đăng nhập sai từ địa chỉ này. Vui lòng chờ { $wait } rồi thử lại.
login-wait-seconds = { $n } giây
login-wait-minutes = { $n } phút
login-disabled = Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị viên.
logout-done = Bạn đã đăng xuất.
logout-submit = Đăng xuất
password-title = Đổi mật khẩu
password-current = Mật khẩu hiện tại
password-new = Mật khẩu mới
password-confirm = Nhập lại mật khẩu mới
password-submit = Đổi mật khẩu
password-hint = Ít nhất 10 ký tự.
password-changed = Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất.
password-wrong = Mật khẩu hiện tại không đúng.
password-too-short = Mật khẩu mới phải có ít nhất 10 ký tự.
password-too-long = Mật khẩu mới dài quá 256 ký tự.
password-mismatch = Hai lần nhập mật khẩu mới không khớp.
field-required = Vui lòng nhập thông tin này.

# Errors
error-title = Có lỗi xảy ra
error-back-home = Về trang chủ
error-not-found = Không tìm thấy trang hoặc dữ liệu bạn yêu cầu.
error-forbidden = Bạn không có quyền thực hiện thao tác này.
error-unauthenticated = Vui lòng đăng nhập để tiếp tục.
error-session-expired = Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.
error-token-expired = Khoá API đã hết hạn. Hãy đề nghị quản trị viên cấp khoá mới.
error-csrf = Biểu mẫu đã hết hiệu lực hoặc không hợp lệ. Vui lòng tải lại trang và gửi lại.
error-bad-request = Yêu cầu không hợp lệ.
error-invalid-form = Dữ liệu biểu mẫu không hợp lệ: { $detail }
error-invalid-json = Dữ liệu JSON không hợp lệ: { $detail }
error-invalid-query = Tham số truy vấn không hợp lệ: { $detail }
error-detail-nul = ký tự NUL (\u0000) không được chấp nhận
error-validation = Dữ liệu chưa hợp lệ. Vui lòng xem lại các trường được đánh dấu.
error-too-long = Một số trường dài quá mức cho phép; hãy rút gọn.
error-unknown-field = Yêu cầu có trường không được nhận: { $detail }. Bỏ các trường này hoặc sửa tên cho đúng.
error-payload-too-large = Dữ liệu gửi lên quá lớn.
error-unsupported-media = Kiểu dữ liệu gửi lên không được hỗ trợ.
error-method-not-allowed = Phương thức không được hỗ trợ cho địa chỉ này.

error-conflict = Dữ liệu đã tồn tại hoặc xung đột với dữ liệu khác.
error-rule = { $detail }
error-internal = Hệ thống gặp sự cố. Vui lòng thử lại sau; nếu vẫn lỗi, hãy báo cho quản trị viên.
error-unavailable = Hệ thống tạm thời không sẵn sàng.

# Home
home-title = Trang chủ
home-welcome = Xin chào, { $name }.
home-public-intro = Tra cứu thủ tục hành chính: giấy tờ cần nộp, lệ phí, thời hạn giải quyết.
home-your-roles = Vai trò của bạn
home-citizen = Bạn có thể tra cứu thủ tục hành chính và theo dõi hồ sơ của mình.
home-admin = Quản trị: đơn vị, người dùng và danh mục thủ tục.
home-search-label = Tìm thủ tục
home-search-submit = Tìm

# Catalogue
catalogue-title = Thủ tục hành chính
catalogue-search-label = Tìm theo tên hoặc mã thủ tục (gõ có dấu hoặc không dấu)
catalogue-search-submit = Tìm kiếm
catalogue-field = Lĩnh vực
catalogue-level = Cấp thực hiện
catalogue-all = Tất cả
catalogue-filter-submit = Lọc
catalogue-count = Tìm thấy { $count } thủ tục.
catalogue-empty = Không tìm thấy thủ tục nào.
catalogue-code = Mã thủ tục
catalogue-name = Tên thủ tục
catalogue-agency = Cơ quan giải quyết
catalogue-documents = Thành phần hồ sơ
catalogue-document-copies = Số bản: { $copies }
catalogue-fees = Phí, lệ phí
catalogue-no-fee = Không mất phí
catalogue-legal-limit = Thời hạn giải quyết theo quy định
catalogue-committed-limit = Thời hạn cam kết
catalogue-steps = Quy trình nội bộ
catalogue-step-actor = Người thực hiện
catalogue-step-budget = Thời gian
catalogue-legal-basis = Căn cứ pháp lý
catalogue-effective-from = Áp dụng từ
catalogue-back = Quay lại danh sách
level-province = Cấp tỉnh
level-commune = Cấp xã
level-district = Cấp huyện
level-central = Cấp trung ương
level-agency = Cơ quan, phòng ban

# Admin
admin-units-title = Đơn vị hành chính
admin-units-create = Thêm đơn vị
admin-units-merge = Ghi nhận sáp nhập
admin-unit-code = Mã đơn vị
admin-unit-name = Tên đơn vị
admin-unit-level = Cấp
admin-unit-parent = Đơn vị cấp trên
admin-unit-none = (Không có)
admin-unit-remote = Vùng sâu, vùng xa
admin-unit-effective-from = Có hiệu lực từ
admin-unit-effective-to = Hết hiệu lực
admin-unit-successors = Đơn vị kế thừa
admin-merge-from = Các đơn vị bị sáp nhập
admin-merge-into-code = Mã đơn vị mới
admin-merge-into-name = Tên đơn vị mới
admin-merge-date = Ngày có hiệu lực
admin-merge-basis = Căn cứ pháp lý
admin-save = Lưu
admin-saved = Đã lưu.
admin-users-title = Người dùng
admin-users-create = Thêm người dùng
admin-user-login = Tên đăng nhập
admin-user-name = Họ và tên
admin-user-email = Thư điện tử
admin-user-password = Mật khẩu ban đầu
admin-user-unit = Đơn vị công tác
admin-user-roles = Vai trò
admin-user-status = Trạng thái
admin-user-active = Đang hoạt động
admin-user-disabled = Đã vô hiệu hóa
admin-user-disable = Vô hiệu hóa
admin-user-enable = Kích hoạt lại
admin-user-unlock = Bỏ thời gian chờ đăng nhập
admin-user-unlock-help = Sau nhiều lần nhập sai mật khẩu, mỗi lần thử tiếp theo từ cùng một máy phải chờ lâu dần. Nút này bỏ thời gian chờ đó cho tài khoản này, từ mọi máy.
admin-grant-role = Cấp vai trò
admin-grant-unit = Phạm vi đơn vị
admin-grant-submit = Cấp quyền
admin-procedures-title = Quản lý thủ tục
admin-procedures-new = Thêm phiên bản thủ tục
admin-procedures-import = Nhập từ tệp CSV hoặc XLSX
admin-procedures-import-file = Tệp CSV hoặc XLSX
admin-procedures-import-skip = Bỏ qua các dòng lỗi
admin-procedures-import-submit = Nhập
admin-procedures-import-done = Đã nhập { $count } thủ tục.
admin-procedures-import-errors = Tệp có { $count } lỗi; chưa nhập thủ tục nào.
admin-procedures-export-csv = Xuất CSV
admin-procedures-export-xlsx = Xuất XLSX
admin-import-row = Dòng
admin-import-column = Cột
admin-import-reason = Lý do

# What each role does, on the home page
home-role-citizen = Tra cứu thủ tục, nộp và theo dõi hồ sơ của mình.
home-role-desk_officer = Tiếp nhận hồ sơ, in giấy hẹn và trả kết quả tại bộ phận một cửa.
home-role-specialist = Thẩm định hồ sơ được giao trong từng bước xử lý.
home-role-head = Xem xét, phê duyệt hồ sơ và theo dõi tiến độ của đơn vị.
home-role-petition_handler = Tiếp nhận, phân loại và xử lý đơn thư.
home-role-inspector = Giám sát hồ sơ, đơn thư và nhật ký kiểm toán của đơn vị.
home-role-moderator = Kiểm duyệt bình luận và phản ánh của người dân.
home-role-unit_admin = Quản trị đơn vị, người dùng và danh mục thủ tục của đơn vị.
home-role-system_admin = Quản trị toàn hệ thống: đơn vị, người dùng, danh mục thủ tục, khóa API.

# Unit levels
unit-level-province = Cấp tỉnh
unit-level-district = Cấp huyện (trước 01/7/2025)
unit-level-commune = Cấp xã
unit-level-agency = Cơ quan
unit-level-department = Phòng, ban
error-too-many-requests = Quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau một phút.
