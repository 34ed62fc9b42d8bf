"""The API's demo: a personal token of the unit staff login "canbo" and the service
account of the national commendation database export with an integration token. Their
secrets are published here like the demo passwords (a demo only: production never
installs devtools)."""

from django.contrib.auth.hashers import make_password

from api.models import ApiToken, TokenKind
from api.tokens import digest_of, token_create
from units.models import Person, Role, RoleAssignment, Unit, User

STAFF_SECRET = "ctd_demo-canbo-bang-tinh"
EXPORT_SECRET = "ctd_demo-csdl-quoc-gia"
EXPORT_ACCOUNT = "ketnoi-csdl"


def seed(stdout) -> None:
    canbo = User.objects.filter(username="canbo").first()
    if canbo is not None and not ApiToken.objects.filter(digest=digest_of(STAFF_SECRET)).exists():
        token_create(user=canbo, by=canbo, name="Bảng tính của trường", secret=STAFF_SECRET)

    root = Unit.objects.filter(code="HP-SGD").first()
    admin = User.objects.filter(username="quantri").first()
    if root is None or admin is None:
        return
    account = User.objects.filter(username=EXPORT_ACCOUNT).first()
    if account is None:
        person = Person.objects.create(
            full_name="Kết nối CSDL quốc gia về thi đua, khen thưởng",
            unit=Unit.objects.get(code="HP-VP"),
        )
        # A service account: no password signs it in, only its token.
        account = User.objects.create(
            username=EXPORT_ACCOUNT, person=person, password=make_password(None)
        )
    RoleAssignment.objects.get_or_create(user=account, role=Role.LEADER, unit=root)
    if not ApiToken.objects.filter(digest=digest_of(EXPORT_SECRET)).exists():
        token_create(
            user=account,
            by=admin,
            name="Cơ sở dữ liệu quốc gia về thi đua, khen thưởng",
            kind=TokenKind.INTEGRATION,
            secret=EXPORT_SECRET,
        )
    stdout.write(
        f"API: mã truy cập của canbo {STAFF_SECRET}; của tài khoản kết nối {EXPORT_ACCOUNT} "
        f"{EXPORT_SECRET} (xem /api/docs)"
    )
