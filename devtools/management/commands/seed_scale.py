"""Synthetic data at scale for benchmarking: a unit tree of thousands of schools, their
people, campaigns and a million initiatives with authors and recognitions.

Everything it creates hangs off units whose code starts with SCALE- (accounts: scale-*),
so `--reset` removes exactly its own rows. Rows are written in bulk: `bulk_create` on
every database, COPY (psycopg 3) for the big tables on PostgreSQL. Values that `save()`
computes (unit paths, sort keys, folded text) are computed here the same way.

    manage.py seed_scale --units 3000 --initiatives 1000000
    manage.py seed_scale --reset --units 30 --initiatives 200
"""

import contextlib
import datetime
import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from campaigns.models import Campaign, Level, Theme
from initiatives.models import Field, Initiative, InitiativeAuthor, Recognition, Status
from portal.text import collation_key, fold, person_sort_key
from units.models import Gender, Person, Role, RoleAssignment, Unit, UnitKind, User, path_segment

PREFIX = "SCALE-"
USER_PREFIX = "scale-"
PASSWORD = "matkhau-Demo-2025"
OFFICE_USERNAME = "scale-office"
STAFF_USERNAME = "scale-staff"
YEARS = (2024, 2025, 2026)

PROVINCES = ["Hải Phòng", "Quảng Ninh", "Thái Bình", "Nam Định", "Ninh Bình"]
DISTRICTS = [
    "An Lão",
    "Kiến Thụy",
    "Thủy Nguyên",
    "Tiên Lãng",
    "Vĩnh Bảo",
    "Cát Hải",
    "Hồng Bàng",
    "Lê Chân",
    "Ngô Quyền",
    "Hải An",
    "Kiến An",
    "Đồ Sơn",
    "Dương Kinh",
    "An Dương",
    "Bạch Long Vĩ",
    "Đông Triều",
    "Uông Bí",
    "Cẩm Phả",
    "Hạ Long",
    "Quảng Yên",
    "Tiền Hải",
    "Kiến Xương",
    "Vũ Thư",
    "Quỳnh Phụ",
    "Hưng Hà",
    "Đông Hưng",
    "Thái Thụy",
    "Giao Thủy",
    "Hải Hậu",
    "Nghĩa Hưng",
    "Ý Yên",
    "Xuân Trường",
    "Trực Ninh",
    "Gia Viễn",
    "Hoa Lư",
    "Kim Sơn",
    "Nho Quan",
    "Yên Khánh",
    "Yên Mô",
    "Tam Điệp",
]
SCHOOL_NAMES = [
    "Lê Lợi",
    "Chu Văn An",
    "Trần Phú",
    "Nguyễn Trãi",
    "Lê Quý Đôn",
    "Ngô Quyền",
    "Trần Hưng Đạo",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Nguyễn Du",
    "Phan Bội Châu",
    "Võ Thị Sáu",
    "Kim Đồng",
    "Hoa Sen",
    "Hoa Mai",
    "Sao Mai",
    "Bình Minh",
    "Hồng Bàng",
    "Đoàn Thị Điểm",
    "Tô Hiệu",
    "Quang Trung",
    "Lương Thế Vinh",
    "Đinh Tiên Hoàng",
    "Bạch Đằng",
    "Thái Phiên",
    "Trưng Vương",
    "Hùng Vương",
    "Nguyễn Bỉnh Khiêm",
    "Cát Bi",
    "Đằng Hải",
    "Vĩnh Niệm",
    "Dư Hàng",
    "An Biên",
    "Lạc Viên",
    "Hoa Phượng",
]
SCHOOL_KINDS_UNDER_SECTION = [
    (UnitKind.PRESCHOOL, "Trường Mầm non", (18, 45)),
    (UnitKind.PRIMARY_SCHOOL, "Trường Tiểu học", (28, 70)),
    (UnitKind.LOWER_SECONDARY, "Trường THCS", (30, 80)),
]
SCHOOL_KINDS_UNDER_ROOT = [
    (UnitKind.UPPER_SECONDARY, "Trường THPT", (55, 120)),
    (UnitKind.CONTINUING_EDUCATION, "Trung tâm GDNN-GDTX", (15, 40)),
]

# Vietnamese names: family names weighted roughly by their frequency.
FAMILY_NAMES = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Huỳnh", 2),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 2),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Đào", 1),
    ("Mai", 1),
    ("Trịnh", 1),
]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Xuân", "Công", "Hoàng", "Gia"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Kim", "Phương", "Thùy", "Minh", "Bảo"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Duy",
    "Đạt",
    "Giang",
    "Hải",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Huy",
    "Khánh",
    "Khoa",
    "Long",
    "Minh",
    "Nam",
    "Phong",
    "Phúc",
    "Quang",
    "Quân",
    "Sơn",
    "Thắng",
    "Thành",
    "Trung",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Đức",
]
GIVEN_FEMALE = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Huệ",
    "Hương",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Tâm",
    "Thảo",
    "Trang",
    "Tú",
    "Vân",
    "Yến",
    "Thủy",
    "Liên",
]
POSITIONS = [
    "Giáo viên",
    "Giáo viên",
    "Giáo viên",
    "Tổ trưởng chuyên môn",
    "Phó Hiệu trưởng",
    "Hiệu trưởng",
    "Nhân viên văn thư",
    "Kế toán",
    "Chuyên viên",
]
QUALIFICATIONS = ["Cử nhân", "Cử nhân", "Thạc sĩ", "Kỹ sư", "Cao đẳng", "Tiến sĩ"]

# Initiative titles and essences, composed from phrases.
OPENINGS = [
    "Một số biện pháp",
    "Giải pháp",
    "Kinh nghiệm",
    "Ứng dụng công nghệ thông tin để",
    "Sử dụng phần mềm trực tuyến để",
    "Đổi mới phương pháp nhằm",
    "Xây dựng mô hình",
    "Thiết kế hoạt động trải nghiệm để",
    "Vận dụng trí tuệ nhân tạo để",
    "Tổ chức",
    "Chuyển đổi số nhằm",
    "Biện pháp quản lý để",
]
ACTIONS = [
    "nâng cao chất lượng",
    "phát triển năng lực",
    "rèn luyện kỹ năng",
    "đổi mới công tác",
    "tăng cường hiệu quả",
    "cải tiến quy trình",
    "số hóa hồ sơ",
    "bồi dưỡng năng lực",
    "phát huy tính tích cực trong",
    "giảm thời gian xử lý",
    "đảm bảo an toàn trong",
    "hình thành thói quen",
    "khơi dậy hứng thú với",
    "quản lý hiệu quả",
    "đánh giá thường xuyên",
]
OBJECTS = [
    "dạy học môn Toán",
    "dạy học môn Ngữ văn",
    "dạy học môn Tiếng Anh",
    "dạy học môn Vật lí",
    "dạy học môn Hóa học",
    "dạy học môn Sinh học",
    "dạy học môn Lịch sử và Địa lí",
    "giáo dục STEM",
    "giáo dục kỹ năng sống",
    "đọc sách và văn hóa đọc",
    "tự học",
    "giáo dục thể chất",
    "công tác chủ nhiệm lớp",
    "công tác văn thư lưu trữ",
    "quản lý tài chính, tài sản",
    "kiểm tra nội bộ",
    "tuyển sinh trực tuyến",
    "học bạ số",
    "sinh hoạt chuyên môn theo nghiên cứu bài học",
    "phòng chống bạo lực học đường",
    "giáo dục hướng nghiệp",
    "chăm sóc, nuôi dưỡng trẻ",
    "an toàn giao thông",
    "thư viện điện tử",
    "hồ sơ công việc trên môi trường mạng",
]
AUDIENCES = [
    "cho học sinh lớp 1",
    "cho học sinh lớp 5",
    "cho học sinh lớp 6",
    "cho học sinh lớp 9",
    "cho học sinh lớp 10",
    "cho học sinh lớp 12",
    "cho trẻ mẫu giáo 5-6 tuổi",
    "cho đội ngũ giáo viên",
    "tại nhà trường",
    "ở vùng ven biển",
    "trong bối cảnh chuyển đổi số",
    "cho học sinh dân tộc thiểu số",
]
ESSENCE_SENTENCES = [
    "Sáng kiến đề xuất quy trình {n} bước, từ khảo sát thực trạng đến đánh giá kết quả.",
    "Giáo viên thiết kế phiếu học tập phân hóa theo năng lực của từng nhóm học sinh.",
    "Nhà trường ứng dụng phần mềm quản lý trực tuyến, giảm {n}0% thời gian tổng hợp báo cáo.",
    "Học sinh được tổ chức học theo dự án, tự tìm hiểu và trình bày sản phẩm trước lớp.",
    "Giải pháp sử dụng mã QR để tra cứu tài liệu, học liệu số của thư viện.",
    "Kết quả khảo sát cho thấy tỉ lệ học sinh đạt mức khá, giỏi tăng {n}%.",
    "Quy trình tiếp nhận và xử lý văn bản được chuẩn hóa trên hệ thống quản lý điều hành.",
    "Phụ huynh phối hợp với nhà trường qua nhóm trao đổi trực tuyến hằng tuần.",
    "Giáo viên sử dụng bảng tương tác, trò chơi học tập để tăng hứng thú của học sinh.",
    "Tổ chuyên môn xây dựng ngân hàng câu hỏi kiểm tra đánh giá theo định hướng năng lực.",
    "Sáng kiến đã được áp dụng thử tại {n} lớp và nhân rộng trong toàn trường.",
    "Mô hình tiết kiệm được khoảng {n} triệu đồng mỗi năm học so với cách làm cũ.",
    "Đội ngũ được bồi dưỡng kỹ năng số cơ bản theo chương trình của Bộ.",
    "Hồ sơ học sinh được số hóa, lưu trữ tập trung và bảo mật theo phân quyền.",
    "Các hoạt động trải nghiệm gắn với di sản văn hóa địa phương.",
    "Nhà trường thành lập câu lạc bộ STEM, tổ chức ngày hội khoa học mỗi học kỳ.",
]
OTHER_TEXT = [
    "Có thể áp dụng rộng rãi tại các trường cùng cấp học trong tỉnh.",
    "Cần có máy tính kết nối mạng, máy chiếu và tài khoản phần mềm.",
    "Không có thông tin cần được bảo mật.",
    "Tiết kiệm thời gian, công sức của giáo viên; học sinh tiến bộ rõ rệt.",
    "Cán bộ quản lý và giáo viên trong trường đánh giá giải pháp dễ thực hiện, hiệu quả.",
]
SCOPES = [
    "Có phạm vi ảnh hưởng, hiệu quả áp dụng trong đơn vị.",
    "Có phạm vi ảnh hưởng, hiệu quả áp dụng trong toàn ngành.",
    "Có phạm vi ảnh hưởng, hiệu quả áp dụng trong phạm vi tỉnh, thành phố.",
]

# Shares of each status by year: older years are mostly decided.
STATUS_WEIGHTS = {
    2024: [
        (Status.RECOGNISED, 62),
        (Status.NOT_RECOGNISED, 22),
        (Status.WITHDRAWN, 6),
        (Status.DRAFT, 4),
        (Status.RETURNED, 2),
        (Status.SUBMITTED, 2),
        (Status.IN_COUNCIL, 2),
    ],
    2025: [
        (Status.RECOGNISED, 55),
        (Status.NOT_RECOGNISED, 18),
        (Status.WITHDRAWN, 5),
        (Status.DRAFT, 7),
        (Status.RETURNED, 4),
        (Status.SUBMITTED, 5),
        (Status.IN_COUNCIL, 6),
    ],
    2026: [
        (Status.RECOGNISED, 25),
        (Status.NOT_RECOGNISED, 8),
        (Status.WITHDRAWN, 4),
        (Status.DRAFT, 20),
        (Status.RETURNED, 8),
        (Status.SUBMITTED, 20),
        (Status.IN_COUNCIL, 15),
    ],
}
DECIDED = {Status.RECOGNISED, Status.NOT_RECOGNISED}
FIELD_WEIGHTS = [
    (Field.MANAGEMENT, 30),
    (Field.OPERATIONAL, 40),
    (Field.TECHNICAL, 15),
    (Field.TECH_APPLICATION, 15),
]
# Author count and how they split 100 %.
AUTHOR_SPLITS = [
    (["100"], 45),
    (["50", "50"], 10),
    (["60", "40"], 12),
    (["70", "30"], 8),
    (["50", "30", "20"], 6),
    (["40", "30", "30"], 5),
    (["33.34", "33.33", "33.33"], 4),
    (["40", "30", "20", "10"], 5),
    (["25", "25", "25", "25"], 5),
]
PROVINCE_SHARE = 0.08  # of those recognised at cơ sở
NATIONAL_SHARE = 0.06  # of those recognised at province level


def _weighted(pairs):
    values = [value for value, _weight in pairs]
    weights = [weight for _value, weight in pairs]
    return values, list(_cumulative(weights))


def _cumulative(weights):
    total = 0
    for weight in weights:
        total += weight
        yield total


def search_text(title: str, author_names: list[str], unit_name: str) -> str:
    """The folded text the list searches: title, authors and unit, as
    `initiatives.services.initiative_refresh_search` computes it for one saved initiative."""
    return fold(f"{title} {' '.join(author_names)} {unit_name}")


def scale_units():
    return Unit.objects.filter(code__startswith=PREFIX)


def scale_initiatives():
    return Initiative.objects.filter(unit__code__startswith=PREFIX)


@contextlib.contextmanager
def _explicit_timestamps(model):
    """Let bulk_create keep the timestamps we set instead of stamping `now` on every row."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Writer:
    """Writes rows (dicts of attribute names) in bulk: COPY on PostgreSQL, else bulk_create."""

    def __init__(self, model, use_copy: bool, batch: int):
        self.model = model
        self.use_copy = use_copy
        self.batch = batch
        self.fields = list(model._meta.concrete_fields)
        self.defaults = {}
        for field in self.fields:
            # What an unsaved instance would hold: the default, "" for text, else None.
            self.defaults[field.attname] = field.get_db_prep_save(field.get_default(), connection)
        self.written = 0

    def reserve_ids(self, count: int) -> int:
        """The first of `count` consecutive ids taken from the table's sequence."""
        table = self.model._meta.db_table
        pk = self.model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), "
                "nextval(pg_get_serial_sequence(%s, %s)) + %s - 1)",
                [table, pk, table, pk, count],
            )
            last = cursor.fetchone()[0]
        return last - count + 1

    def write(self, rows: list[dict]) -> list:
        """Write rows; return them as model instances (bulk_create) or as given (COPY)."""
        if not rows:
            return []
        self.written += len(rows)
        if self.use_copy:
            pk = self.model._meta.pk.attname
            fields = [f for f in self.fields if f.attname != pk or pk in rows[0]]
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            attnames = [f.attname for f in fields]
            defaults = self.defaults
            table = connection.ops.quote_name(self.model._meta.db_table)
            sql = f"COPY {table} ({columns}) FROM STDIN"
            with connection.cursor() as cursor, cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row([row[a] if a in row else defaults[a] for a in attnames])
            return rows
        objects = [self.model(**row) for row in rows]
        with _explicit_timestamps(self.model):
            return self.model.objects.bulk_create(objects, batch_size=min(self.batch, 2000))


class Command(BaseCommand):
    help = "Create synthetic units, people, campaigns and initiatives in bulk for benchmarks."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=3000)
        parser.add_argument("--initiatives", type=int, default=1_000_000)
        parser.add_argument("--batch", type=int, default=20_000, help="rows per write")
        parser.add_argument("--people-per-unit", type=int, default=15)
        parser.add_argument("--seed", type=int, default=2025, help="random seed")
        parser.add_argument("--reset", action="store_true", help="remove earlier scale data first")
        parser.add_argument("--remove", action="store_true", help="only remove the scale data")
        parser.add_argument(
            "--method",
            choices=["auto", "copy", "bulk"],
            default="auto",
            help="auto: COPY on PostgreSQL, bulk_create elsewhere",
        )
        parser.add_argument(
            "--keep-indexes",
            action="store_true",
            help="PostgreSQL: keep secondary indexes during the load instead of rebuilding them",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        self.random = random.Random(options["seed"])
        self.started = time.perf_counter()
        postgres = connection.vendor == "postgresql"
        if options["method"] == "copy" and not postgres:
            raise CommandError("COPY needs PostgreSQL.")
        self.use_copy = postgres and options["method"] != "bulk"
        self.batch = max(100, options["batch"])
        if options["units"] < 5 and not options["remove"]:
            raise CommandError("--units must be at least 5.")

        if options["reset"] or options["remove"]:
            self.remove()
            if options["remove"]:
                return
        elif scale_units().exists():
            raise CommandError(
                f"Scale data is already present (units {PREFIX}*). "
                "Run with --reset to replace it or --remove to delete it."
            )
        with transaction.atomic():
            units = self.create_units(options["units"])
            people = self.create_people(units, options["people_per_unit"])
            self.create_accounts(units)
            campaigns = self.create_campaigns(units)
            dropped = self.drop_indexes() if self.use_copy and not options["keep_indexes"] else []
            self.create_initiatives(units, people, campaigns, options["initiatives"])
            self.restore_indexes(dropped)
        if postgres:
            self.analyse()
        self.log(f"Done in {time.perf_counter() - self.started:.1f} s.")

    # -- output ---------------------------------------------------------------------------

    def log(self, message: str):
        if self.verbosity:
            self.stdout.write(f"[{time.perf_counter() - self.started:7.1f} s] {message}")
            self.stdout.flush()

    # -- removal --------------------------------------------------------------------------

    def remove(self):
        started = time.perf_counter()
        alias = connection.alias
        with transaction.atomic():
            initiatives = scale_initiatives()
            big = {InitiativeAuthor, Recognition}
            for rel in Initiative._meta.related_objects:
                model = rel.related_model
                if model in big or not (rel.one_to_many or rel.one_to_one):
                    continue
                model._base_manager.filter(
                    **{f"{rel.field.name}__unit__code__startswith": PREFIX}
                ).delete()
            for model in (InitiativeAuthor, Recognition):
                model._base_manager.filter(initiative__unit__code__startswith=PREFIX)._raw_delete(
                    alias
                )
            count = initiatives._raw_delete(alias)
            Campaign.objects.filter(issuing_unit__code__startswith=PREFIX).delete()
            User.objects.filter(username__startswith=USER_PREFIX).delete()
            RoleAssignment.objects.filter(unit__code__startswith=PREFIX).delete()
            Person.objects.filter(unit__code__startswith=PREFIX)._raw_delete(alias)
            depths = sorted(set(scale_units().values_list("depth", flat=True)), reverse=True)
            for depth in depths:
                scale_units().filter(depth=depth)._raw_delete(alias)
        self.log(
            f"Removed earlier scale data ({count} initiatives) in "
            f"{time.perf_counter() - started:.1f} s."
        )

    # -- units ----------------------------------------------------------------------------

    def _unit(self, seq: int, name: str, kind, parent, headcount: int, **extra) -> Unit:
        unit = Unit(
            code=f"{PREFIX}{seq:06d}",
            name=name,
            kind=kind,
            parent=parent,
            headcount=headcount,
            name_sort=collation_key(name)[:600],
            **extra,
        )
        if hasattr(unit, "name_folded"):
            unit.name_folded = fold(name)[:255]
        return unit

    def _save_level(self, units: list[Unit]) -> list[Unit]:
        """bulk_create one level of the tree, then give each unit its path (Unit.save's rule)."""
        created = Unit.objects.bulk_create(units, batch_size=min(self.batch, 2000))
        for unit in created:
            unit.path = (unit.parent.path if unit.parent_id else "") + path_segment(unit.pk)
            unit.depth = unit.path.count("/") - 1
        Unit.objects.bulk_update(created, ["path", "depth"], batch_size=1000)
        return created

    def create_units(self, total: int) -> dict:
        rnd = self.random
        n_orgs = min(len(PROVINCES), max(1, total // 10))
        per_org = total // n_orgs
        seq = 0
        roots = []
        for index in range(n_orgs):
            seq += 1
            province = PROVINCES[index]
            roots.append(
                self._unit(
                    seq,
                    f"Sở Giáo dục và Đào tạo {province}",
                    UnitKind.DEPARTMENT,
                    None,
                    rnd.randint(60, 100),
                    place=province,
                    short_code="SGDĐT",
                )
            )
        roots = self._save_level(roots)

        second = []
        plans = []
        for index, root in enumerate(roots):
            budget = per_org if index < n_orgs - 1 else total - per_org * (n_orgs - 1)
            budget -= 1
            sections = max(1, min(len(DISTRICTS), budget // 40))
            schools = budget - 1 - sections
            seq += 1
            second.append(
                self._unit(
                    seq, "Văn phòng Sở", UnitKind.DEPARTMENT_OFFICE, root, rnd.randint(20, 40)
                )
            )
            for s in range(sections):
                seq += 1
                district = DISTRICTS[(s + index * 7) % len(DISTRICTS)]
                second.append(
                    self._unit(
                        seq,
                        f"Phòng Giáo dục và Đào tạo {district}",
                        UnitKind.SECTION,
                        root,
                        rnd.randint(10, 25),
                    )
                )
            plans.append((root, schools))
        second = self._save_level(second)

        sections_of = {}
        offices = {}
        for unit in second:
            if unit.kind == UnitKind.SECTION:
                sections_of.setdefault(unit.parent_id, []).append(unit)
            else:
                offices[unit.parent_id] = unit
        third = []
        for root, schools in plans:
            sections = sections_of[root.pk]
            for n in range(schools):
                seq += 1
                name = SCHOOL_NAMES[n % len(SCHOOL_NAMES)]
                if n % 5 == 0:  # upper secondary schools belong to the Sở itself
                    kind, label, (low, high) = SCHOOL_KINDS_UNDER_ROOT[(n // 5) % 6 == 5]
                    parent = root
                else:
                    kind, label, (low, high) = SCHOOL_KINDS_UNDER_SECTION[n % 3]
                    parent = sections[n % len(sections)]
                number = n // len(SCHOOL_NAMES)
                suffix = f" số {number + 1}" if number else ""
                third.append(
                    self._unit(seq, f"{label} {name}{suffix}", kind, parent, rnd.randint(low, high))
                )
        third = self._save_level(third)

        all_units = roots + second + third
        self.log(
            f"Units: {len(all_units)} ({n_orgs} organisations, "
            f"{sum(len(v) for v in sections_of.values())} sections, {len(third)} schools)."
        )
        return {
            "roots": roots,
            "offices": offices,
            "all": all_units,
            "root_of": {u.pk: self._root(u, roots) for u in all_units},
        }

    @staticmethod
    def _root(unit: Unit, roots: list[Unit]) -> Unit:
        for root in roots:
            if unit.path.startswith(root.path):
                return root
        raise AssertionError(unit.path)

    # -- people ---------------------------------------------------------------------------

    def _name(self):
        rnd = self.random
        family = rnd.choices(self._family[0], cum_weights=self._family[1])[0]
        if rnd.random() < 0.6:
            gender = Gender.FEMALE
            name = f"{family} {rnd.choice(MIDDLE_FEMALE)} {rnd.choice(GIVEN_FEMALE)}"
        else:
            gender = Gender.MALE
            name = f"{family} {rnd.choice(MIDDLE_MALE)} {rnd.choice(GIVEN_MALE)}"
        return name, gender

    def create_people(self, units: dict, per_unit: int) -> dict:
        rnd = self.random
        self._family = _weighted(FAMILY_NAMES)
        rows = []
        for unit in units["all"]:
            for _ in range(min(unit.headcount, per_unit)):
                name, gender = self._name()
                person = Person(
                    full_name=name,
                    gender=gender,
                    unit=unit,
                    date_of_birth=datetime.date(
                        rnd.randint(1965, 2000), rnd.randint(1, 12), rnd.randint(1, 28)
                    ),
                    position=rnd.choice(POSITIONS),
                    qualification=rnd.choice(QUALIFICATIONS),
                    name_sort=person_sort_key(name),
                    name_folded=fold(name)[:150],
                )
                rows.append(person)
        created = Person.objects.bulk_create(rows, batch_size=min(self.batch, 2000))
        by_unit = {}
        for person in created:
            by_unit.setdefault(person.unit_id, []).append(person)
        self.log(f"People: {len(created)}.")
        return by_unit

    def create_accounts(self, units: dict):
        root = units["roots"][0]
        office = units["offices"][root.pk]
        school = next(
            u
            for u in units["all"]
            if u.depth >= 1
            and u.kind
            in (
                UnitKind.UPPER_SECONDARY,
                UnitKind.LOWER_SECONDARY,
                UnitKind.PRIMARY_SCHOOL,
                UnitKind.PRESCHOOL,
            )
            and u.path.startswith(root.path)
        )
        for username, role, role_unit, person_unit, name in (
            (OFFICE_USERNAME, Role.OFFICE, root, office, "Nguyễn Thị Thanh Hương"),
            (STAFF_USERNAME, Role.UNIT_STAFF, school, school, "Trần Văn Minh"),
        ):
            person = Person(full_name=name, unit=person_unit, position="Chuyên viên")
            person.save()
            user = User(username=username, person=person, email=f"{username}@example.vn")
            user.set_password(PASSWORD)
            user.save()
            RoleAssignment.objects.create(user=user, role=role, unit=role_unit)
        self.log(
            f"Accounts: {OFFICE_USERNAME} (office of {root.name}), {STAFF_USERNAME}; "
            f"password {PASSWORD}."
        )

    # -- campaigns ------------------------------------------------------------------------

    def create_campaigns(self, units: dict) -> dict:
        by_root = {}
        for root in units["roots"]:
            office = units["offices"][root.pk]
            plans = [
                (
                    "Phong trào thi đua Đổi mới sáng tạo và chuyển đổi số ngành Giáo dục giai đoạn "
                    "2024-2030",
                    "regular",
                    2024,
                    2030,
                    60,
                ),
                (
                    "Phong trào thi đua “Ứng dụng công nghệ thông tin trong dạy học” năm học "
                    "2024-2025",
                    "thematic",
                    2024,
                    2025,
                    25,
                ),
                (
                    "Phong trào thi đua “Sáng kiến vì học sinh thân yêu” năm 2026",
                    "thematic",
                    2026,
                    2026,
                    15,
                ),
            ]
            campaigns = []
            for number, (title, kind, start, end, weight) in enumerate(plans, start=1):
                campaign = Campaign(
                    title=title,
                    kind=kind,
                    issuing_unit=root,
                    managing_unit=office,
                    document_number=f"{1500 + number}/KH-SGDĐT",
                    document_date=datetime.date(start, 1, 10 + number),
                    start_year=start,
                    end_year=end,
                    summary="Khuyến khích cán bộ, giáo viên, nhân viên đề xuất sáng kiến.",
                )
                campaign.save()
                campaign.participants.set([root])
                themes = Theme.objects.bulk_create(
                    [
                        Theme(campaign=campaign, order=i, title=title)
                        for i, title in enumerate(
                            [
                                "Đổi mới phương pháp dạy học",
                                "Chuyển đổi số trong quản lý",
                                "Giáo dục kỹ năng và trải nghiệm",
                            ],
                            start=1,
                        )
                    ]
                )
                campaigns.append((campaign, [t.pk for t in themes], weight))
            by_root[root.pk] = campaigns
        self.log(f"Campaigns: {sum(len(v) for v in by_root.values())}.")
        return by_root

    # -- indexes (PostgreSQL) -------------------------------------------------------------

    def drop_indexes(self) -> list[tuple[str, str]]:
        """Secondary indexes of the big tables: dropped for the load, rebuilt after it."""
        tables = [m._meta.db_table for m in (Initiative, InitiativeAuthor, Recognition)]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                "WHERE t.relname = ANY(%s) AND NOT x.indisunique AND NOT x.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)",
                [tables],
            )
            indexes = cursor.fetchall()
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
            # Check foreign keys row by row during the load, not all at the end: an index
            # cannot be built on a table with deferred checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self.log(f"Dropped {len(indexes)} secondary indexes for the load.")
        return indexes

    def restore_indexes(self, indexes: list[tuple[str, str]]):
        if not indexes:
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for name, definition in indexes:
                started = time.perf_counter()
                cursor.execute(definition)
                self.log(f"  index {name}: {time.perf_counter() - started:.1f} s")
        self.log(f"Rebuilt {len(indexes)} indexes.")

    def analyse(self):
        """Fresh planner statistics and visibility map, as autovacuum would leave them."""
        started = time.perf_counter()
        # VACUUM cannot run inside a transaction (e.g. under a test); ANALYZE can.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for model in (Unit, Person, Initiative, InitiativeAuthor, Recognition):
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
        self.log(f"{command}: {time.perf_counter() - started:.1f} s.")

    # -- initiatives ----------------------------------------------------------------------

    def create_initiatives(self, units: dict, people: dict, campaigns: dict, total: int):
        rnd = self.random
        now = timezone.now()
        tz = timezone.get_current_timezone()
        # Units that write initiatives, weighted by headcount.
        writing_units = [u for u in units["all"] if u.kind != UnitKind.DEPARTMENT]
        unit_pick = _weighted([(u, u.headcount) for u in writing_units])
        fields = _weighted(FIELD_WEIGHTS)
        splits = _weighted(AUTHOR_SPLITS)
        statuses = {year: _weighted(pairs) for year, pairs in STATUS_WEIGHTS.items()}
        campaign_pick = {}
        for root_pk, entries in campaigns.items():
            for year in YEARS:
                fitting = [(c, t, w) for c, t, w in entries if c.start_year <= year <= c.end_year]
                campaign_pick[root_pk, year] = _weighted([((c, t), w) for c, t, w in fitting])
        root_of = units["root_of"]
        year_start = {y: datetime.datetime(y, 1, 1, 7, tzinfo=tz) for y in YEARS}
        year_seconds = {
            y: min(
                (datetime.datetime(y + 1, 1, 1, tzinfo=tz) - year_start[y]).total_seconds(),
                (now - year_start[y]).total_seconds() - 86400 * 40,
            )
            for y in YEARS
        }
        decision_numbers = {}

        initiative_writer = Writer(Initiative, self.use_copy, self.batch)
        author_writer = Writer(InitiativeAuthor, self.use_copy, self.batch)
        recognition_writer = Writer(Recognition, self.use_copy, self.batch)
        timings = {"generate": 0.0, "initiatives": 0.0, "authors": 0.0, "recognitions": 0.0}
        done = 0
        report_every = max(self.batch, total // 20)
        next_report = report_every
        while done < total:
            size = min(self.batch, total - done)
            t0 = time.perf_counter()
            rows, authors, recognitions = [], [], []
            for _ in range(size):
                unit = rnd.choices(unit_pick[0], cum_weights=unit_pick[1])[0]
                root = root_of[unit.pk]
                year = rnd.choices(YEARS, cum_weights=(30, 65, 100))[0]
                campaign, themes = rnd.choices(*campaign_pick[root.pk, year])[0]
                status = rnd.choices(statuses[year][0], cum_weights=statuses[year][1])[0]
                created = year_start[year] + datetime.timedelta(
                    seconds=rnd.uniform(0, year_seconds[year])
                )
                submitted = decided = None
                if status != Status.DRAFT:
                    submitted = created + datetime.timedelta(days=rnd.uniform(1, 20))
                if status in DECIDED:
                    decided = submitted + datetime.timedelta(days=rnd.uniform(15, 35))
                title = (
                    f"{rnd.choice(OPENINGS)} {rnd.choice(ACTIONS)} {rnd.choice(OBJECTS)} "
                    f"{rnd.choice(AUDIENCES)}"
                )
                essence = " ".join(
                    s.format(n=rnd.randint(2, 9)) for s in rnd.sample(ESSENCE_SENTENCES, 4)
                )
                own_authors = self._authors(rnd, unit, people, splits, writing_units)
                rows.append(
                    {
                        "campaign_id": campaign.pk,
                        "theme_id": rnd.choice(themes) if rnd.random() < 0.8 else None,
                        "unit_id": unit.pk,
                        "field": rnd.choices(fields[0], cum_weights=fields[1])[0],
                        "year": year,
                        "school_year": f"{year - 1}-{year}"
                        if created.month < 9
                        else f"{year}-{year + 1}",
                        "title": title,
                        "investor": unit.name,
                        "first_applied_on": (
                            created - datetime.timedelta(days=rnd.randint(30, 200))
                        ).date(),
                        "trial_applied": rnd.random() < 0.2,
                        "essence": essence,
                        "problem": rnd.choice(ESSENCE_SENTENCES).format(n=3),
                        "applicability": OTHER_TEXT[0],
                        "conditions": OTHER_TEXT[1],
                        "confidential_info": OTHER_TEXT[2],
                        "benefits_authors": OTHER_TEXT[3],
                        "benefits_appliers": OTHER_TEXT[4],
                        "status": status,
                        "submitted_at": submitted,
                        "decided_at": decided,
                        "search_text": search_text(
                            title, [a["full_name"] for a in own_authors], unit.name
                        ),
                        "title_sort": collation_key(title)[:600],
                        "created_at": created,
                        "updated_at": decided or submitted or created,
                    }
                )
                authors.append(own_authors)
                recognitions.append(
                    self._recognitions(rnd, root, decided, tz, now, decision_numbers)
                    if status == Status.RECOGNISED
                    else []
                )
            if self.use_copy:
                first_id = initiative_writer.reserve_ids(size)
                for offset, row in enumerate(rows):
                    row["id"] = first_id + offset
            t1 = time.perf_counter()
            written = initiative_writer.write(rows)
            t2 = time.perf_counter()
            author_rows, recognition_rows = [], []
            for initiative, own_authors, own_recognitions in zip(
                written, authors, recognitions, strict=True
            ):
                pk = initiative["id"] if self.use_copy else initiative.pk
                for row in own_authors:
                    row["initiative_id"] = pk
                    author_rows.append(row)
                for row in own_recognitions:
                    row["initiative_id"] = pk
                    recognition_rows.append(row)
            t3 = time.perf_counter()
            author_writer.write(author_rows)
            t4 = time.perf_counter()
            recognition_writer.write(recognition_rows)
            t5 = time.perf_counter()
            timings["generate"] += (t1 - t0) + (t3 - t2)
            timings["initiatives"] += t2 - t1
            timings["authors"] += t4 - t3
            timings["recognitions"] += t5 - t4
            done += size
            if done >= next_report or done == total:
                next_report += report_every
                rate = done / max(sum(timings.values()), 1e-9)
                self.log(f"Initiatives: {done:,}/{total:,} ({rate:,.0f} initiatives/s).")
        self.log(
            f"Wrote {initiative_writer.written:,} initiatives, {author_writer.written:,} authors, "
            f"{recognition_writer.written:,} recognitions "
            f"({'COPY' if self.use_copy else 'bulk_create'}). Time: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
        )

    def _authors(self, rnd, unit, people, splits, writing_units) -> list[dict]:
        """1-4 authors whose contributions sum to 100; mostly people of the unit."""
        shares = rnd.choices(splits[0], cum_weights=splits[1])[0]
        staff = people.get(unit.pk) or []
        chosen = rnd.sample(staff, min(len(shares), len(staff)))
        rows = []
        for order, share in enumerate(shares):
            person = chosen[order] if order < len(chosen) and rnd.random() < 0.95 else None
            if person is None:
                name, _gender = self._name()
                dob = datetime.date(rnd.randint(1965, 2000), rnd.randint(1, 12), 15)
                workplace, position, qualification = (
                    rnd.choice(writing_units).name,
                    "Giáo viên",
                    "Cử nhân",
                )
            else:
                name, dob = person.full_name, person.date_of_birth
                workplace, position, qualification = (
                    unit.name,
                    person.position,
                    person.qualification,
                )
            rows.append(
                {
                    "person_id": person.pk if person else None,
                    "full_name": name,
                    "name_folded": fold(name)[:150],
                    "date_of_birth": dob,
                    "workplace": workplace,
                    "position": position,
                    "qualification": qualification,
                    "contribution": Decimal(share),
                    "order": order,
                }
            )
        return rows

    def _recognitions(self, rnd, root, decided, tz, now, numbers) -> list[dict]:
        """Cơ sở always; a few go on to province level, a few of those to national level."""
        date = timezone.localtime(decided, tz).date()
        levels = [(Level.BASE, date, f"Giám đốc {root.name}", "SGDĐT", SCOPES[0])]
        if rnd.random() < PROVINCE_SHARE:
            later = date + datetime.timedelta(days=rnd.randint(90, 240))
            if later < now.date():
                issuer = f"Chủ tịch UBND tỉnh/thành phố {root.place}"
                levels.append((Level.PROVINCE, later, issuer, "UBND", SCOPES[2]))
                if rnd.random() < NATIONAL_SHARE:
                    final = later + datetime.timedelta(days=rnd.randint(90, 300))
                    if final < now.date():
                        issuer = "Bộ trưởng Bộ Giáo dục và Đào tạo"
                        levels.append((Level.NATIONAL, final, issuer, "BGDĐT", SCOPES[1]))
        rows = []
        for level, day, issuer, symbol, scope in levels:
            key = (root.pk, level, day.year)
            numbers[key] = numbers.get(key, 0) + 1
            rows.append(
                {
                    "level": level,
                    "decision_number": f"{numbers[key]}/QĐ-{symbol}",
                    "decision_date": day,
                    "issuer": issuer,
                    "scope": scope,
                    "created_at": datetime.datetime.combine(day, datetime.time(9), tzinfo=tz),
                }
            )
        return rows
