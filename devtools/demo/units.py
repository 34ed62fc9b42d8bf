"""Demo unit trees, people and one login per role (idempotent).

Stable unit codes other demo modules look units up by:

Sở GD&ĐT Hải Phòng (place "Hải Phòng", symbol "SGDĐT")
    HP-SGD            Sở Giáo dục và Đào tạo Hải Phòng (root)
    HP-VP             Văn phòng Sở
    HP-GDTRH          Phòng Giáo dục Trung học
    HP-GDMNPT         Phòng Giáo dục Mầm non và Phổ thông
    HP-GDNN           Phòng Giáo dục nghề nghiệp và Giáo dục thường xuyên
    HP-TCCB           Phòng Tổ chức cán bộ
    HP-KHTC           Phòng Kế hoạch - Tài chính
    HP-QLCL           Phòng Quản lý chất lượng
    HP-TTRA           Thanh tra Sở
    HP-THPT-TRANPHU   Trường THPT chuyên Trần Phú      (canbo, thutruong)
    HP-THPT-NGOQUYEN  Trường THPT Ngô Quyền            (hoidong1's own school)
    HP-THPT-THAIPHIEN Trường THPT Thái Phiên           (hoidong2's own school)
    HP-THPT-LEQUYDON  Trường THPT Lê Quý Đôn           (canbo2)
    ... and the other schools in HAI_PHONG_SCHOOLS below (HP-THPT-*, HP-THCS-*, HP-TH-*,
    HP-MN-*, HP-GDTX-*).
Sở GD&ĐT Hà Nội (place "Hà Nội", symbol "SGDĐT")
    HN-SGD, HN-VP (Văn phòng Sở; its IT section HN-VP-CNTT), HN-GDPT, HN-GDMN, HN-TCCB,
    HN-KHTC, HN-QLCL, HN-TTRA, schools HN-THPT-* (see HA_NOI_SCHOOLS).
Sở KH&CN Hưng Yên (place "Hưng Yên", symbol "SKHCN")
    HY-SKHCN (root), HY-VP, HY-KHTC, HY-QLKH, HY-QLCN, HY-CDS, HY-TTRA, HY-CCTDC,
    HY-TTUD, HY-TTTT.
UBND xã Tứ Kỳ (place "Tứ Kỳ", symbol "UBND")
    TK-UBND (root), TK-VP (Văn phòng HĐND và UBND), TK-VHXH (Phòng Văn hóa - Xã hội),
    TK-KT (Phòng Kinh tế), TK-HCC (Trung tâm phục vụ hành chính công),
    schools TK-MN, TK-TH, TK-THCS; villages TK-THON-*; enterprises TK-DN-*.
UBND thành phố Hải Phòng (place "Hải Phòng", symbol "UBND"), the level above HP-SGD and
TK-UBND (`Unit.upper_organisation`, UPPER below)
    HP-UBND (root), HP-UBND-VP (Văn phòng UBND thành phố; tpvanphong).

Logins (password "ThiDua@2025"): see LOGINS.
"""

import datetime
import random

from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.text import fold
from portal.twofactor import REQUIRED_ROLES, totp_secret
from units.models import Gender, Person, Role, RoleAssignment, Signer, SignerAuthority, Unit, User
from units.models import UnitKind as K

PASSWORD = "ThiDua@2025"
# The office, leader and administrator logins must give a code from an authenticator app
# (portal.twofactor). In the demo they all share this key: RFC 6238's own test secret
# ("12345678901234567890", Appendix B), in base32 GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ.
# `manage.py demo_code` prints the current code.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"

HAI_PHONG = [
    # code, name, kind, headcount
    ("HP-VP", "Văn phòng Sở", K.DEPARTMENT_OFFICE, 28),
    ("HP-GDTRH", "Phòng Giáo dục Trung học", K.SECTION, 9),
    ("HP-GDMNPT", "Phòng Giáo dục Mầm non và Phổ thông", K.SECTION, 10),
    ("HP-GDNN", "Phòng Giáo dục nghề nghiệp và Giáo dục thường xuyên", K.SECTION, 7),
    ("HP-TCCB", "Phòng Tổ chức cán bộ", K.SECTION, 8),
    ("HP-KHTC", "Phòng Kế hoạch - Tài chính", K.SECTION, 9),
    ("HP-QLCL", "Phòng Quản lý chất lượng", K.SECTION, 7),
    ("HP-TTRA", "Thanh tra Sở", K.SECTION, 8),
]
HAI_PHONG_SCHOOLS = [
    ("HP-THPT-TRANPHU", "Trường THPT chuyên Trần Phú", K.UPPER_SECONDARY, 132),
    ("HP-THPT-NGOQUYEN", "Trường THPT Ngô Quyền", K.UPPER_SECONDARY, 118),
    ("HP-THPT-THAIPHIEN", "Trường THPT Thái Phiên", K.UPPER_SECONDARY, 121),
    ("HP-THPT-LEQUYDON", "Trường THPT Lê Quý Đôn", K.UPPER_SECONDARY, 104),
    ("HP-THPT-HONGBANG", "Trường THPT Hồng Bàng", K.UPPER_SECONDARY, 96),
    ("HP-THPT-LECHAN", "Trường THPT Lê Chân", K.UPPER_SECONDARY, 88),
    ("HP-THPT-KIENAN", "Trường THPT Kiến An", K.UPPER_SECONDARY, 97),
    ("HP-THPT-HAIAN", "Trường THPT Hải An", K.UPPER_SECONDARY, 84),
    ("HP-THPT-DOSON", "Trường THPT Đồ Sơn", K.UPPER_SECONDARY, 72),
    ("HP-THPT-THUYSON", "Trường THPT Thủy Sơn", K.UPPER_SECONDARY, 90),
    ("HP-THPT-LYTHUONGKIET", "Trường THPT Lý Thường Kiệt", K.UPPER_SECONDARY, 102),
    ("HP-THPT-PHAMNGULAO", "Trường THPT Phạm Ngũ Lão", K.UPPER_SECONDARY, 86),
    ("HP-THPT-ANLAO", "Trường THPT An Lão", K.UPPER_SECONDARY, 93),
    ("HP-THPT-VINHBAO", "Trường THPT Vĩnh Bảo", K.UPPER_SECONDARY, 99),
    ("HP-THPT-TIENLANG", "Trường THPT Tiên Lãng", K.UPPER_SECONDARY, 91),
    ("HP-THPT-KIENTHUY", "Trường THPT Kiến Thụy", K.UPPER_SECONDARY, 87),
    ("HP-THPT-ANDUONG", "Trường THPT An Dương", K.UPPER_SECONDARY, 89),
    ("HP-THPT-NGUYENTRAI", "Trường THPT chuyên Nguyễn Trãi", K.UPPER_SECONDARY, 125),
    ("HP-THPT-HONGQUANG", "Trường THPT Hồng Quang", K.UPPER_SECONDARY, 108),
    ("HP-THPT-TUKY", "Trường THPT Tứ Kỳ", K.UPPER_SECONDARY, 95),
    ("HP-THCS-CHUVANAN", "Trường THCS Chu Văn An", K.LOWER_SECONDARY, 64),
    ("HP-THCS-HONGBANG", "Trường THCS Hồng Bàng", K.LOWER_SECONDARY, 58),
    ("HP-THCS-TRANPHU", "Trường THCS Trần Phú", K.LOWER_SECONDARY, 61),
    ("HP-TH-DINHTIENHOANG", "Trường Tiểu học Đinh Tiên Hoàng", K.PRIMARY_SCHOOL, 52),
    ("HP-TH-LEVANTAM", "Trường Tiểu học Lê Văn Tám", K.PRIMARY_SCHOOL, 47),
    ("HP-TH-TRANQUOCTOAN", "Trường Tiểu học Trần Quốc Toản", K.PRIMARY_SCHOOL, 49),
    ("HP-MN-HOASEN", "Trường Mầm non Hoa Sen", K.PRESCHOOL, 38),
    ("HP-MN-HOAPHUONG", "Trường Mầm non Hoa Phượng", K.PRESCHOOL, 41),
    ("HP-MN-SAOSANG", "Trường Mầm non Sao Sáng", K.PRESCHOOL, 27),
    ("HP-GDTX-HAIPHONG", "Trung tâm Giáo dục thường xuyên Hải Phòng", K.CONTINUING_EDUCATION, 45),
    ("HP-GDTX-THUYNGUYEN", "Trung tâm GDNN-GDTX Thủy Nguyên", K.CONTINUING_EDUCATION, 36),
]
HA_NOI = [
    ("HN-VP", "Văn phòng Sở", K.DEPARTMENT_OFFICE, 34),
    ("HN-GDPT", "Phòng Giáo dục phổ thông", K.SECTION, 12),
    ("HN-GDMN", "Phòng Giáo dục mầm non", K.SECTION, 8),
    ("HN-TCCB", "Phòng Tổ chức cán bộ", K.SECTION, 10),
    ("HN-KHTC", "Phòng Kế hoạch - Tài chính", K.SECTION, 11),
    ("HN-QLCL", "Phòng Quản lý chất lượng", K.SECTION, 9),
    ("HN-TTRA", "Thanh tra Sở", K.SECTION, 10),
]
HA_NOI_SCHOOLS = [
    ("HN-THPT-CHUVANAN", "Trường THPT Chu Văn An", K.UPPER_SECONDARY, 128),
    ("HN-THPT-AMSTERDAM", "Trường THPT chuyên Hà Nội - Amsterdam", K.UPPER_SECONDARY, 146),
    ("HN-THPT-PHANDINHPHUNG", "Trường THPT Phan Đình Phùng", K.UPPER_SECONDARY, 117),
    ("HN-THPT-KIMLIEN", "Trường THPT Kim Liên", K.UPPER_SECONDARY, 124),
    ("HN-THPT-VIETDUC", "Trường THPT Việt Đức", K.UPPER_SECONDARY, 119),
    ("HN-THPT-TRANPHU", "Trường THPT Trần Phú - Hoàn Kiếm", K.UPPER_SECONDARY, 106),
    ("HN-THPT-YENHOA", "Trường THPT Yên Hòa", K.UPPER_SECONDARY, 112),
    ("HN-THPT-NGUYENGIATHIEU", "Trường THPT Nguyễn Gia Thiều", K.UPPER_SECONDARY, 115),
    ("HN-THPT-THANGLONG", "Trường THPT Thăng Long", K.UPPER_SECONDARY, 101),
    ("HN-THPT-LEQUYDON", "Trường THPT Lê Quý Đôn - Hà Đông", K.UPPER_SECONDARY, 109),
    ("HN-THPT-NGUYENHUE", "Trường THPT chuyên Nguyễn Huệ", K.UPPER_SECONDARY, 121),
    ("HN-THPT-CAUGIAY", "Trường THPT Cầu Giấy", K.UPPER_SECONDARY, 98),
    ("HN-THPT-NHANCHINH", "Trường THPT Nhân Chính", K.UPPER_SECONDARY, 94),
    ("HN-THPT-SONTAY", "Trường THPT Sơn Tây", K.UPPER_SECONDARY, 103),
    ("HN-THPT-NGOCHOI", "Trường THPT Ngọc Hồi", K.UPPER_SECONDARY, 92),
]
HUNG_YEN = [
    ("HY-VP", "Văn phòng Sở", K.DEPARTMENT_OFFICE, 18),
    ("HY-KHTC", "Phòng Kế hoạch - Tài chính", K.SECTION, 7),
    ("HY-QLKH", "Phòng Quản lý khoa học", K.SECTION, 8),
    ("HY-QLCN", "Phòng Quản lý công nghệ và Đổi mới sáng tạo", K.SECTION, 7),
    ("HY-CDS", "Phòng Bưu chính, Viễn thông và Chuyển đổi số", K.SECTION, 9),
    ("HY-TTRA", "Thanh tra Sở", K.SECTION, 6),
    ("HY-CCTDC", "Chi cục Tiêu chuẩn Đo lường Chất lượng", K.AFFILIATE, 25),
    ("HY-TTUD", "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ", K.CENTRE, 31),
    ("HY-TTTT", "Trung tâm Thông tin và Thống kê khoa học và công nghệ", K.CENTRE, 16),
]
TU_KY = [
    ("TK-VP", "Văn phòng HĐND và UBND", K.COMMUNE_BODY, 14),
    ("TK-VHXH", "Phòng Văn hóa - Xã hội", K.COMMUNE_BODY, 9),
    ("TK-KT", "Phòng Kinh tế", K.COMMUNE_BODY, 10),
    ("TK-HCC", "Trung tâm phục vụ hành chính công", K.CENTRE, 12),
    ("TK-MN", "Trường Mầm non Tứ Kỳ", K.PRESCHOOL, 35),
    ("TK-TH", "Trường Tiểu học Tứ Kỳ", K.PRIMARY_SCHOOL, 42),
    ("TK-THCS", "Trường THCS Tứ Kỳ", K.LOWER_SECONDARY, 48),
    ("TK-THON-DONGKY", "Thôn Đông Kỳ", K.VILLAGE, 5),
    ("TK-THON-TAYKY", "Thôn Tây Kỳ", K.VILLAGE, 5),
    ("TK-THON-BINHLANG", "Thôn Bình Lãng", K.VILLAGE, 4),
    ("TK-THON-QUYCAO", "Thôn Quý Cao", K.VILLAGE, 4),
    ("TK-THON-DAIHOP", "Thôn Đại Hợp", K.VILLAGE, 5),
    ("TK-THON-MINHDUC", "Thôn Minh Đức", K.VILLAGE, 4),
    ("TK-THON-LACPHUONG", "Thôn Lạc Phượng", K.VILLAGE, 3),
    ("TK-THON-NGOCKY", "Thôn Ngọc Kỳ", K.VILLAGE, 4),
    ("TK-DN-MAY", "Công ty TNHH May mặc Tứ Kỳ", K.ENTERPRISE, 140),
    ("TK-DN-NONGSAN", "Công ty Cổ phần Chế biến nông sản Hải Dương", K.ENTERPRISE, 65),
    ("TK-DN-CONGNGHE", "Công ty TNHH Công nghệ số Đông Kỳ", K.ENTERPRISE, 26),
    ("TK-DN-HTX", "Hợp tác xã Nông nghiệp Tây Kỳ", K.ENTERPRISE, 30),
]
HAI_PHONG_CITY = [
    ("HP-UBND-VP", "Văn phòng Ủy ban nhân dân thành phố", K.OTHER, 85),
]
ORGANISATIONS = [
    # root code, name, kind, headcount, place, symbol, children
    (
        "HP-SGD",
        "Sở Giáo dục và Đào tạo Hải Phòng",
        K.DEPARTMENT,
        96,
        "Hải Phòng",
        "SGDĐT",
        HAI_PHONG + HAI_PHONG_SCHOOLS,
    ),
    (
        "HN-SGD",
        "Sở Giáo dục và Đào tạo Hà Nội",
        K.DEPARTMENT,
        142,
        "Hà Nội",
        "SGDĐT",
        HA_NOI + HA_NOI_SCHOOLS,
    ),
    (
        "HY-SKHCN",
        "Sở Khoa học và Công nghệ Hưng Yên",
        K.DEPARTMENT,
        58,
        "Hưng Yên",
        "SKHCN",
        HUNG_YEN,
    ),
    ("TK-UBND", "Ủy ban nhân dân xã Tứ Kỳ", K.COMMUNE, 46, "Tứ Kỳ", "UBND", TU_KY),
    (
        "HP-UBND",
        "Ủy ban nhân dân thành phố Hải Phòng",
        K.OTHER,
        120,
        "Hải Phòng",
        "UBND",
        HAI_PHONG_CITY,
    ),
]
# The organisation of the level above each (Luật Thi đua, khen thưởng 2022, Điều 83: the
# Chủ tịch UBND cấp tỉnh decides or proposes the awards above a Sở's or a commune's own
# authority). Tứ Kỳ, a commune of Hải Dương before the 2025 merger, is now in Hải Phòng.
UPPER = {"HP-SGD": "HP-UBND", "TK-UBND": "HP-UBND"}
# The header of each organisation's documents (Nghị định 30/2020/NĐ-CP, Phụ lục I): governing
# body, name under it, and whom it proposes higher awards to (Luật Thi đua, khen thưởng 2022,
# Điều 83). A commune's Ủy ban nhân dân has no governing body line.
HEADERS = {
    "HP-SGD": (
        "UBND thành phố Hải Phòng",
        "Sở Giáo dục và Đào tạo",
        "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng",
    ),
    "HN-SGD": (
        "UBND thành phố Hà Nội",
        "Sở Giáo dục và Đào tạo",
        "Chủ tịch Ủy ban nhân dân thành phố Hà Nội",
    ),
    "HY-SKHCN": (
        "UBND tỉnh Hưng Yên",
        "Sở Khoa học và Công nghệ",
        "Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên",
    ),
    "TK-UBND": ("", "Ủy ban nhân dân xã Tứ Kỳ", "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng"),
    "HP-UBND": ("", "Ủy ban nhân dân thành phố Hải Phòng", ""),
}
# Who signs (fictional people): authority, on behalf of, title, name.
SIGNERS = {
    "HP-SGD": [
        (SignerAuthority.OWN, "", "Giám đốc", "Nguyễn Văn Hùng"),
        (SignerAuthority.DEPUTY, "Giám đốc", "Phó Giám đốc", "Trần Thị Mai Anh"),
    ],
    "HY-SKHCN": [
        (SignerAuthority.OWN, "", "Giám đốc", "Đỗ Minh Khôi"),
        (SignerAuthority.DEPUTY, "Giám đốc", "Phó Giám đốc", "Lương Thị Thu Hà"),
    ],
    "TK-UBND": [
        (SignerAuthority.ON_BEHALF, "Ủy ban nhân dân", "Chủ tịch", "Vũ Đức Thịnh"),
        (SignerAuthority.OWN, "", "Chủ tịch", "Vũ Đức Thịnh"),
    ],
}
SUB_UNITS = [("HN-VP-CNTT", "Bộ phận Công nghệ thông tin", K.OTHER, 6, "HN-VP")]

# username, role, role unit, person name, gender, position, person unit, born
LOGINS = [
    (
        "vanphong",
        Role.OFFICE,
        "HP-SGD",
        "Phạm Thị Thu Hương",
        Gender.FEMALE,
        "Chánh Văn phòng Sở",
        "HP-VP",
        datetime.date(1979, 4, 12),
    ),
    (
        "lanhdao",
        Role.LEADER,
        "HP-SGD",
        "Nguyễn Văn Thành",
        Gender.MALE,
        "Giám đốc Sở",
        "HP-SGD",
        datetime.date(1970, 9, 2),
    ),
    (
        "quantri",
        Role.ADMIN,
        "HP-SGD",
        "Trần Minh Quân",
        Gender.MALE,
        "Chuyên viên công nghệ thông tin",
        "HP-VP",
        datetime.date(1990, 1, 25),
    ),
    (
        "hoidong1",
        Role.COUNCIL,
        "HP-SGD",
        "Lê Thị Hồng Nhung",
        Gender.FEMALE,
        "Phó Hiệu trưởng",
        "HP-THPT-NGOQUYEN",
        datetime.date(1976, 11, 8),
    ),
    (
        "hoidong2",
        Role.COUNCIL,
        "HP-SGD",
        "Đỗ Văn Hải",
        Gender.MALE,
        "Tổ trưởng tổ Toán - Tin",
        "HP-THPT-THAIPHIEN",
        datetime.date(1981, 6, 17),
    ),
    (
        "canbo",
        Role.UNIT_STAFF,
        "HP-THPT-TRANPHU",
        "Vũ Thị Lan",
        Gender.FEMALE,
        "Giáo viên, thư ký Hội đồng Thi đua - Khen thưởng",
        "HP-THPT-TRANPHU",
        datetime.date(1987, 3, 30),
    ),
    (
        "thutruong",
        Role.UNIT_HEAD,
        "HP-THPT-TRANPHU",
        "Bùi Quang Huy",
        Gender.MALE,
        "Hiệu trưởng",
        "HP-THPT-TRANPHU",
        datetime.date(1972, 12, 5),
    ),
    (
        "canbo2",
        Role.UNIT_STAFF,
        "HP-THPT-LEQUYDON",
        "Hoàng Thị Mai",
        Gender.FEMALE,
        "Giáo viên, thư ký Hội đồng Thi đua - Khen thưởng",
        "HP-THPT-LEQUYDON",
        datetime.date(1989, 8, 19),
    ),
    (
        "txvanphong",
        Role.OFFICE,
        "TK-UBND",
        "Nguyễn Thị Thu Trang",
        Gender.FEMALE,
        "Công chức Văn hóa - Xã hội",
        "TK-VHXH",
        datetime.date(1991, 5, 14),
    ),
    (
        "hnvanphong",
        Role.OFFICE,
        "HN-SGD",
        "Đặng Minh Tuấn",
        Gender.MALE,
        "Chuyên viên Văn phòng Sở (bộ phận Công nghệ thông tin)",
        "HN-VP-CNTT",
        datetime.date(1985, 10, 3),
    ),
    (
        "hyvanphong",
        Role.OFFICE,
        "HY-SKHCN",
        "Ngô Thị Phương",
        Gender.FEMALE,
        "Chánh Văn phòng Sở",
        "HY-VP",
        datetime.date(1980, 2, 21),
    ),
    (
        "tpvanphong",
        Role.OFFICE,
        "HP-UBND",
        "Lương Thị Ngọc Ánh",
        Gender.FEMALE,
        "Chuyên viên Văn phòng Ủy ban nhân dân thành phố",
        "HP-UBND-VP",
        datetime.date(1984, 7, 9),
    ),
]

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Phan",
    "Mạc",
    "Lương",
    "Tạ",
    "Trịnh",
]
MIDDLE = {
    Gender.MALE: ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Mạnh", "Thành", "Công"],
    Gender.FEMALE: ["Thị", "Thu", "Thanh", "Thị Minh", "Ngọc", "Thị Thu", "Hồng", "Phương"],
}
GIVEN = {
    Gender.MALE: [
        "Anh",
        "Bình",
        "Cường",
        "Dũng",
        "Đạt",
        "Hùng",
        "Khánh",
        "Long",
        "Nam",
        "Phong",
        "Quyết",
        "Sơn",
        "Thắng",
        "Toàn",
        "Trung",
        "Tùng",
        "Việt",
        "Vinh",
    ],
    Gender.FEMALE: [
        "An",
        "Bích",
        "Chi",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hằng",
        "Hoa",
        "Huyền",
        "Lan",
        "Linh",
        "Loan",
        "Ngân",
        "Oanh",
        "Thảo",
        "Trang",
        "Yến",
    ],
}
POSITIONS = {
    "school": [
        "Hiệu trưởng",
        "Phó Hiệu trưởng",
        "Tổ trưởng chuyên môn",
        "Giáo viên",
        "Giáo viên",
        "Nhân viên văn thư",
    ],
    "section": ["Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên", "Chuyên viên"],
    "department": ["Phó Giám đốc Sở", "Phó Giám đốc Sở"],
    "office": ["Phó Chánh Văn phòng", "Chuyên viên", "Chuyên viên", "Văn thư"],
    "commune": ["Chủ tịch UBND xã", "Phó Chủ tịch UBND xã"],
    "village": ["Trưởng thôn", "Bí thư chi bộ", "Trưởng ban công tác Mặt trận"],
    "enterprise": ["Giám đốc", "Phó Giám đốc", "Kế toán trưởng"],
    "centre": ["Giám đốc", "Phó Giám đốc", "Viên chức", "Viên chức"],
}
QUALIFICATIONS = ["Cử nhân", "Thạc sĩ", "Thạc sĩ", "Tiến sĩ", "Kỹ sư", "Cử nhân"]
DOMAINS = {
    "HP": "haiphong.edu.vn",
    "HN": "hanoi.edu.vn",
    "HY": "hungyen.gov.vn",
    "TK": "tuky.haiphong.gov.vn",
}


def _position_group(unit: Unit) -> str:
    if unit.kind in (
        K.PRESCHOOL,
        K.PRIMARY_SCHOOL,
        K.LOWER_SECONDARY,
        K.UPPER_SECONDARY,
        K.CONTINUING_EDUCATION,
        K.COLLEGE,
    ):
        return "school"
    return {
        K.SECTION: "section",
        K.COMMUNE_BODY: "section",
        K.DEPARTMENT: "department",
        K.DEPARTMENT_OFFICE: "office",
        K.COMMUNE: "commune",
        K.VILLAGE: "village",
        K.ENTERPRISE: "enterprise",
        K.CENTRE: "centre",
        K.AFFILIATE: "centre",
    }.get(unit.kind, "section")


def _email(name: str, code: str) -> str:
    words = fold(name).split()
    local = words[-1] + "".join(w[0] for w in words[:-1])
    return f"{local}.{code.split('-')[-1].lower()}@{DOMAINS[code[:2]]}"


def _unit(code, name, kind, headcount, parent=None, place="", short_code="") -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        unit = Unit.objects.create(
            code=code,
            name=name,
            kind=kind,
            headcount=headcount,
            parent=parent,
            place=place or (parent.place if parent else ""),
            short_code=short_code,
        )
    return unit


def _people_for(unit: Unit) -> list[Person]:
    rng = random.Random(unit.code)
    positions = POSITIONS[_position_group(unit)]
    people = []
    for position in positions:
        gender = rng.choice([Gender.MALE, Gender.FEMALE])
        name = " ".join(
            [rng.choice(SURNAMES), rng.choice(MIDDLE[gender]), rng.choice(GIVEN[gender])]
        )
        born = datetime.date(rng.randint(1966, 1998), rng.randint(1, 12), rng.randint(1, 28))
        digital = None
        if rng.random() < 0.45:
            digital = datetime.date(2025, rng.randint(1, 10), rng.randint(1, 28))
        people.append(
            Person(
                full_name=name,
                gender=gender,
                date_of_birth=born,
                position=position,
                qualification=rng.choice(QUALIFICATIONS),
                unit=unit,
                email=_email(name, unit.code),
                completed_digital_skills=digital,
            )
        )
    return people


def seed(stdout) -> None:
    units: dict[str, Unit] = {}
    for code, name, kind, headcount, place, symbol, children in ORGANISATIONS:
        root = _unit(code, name, kind, headcount, place=place, short_code=symbol)
        units[code] = root
        for child in children:
            units[child[0]] = _unit(*child, parent=root)
    for code, name, kind, headcount, parent in SUB_UNITS:
        units[code] = _unit(code, name, kind, headcount, parent=units[parent])
    for code, (governing_body, document_name, proposes_to) in HEADERS.items():
        Unit.objects.filter(code=code, document_name="").update(
            governing_body=governing_body, document_name=document_name, proposes_to=proposes_to
        )
    for code, upper in UPPER.items():
        Unit.objects.filter(code=code, upper_organisation__isnull=True).update(
            upper_organisation=units[upper]
        )
    for code, signers in SIGNERS.items():
        if not Signer.objects.filter(organisation=units[code]).exists():
            Signer.objects.bulk_create(
                Signer(
                    organisation=units[code],
                    authority=authority,
                    authority_of=authority_of,
                    title=title,
                    full_name=name,
                )
                for authority, authority_of, title, name in signers
            )

    with_people = set(Person.objects.values_list("unit_id", flat=True).distinct())
    for unit in units.values():
        if unit.pk not in with_people:
            for person in _people_for(unit):
                person.save()

    for username, role, role_unit, name, gender, position, unit_code, born in LOGINS:
        user = User.objects.filter(username=username).first()
        if user is None:
            person = Person.objects.create(
                full_name=name,
                gender=gender,
                position=position,
                unit=units[unit_code],
                date_of_birth=born,
                email=_email(name, unit_code),
                qualification="Thạc sĩ",
                completed_digital_skills=datetime.date(2025, 3, 15),
            )
            user = User(username=username, email=person.email, person=person)
            user.set_password(PASSWORD)
            user.save()
        elif user.is_superuser or user.is_staff:
            # No demo login is a superuser: the administrator role at the organisation's
            # root gives "quantri" what it needs, within its organisation only.
            user.is_superuser = user.is_staff = False
            user.save(update_fields=["is_superuser", "is_staff"])
        RoleAssignment.objects.get_or_create(user=user, role=role, unit=units[role_unit])
        if role in REQUIRED_ROLES or user.is_superuser:
            TOTPDevice.objects.get_or_create(
                user=user, confirmed=True, defaults={"name": "authenticator", "key": DEMO_TOTP_KEY}
            )
    stdout.write(
        f"units: {Unit.objects.count()} units, {Person.objects.count()} people, "
        f"{len(LOGINS)} demo logins"
    )


def print_logins(stdout) -> None:
    """The demo logins as a table: user name, password, role, unit."""
    rows = []
    with translation.override("vi"):
        for username, role, role_unit, *_rest in LOGINS:
            unit = Unit.objects.filter(code=role_unit).values_list("name", flat=True).first()
            rows.append((username, PASSWORD, str(Role(role).label), unit or role_unit))
    headers = ("Tên đăng nhập", "Mật khẩu", "Vai trò", "Đơn vị")
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(4)]
    line = "-+-".join("-" * w for w in widths)
    stdout.write("Tài khoản dùng thử:")
    stdout.write(line)
    stdout.write(" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    stdout.write(line)
    for row in rows:
        stdout.write(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    stdout.write(line)
    secret = totp_secret(TOTPDevice(key=DEMO_TOTP_KEY))
    stdout.write(
        "Văn phòng, Lãnh đạo và Quản trị nhập thêm mã xác thực hai lớp sau mật khẩu: thêm khóa "
        f"{secret} vào ứng dụng xác thực (Google Authenticator, Microsoft Authenticator...) "
        "hoặc xem mã hiện tại bằng: DEV_TOOLS=1 .venv/bin/python manage.py demo_code"
    )


def unit_actor(unit: Unit, role: str, prefix: str) -> User | None:
    """Someone of `unit` holding `role` there, to credit the unit's acts in the demo history:
    the demo login with that role when there is one, else a user without a password (it acts
    in the history only and cannot sign in) for one of the unit's people; None when the unit
    has nobody."""
    assignment = (
        RoleAssignment.objects.filter(role=role, unit=unit)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    if assignment is not None:
        return assignment.user
    username = f"{prefix}-{unit.code.lower()}"
    user = User.objects.filter(username=username).first()
    if user is None:
        person = Person.objects.filter(unit=unit, user__isnull=True).order_by("id").first()
        if person is None:
            return None
        user = User(username=username, email=person.email, person=person)
        user.set_unusable_password()
        user.save()
    RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    return user
