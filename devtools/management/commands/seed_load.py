"""Deadline day on the scaled demo, for `make load` and `make bench-home`.

On top of `seed_scale` (run first when its units are missing): the reporting cycles of the
scale campaigns opened (a yearly report for every unit), one account of every role of the
first scale organisation (`scale-head`, `scale-leader`, `scale-admin`, `scale-council`,
besides `scale-office` and `scale-staff`) and `--users` unit staff accounts
`scale-load-0001`..., each of a school of its own. Every run puts those schools' reports
back to "not started", so each load test starts from the same state. All accounts use
seed_scale's password; everything hangs off the scale units (`seed_scale --remove`).

    manage.py seed_load --users 1000
"""

import time

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from campaigns.models import Campaign
from devtools.management.commands.seed_scale import (
    OFFICE_USERNAME,
    PASSWORD,
    PREFIX,
    STAFF_USERNAME,
    YEARS,
    scale_units,
)
from reports.models import (
    ReportAttachment,
    ReportFigure,
    ReportNarrative,
    ReportStatus,
    YearlyReport,
)
from reports.services import cycle_open
from units.models import Person, Role, RoleAssignment, Unit, UnitKind, User

LOAD_PREFIX = "scale-load-"
SCHOOL_KINDS = (
    UnitKind.PRESCHOOL,
    UnitKind.PRIMARY_SCHOOL,
    UnitKind.LOWER_SECONDARY,
    UnitKind.UPPER_SECONDARY,
    UnitKind.CONTINUING_EDUCATION,
)
# Home page benchmark: one account of each role (label, user name).
ROLE_ACCOUNTS = [
    ("unit staff", STAFF_USERNAME),
    ("unit head", "scale-head"),
    ("office", OFFICE_USERNAME),
    ("leader", "scale-leader"),
    ("administrator", "scale-admin"),
    ("council member", "scale-council"),
]


def load_username(index: int) -> str:
    return f"{LOAD_PREFIX}{index:04d}"


class Command(BaseCommand):
    help = "Reporting cycles, an account of every role and unit staff accounts on the scale data."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=1000, help="unit staff accounts")
        parser.add_argument("--units", type=int, default=3000, help="seed_scale, when missing")
        parser.add_argument(
            "--initiatives", type=int, default=300_000, help="seed_scale, when missing"
        )

    def handle(self, *args, **options):
        self.started = time.perf_counter()
        if not scale_units().exists():
            self.log("No scale data yet: seed_scale first.")
            call_command(
                "seed_scale",
                units=options["units"],
                initiatives=options["initiatives"],
                verbosity=options["verbosity"],
            )
        with transaction.atomic():
            self.open_cycles()
            self.role_accounts()
            units = self.load_accounts(options["users"])
            self.reset_reports(units)
        self.log("Done.")

    def log(self, message: str):
        self.stdout.write(f"[{time.perf_counter() - self.started:6.1f} s] {message}")
        self.stdout.flush()

    def open_cycles(self):
        cycles = created = 0
        for campaign in Campaign.objects.filter(issuing_unit__code__startswith=PREFIX):
            for year in YEARS:
                if campaign.start_year <= year <= campaign.end_year:
                    created += cycle_open(campaign=campaign, year=year)[1]
                    cycles += 1
        self.log(f"Reporting cycles: {cycles} open, {created} reports added.")

    def _account(self, username: str, role: str, unit: Unit, password: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            person = Person.objects.create(full_name=username, unit=unit, position="Chuyên viên")
            user = User.objects.create(
                username=username, person=person, email=f"{username}@example.vn", password=password
            )
        RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
        return user

    def role_accounts(self):
        staff = User.objects.get(username=STAFF_USERNAME)
        school = staff.role_assignments.get().unit
        root = Unit.objects.get(path=school.organisation_path)
        password = make_password(PASSWORD)
        self._account("scale-head", Role.UNIT_HEAD, school, password)
        for username, role in (
            ("scale-leader", Role.LEADER),
            ("scale-admin", Role.ADMIN),
            ("scale-council", Role.COUNCIL),
        ):
            self._account(username, role, root, password)
        self.log("Accounts of every role: " + ", ".join(name for _, name in ROLE_ACCOUNTS) + ".")

    def load_accounts(self, count: int) -> list[int]:
        schools = list(
            scale_units()
            .filter(kind__in=SCHOOL_KINDS)
            .order_by("id")
            .values_list("pk", flat=True)[:count]
        )
        existing = set(
            User.objects.filter(username__startswith=LOAD_PREFIX).values_list("username", flat=True)
        )
        password = make_password(PASSWORD)  # hashed once: the same password for every account
        people, users = [], []
        for index, unit_id in enumerate(schools, start=1):
            username = load_username(index)
            if username in existing:
                continue
            person = Person(full_name=f"Cán bộ {index:04d}", unit_id=unit_id, position="Giáo viên")
            people.append(person)
            users.append(User(username=username, email=f"{username}@example.vn", password=password))
        Person.objects.bulk_create(people, batch_size=1000)
        for user, person in zip(users, people, strict=True):
            user.person = person
        User.objects.bulk_create(users, batch_size=1000)
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user=user, role=Role.UNIT_STAFF, unit_id=person.unit_id)
                for user, person in zip(users, people, strict=True)
            ],
            batch_size=1000,
        )
        self.log(
            f"Unit staff accounts: {len(schools)} ({load_username(1)}…"
            f"{load_username(len(schools))}, {len(users)} new); password {PASSWORD}."
        )
        return schools

    def reset_reports(self, units: list[int]):
        reports = YearlyReport.objects.filter(unit_id__in=units, cycle__is_open=True)
        ReportFigure.objects.filter(report__in=reports).delete()
        ReportNarrative.objects.filter(report__in=reports).delete()
        ReportAttachment.objects.filter(report__in=reports).delete()
        n = reports.update(
            status=ReportStatus.NOT_STARTED,
            submitted_at=None,
            submitted_by=None,
            late=False,
            returned_reason="",
            accepted_at=None,
        )
        self.log(f"Reports of those schools set back to not started: {n}.")
