"""Excel (.xlsx) import of units and people and the import templates (the lists' export,
in the same columns, is units/exports.py).

The column headers are fixed Vietnamese texts (the file format, whatever the interface
language). An import reads and checks EVERY row before saving anything, then saves all rows
in one transaction or none, and reports each problem by its Excel row number.

Units sheet:  Mã đơn vị | Tên đơn vị | Loại | Mã đơn vị cấp trên | Số CBCCVC/NLĐ
              (optional: Địa danh | Ký hiệu văn bản | Hoạt động)
People sheet: Họ và tên | Ngày sinh (dd/mm/yyyy) | Giới tính | Chức vụ | Trình độ |
              Mã đơn vị | Email
              (optional: Điện thoại | Hoàn thành kỹ năng số cơ bản (dd/mm/yyyy))
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Upper
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import jobs, sheets, uploads, xlsx
from portal.services import history_record
from portal.sheets import FileProblem
from portal.sheets import cell_date as _date
from portal.sheets import cell_text as _text
from portal.sheets import no_progress as _no_progress
from portal.sheets import read_sheet as _read_sheet
from portal.sheets import row_error as _row_error
from portal.text import fold

from . import access
from .models import Gender, ImportJob, Person, Unit, UnitKind

logger = logging.getLogger(__name__)

# Problems kept in a job's report; the count of the rest is given.
MAX_REPORTED = 1000

# Units.
U_CODE = "Mã đơn vị"
U_NAME = "Tên đơn vị"
U_KIND = "Loại"
U_PARENT = "Mã đơn vị cấp trên"
U_HEADCOUNT = "Số CBCCVC/NLĐ"
U_PLACE = "Địa danh"
U_SHORT = "Ký hiệu văn bản"
U_ACTIVE = "Hoạt động"
UNIT_REQUIRED = [U_CODE, U_NAME, U_KIND, U_PARENT, U_HEADCOUNT]
UNIT_COLUMNS = [*UNIT_REQUIRED, U_PLACE, U_SHORT, U_ACTIVE]

# People.
P_NAME = "Họ và tên"
P_BIRTH = "Ngày sinh (dd/mm/yyyy)"
P_GENDER = "Giới tính"
P_POSITION = "Chức vụ"
P_QUALIFICATION = "Trình độ"
P_UNIT = "Mã đơn vị"
P_EMAIL = "Email"
P_PHONE = "Điện thoại"
P_DIGITAL = "Hoàn thành kỹ năng số cơ bản (dd/mm/yyyy)"
PEOPLE_REQUIRED = [P_NAME, P_BIRTH, P_GENDER, P_POSITION, P_QUALIFICATION, P_UNIT, P_EMAIL]
PEOPLE_COLUMNS = [*PEOPLE_REQUIRED, P_PHONE, P_DIGITAL]

# The words used in the "Loại" column (the codes are accepted too).
KIND_WORDS = {
    UnitKind.DEPARTMENT: "Sở",
    UnitKind.DEPARTMENT_OFFICE: "Văn phòng Sở",
    UnitKind.SECTION: "Phòng",
    UnitKind.AFFILIATE: "Đơn vị trực thuộc",
    UnitKind.CENTRE: "Trung tâm",
    UnitKind.PRESCHOOL: "Trường mầm non",
    UnitKind.PRIMARY_SCHOOL: "Trường tiểu học",
    UnitKind.LOWER_SECONDARY: "Trường THCS",
    UnitKind.UPPER_SECONDARY: "Trường THPT",
    UnitKind.CONTINUING_EDUCATION: "Trung tâm GDNN-GDTX",
    UnitKind.COLLEGE: "Trường cao đẳng",
    UnitKind.COMMUNE: "UBND xã",
    UnitKind.COMMUNE_BODY: "Cơ quan xã",
    UnitKind.VILLAGE: "Thôn",
    UnitKind.ENTERPRISE: "Doanh nghiệp",
    UnitKind.OTHER: "Khác",
}
_KINDS_BY_WORD = {fold(word): kind for kind, word in KIND_WORDS.items()}
_KINDS_BY_WORD.update({kind.value: kind for kind in UnitKind})
GENDER_WORDS = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
_GENDERS_BY_WORD = {fold(word): g for g, word in GENDER_WORDS.items()}
_YES = {"co", "x", "1", "true", "yes"}
_NO = {"khong", "0", "false", "no"}


@dataclass
class ImportReport:
    """What an import did: the problems by row, or how many rows it saved."""

    errors: list[str] = field(default_factory=list)
    rows: int = 0
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _checking(progress, index: int, total: int) -> None:
    if index % sheets.PROGRESS_EVERY == 0:
        progress(40 + 40 * index // max(total, 1))


# --- units -------------------------------------------------------------------------------


def units_import(*, file, by) -> ImportReport:
    """Check every row of a units sheet, then create all the units or none."""
    report, planned = units_check(file=file, by=by)
    if report.ok:
        with transaction.atomic():
            _units_save(planned, by=by)
        report.created = len(planned)
    return report


def units_check(*, file, by, progress=_no_progress) -> tuple[ImportReport, list[dict]]:
    """Read and check every row of a units sheet: the report, and the units to create."""
    report = ImportReport()
    try:
        rows = _read_sheet(file, UNIT_REQUIRED, UNIT_COLUMNS, progress)
    except FileProblem as problem:
        report.errors.append(str(problem))
        return report, []
    report.rows = len(rows)

    codes = [_text(cells.get(U_CODE)) for _n, cells in rows]
    parent_codes = [_text(cells.get(U_PARENT)) for _n, cells in rows]
    wanted = {c.upper() for c in codes + parent_codes if c}
    existing = {
        u.code.upper(): u
        for u in Unit.objects.annotate(code_upper=Upper("code")).filter(code_upper__in=wanted)
    }
    seen: dict[str, int] = {}
    planned = []
    for index, ((number, cells), code) in enumerate(zip(rows, codes, strict=True)):
        _checking(progress, index, len(rows))
        errors = []
        name = _text(cells.get(U_NAME))
        kind_text = _text(cells.get(U_KIND))
        parent_code = _text(cells.get(U_PARENT))
        if not code:
            errors.append(_("the unit code is missing."))
        elif len(code) > 32:
            errors.append(
                _("the unit code “%(code)s” is longer than 32 characters.") % {"code": code}
            )
        elif code.upper() in seen:
            errors.append(
                _("the unit code “%(code)s” is already used in row %(other)s.")
                % {"code": code, "other": seen[code.upper()]}
            )
        elif code.upper() in existing:
            errors.append(_("the unit code “%(code)s” already exists.") % {"code": code})
        if not name:
            errors.append(_("the unit name is missing."))
        elif len(name) > 255:
            errors.append(_("the unit name is longer than 255 characters."))
        kind = _KINDS_BY_WORD.get(fold(kind_text)) or _KINDS_BY_WORD.get(kind_text)
        if not kind_text:
            errors.append(_("the kind is missing."))
        elif kind is None:
            errors.append(_("unknown kind “%(kind)s”.") % {"kind": kind_text})
        parent = None
        if parent_code:
            if parent_code.upper() in seen:
                parent = parent_code.upper()  # defined by an earlier row of this file
            elif parent_code.upper() in existing:
                parent = existing[parent_code.upper()]
                if not access.can_manage_unit(by, parent):
                    errors.append(
                        _("the parent unit “%(code)s” is outside your scope.")
                        % {"code": parent_code}
                    )
            else:
                errors.append(
                    _("parent unit code “%(code)s” does not exist.") % {"code": parent_code}
                )
        elif not getattr(by, "is_superuser", False):
            errors.append(_("the parent unit code is missing."))
        headcount = _text(cells.get(U_HEADCOUNT)) or "0"
        try:
            headcount = int(headcount)
            if headcount < 0:
                raise ValueError
        except ValueError:
            errors.append(
                _("the headcount “%(value)s” is not a whole number.") % {"value": headcount}
            )
        active_text = fold(_text(cells.get(U_ACTIVE)))
        if active_text and active_text not in _YES | _NO:
            errors.append(_("“Hoạt động” must be “Có” or “Không”."))
        if code and code.upper() not in seen:
            seen[code.upper()] = number
        if errors:
            report.errors.extend(_row_error(number, e) for e in errors)
            continue
        planned.append(
            {
                "code": code,
                "name": name,
                "kind": kind,
                "parent": parent,
                "headcount": headcount,
                "place": _text(cells.get(U_PLACE))[:100],
                "short_code": _text(cells.get(U_SHORT))[:32],
                "active": active_text not in _NO,
            }
        )
    if report.errors:
        return report, []
    return report, planned


def _units_save(planned: list[dict], *, by) -> None:
    """Create the checked units, parents first (call inside a transaction)."""
    made: dict[str, Unit] = {}
    for data in planned:
        data = dict(data)
        if isinstance(data["parent"], str):
            data["parent"] = made[data["parent"]]
        unit = Unit.objects.create(**data)
        made[unit.code.upper()] = unit
        history_record(subject=unit, by=by, action="imported")


def units_template() -> bytes:
    example = ["HP-THPT-VIDU", "Trường THPT Ví Dụ", "Trường THPT", "HP-SGD", 85, "", "", "Có"]
    return _workbook(_("Units"), UNIT_COLUMNS, [example])


# --- people ------------------------------------------------------------------------------


def people_import(*, file, by) -> ImportReport:
    """Check every row of a people sheet, then create all the people or none."""
    report, planned = people_check(file=file, by=by)
    if report.ok:
        with transaction.atomic():
            _people_save(planned, by=by)
        report.created = len(planned)
    return report


def people_check(*, file, by, progress=_no_progress) -> tuple[ImportReport, list[Person]]:
    """Read and check every row of a people sheet: the report, and the people to create."""
    report = ImportReport()
    try:
        rows = _read_sheet(file, PEOPLE_REQUIRED, PEOPLE_COLUMNS, progress)
    except FileProblem as problem:
        report.errors.append(str(problem))
        return report, []
    report.rows = len(rows)
    codes = {_text(cells.get(P_UNIT)).upper() for _n, cells in rows} - {""}
    units = {
        u.code.upper(): u
        for u in Unit.objects.annotate(code_upper=Upper("code")).filter(code_upper__in=codes)
    }
    known = set(
        Person.objects.filter(unit__in=units.values()).values_list(
            "name_folded", "date_of_birth", "unit_id"
        )
    )
    seen: dict[tuple, int] = {}
    planned = []
    for index, (number, cells) in enumerate(rows):
        _checking(progress, index, len(rows))
        errors = []
        name = _text(cells.get(P_NAME))
        if not name:
            errors.append(_("the full name is missing."))
        elif len(name) > 150:
            errors.append(_("the full name is longer than 150 characters."))
        birth = digital = None
        try:
            birth = _date(cells.get(P_BIRTH))
        except ValueError:
            errors.append(
                _("the date of birth “%(value)s” is not a date dd/mm/yyyy.")
                % {"value": _text(cells.get(P_BIRTH))}
            )
        try:
            digital = _date(cells.get(P_DIGITAL))
        except ValueError:
            errors.append(
                _("the digital skills date “%(value)s” is not a date dd/mm/yyyy.")
                % {"value": _text(cells.get(P_DIGITAL))}
            )
        gender_text = _text(cells.get(P_GENDER))
        gender = _GENDERS_BY_WORD.get(fold(gender_text), "")
        if gender_text and not gender:
            errors.append(
                _("gender must be “Nam” or “Nữ”, not “%(value)s”.") % {"value": gender_text}
            )
        code = _text(cells.get(P_UNIT))
        unit = units.get(code.upper()) if code else None
        if not code:
            errors.append(_("the unit code is missing."))
        elif unit is None:
            errors.append(_("unit code “%(code)s” does not exist.") % {"code": code})
        elif not access.can_manage_unit(by, unit):
            errors.append(_("the unit “%(code)s” is outside your scope.") % {"code": code})
        email = _text(cells.get(P_EMAIL))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(_("“%(value)s” is not an email address.") % {"value": email})
        if name and unit is not None:
            key = (fold(name), birth, unit.pk)
            if key in seen:
                errors.append(
                    _("the same person is already in row %(other)s.") % {"other": seen[key]}
                )
            elif key in known:
                errors.append(_("%(name)s is already recorded in this unit.") % {"name": name})
            seen.setdefault(key, number)
        if errors:
            report.errors.extend(_row_error(number, e) for e in errors)
            continue
        planned.append(
            Person(
                full_name=name,
                date_of_birth=birth,
                gender=gender,
                position=_text(cells.get(P_POSITION))[:150],
                qualification=_text(cells.get(P_QUALIFICATION))[:150],
                unit=unit,
                email=email,
                phone=_text(cells.get(P_PHONE))[:30],
                completed_digital_skills=digital,
            )
        )
    if report.errors:
        return report, []
    return report, planned


def _people_save(planned: list[Person], *, by) -> None:
    """Create the checked people (call inside a transaction)."""
    for person in planned:
        person.save()
        history_record(subject=person, by=by, action="imported")


def people_template() -> bytes:
    example = [
        "Nguyễn Thị Minh Anh",
        datetime.date(1988, 3, 15),
        "Nữ",
        "Giáo viên",
        "Thạc sĩ",
        "HP-THPT-TRANPHU",
        "minhanh@example.vn",
        "",
        "",
    ]
    return _workbook(_("People"), PEOPLE_COLUMNS, [example])


def _workbook(title: str, headers: list[str], rows) -> bytes:
    return xlsx.table(title, headers, rows)


# --- the background job -------------------------------------------------------------------

CHECKS = {ImportJob.Kind.UNITS: units_check, ImportJob.Kind.PEOPLE: people_check}
SAVES = {ImportJob.Kind.UNITS: _units_save, ImportJob.Kind.PEOPLE: _people_save}


def import_jobs_visible_to(user):
    """An import's progress and report are its creator's alone, while they manage units."""
    if not access.can_manage_any_unit(user):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(requested_by=user)


def import_job_start(*, kind: str, file, by) -> ImportJob:
    """Check the upload, keep it under a generated name and queue its import after commit.

    Raises ValidationError (naming the file) when the upload is refused: too large, not an
    .xlsx by its content, or a zip that would expand too far."""
    if not access.can_manage_any_unit(by):
        raise PermissionDenied
    uploads.upload_check(file, allowed=(uploads.XLSX,), max_member=sheets.MAX_MEMBER_SIZE)
    job = ImportJob(kind=kind, requested_by=by, filename=(file.name or "")[:255])
    job.file.save("import.xlsx", file, save=False)
    job.save()
    from .tasks import run_import_job

    jobs.job_enqueue(run_import_job, job.pk)
    return job


def import_job_run(*, job: ImportJob) -> None:
    """Read and check every row, then save all of them or none, recording the progress."""
    # The report is written in the language its reader chose.
    with translation.override(job.requested_by.language or settings.LANGUAGE_CODE):
        _import_job_run(job)


def _import_job_run(job: ImportJob) -> None:
    claimed = ImportJob.objects.filter(
        pk=job.pk, status__in=[ImportJob.Status.PENDING, ImportJob.Status.RUNNING]
    ).update(status=ImportJob.Status.RUNNING, progress=1)
    if not claimed:
        return

    progress = jobs.progress_recorder(ImportJob, job.pk)
    by = job.requested_by
    try:
        with job.file.open("rb") as upload:
            report, planned = CHECKS[job.kind](file=upload, by=by, progress=progress)
        if not report.ok:
            _job_finish(job, ImportJob.Status.REFUSED, report)
            return
        progress(80)
        with transaction.atomic():
            # The job row is locked: a second delivery of the task waits here, then stops.
            if ImportJob.objects.select_for_update().get(pk=job.pk).finished:
                return
            SAVES[job.kind](planned, by=by)
            report.created = len(planned)
            _job_finish(job, ImportJob.Status.DONE, report)
    except Exception:
        logger.exception("Import %s failed", job.pk)
        _job_finish(job, ImportJob.Status.FAILED, ImportReport())


def _job_finish(job: ImportJob, status: str, report: ImportReport) -> None:
    """Record the outcome, unless another delivery of the task already did."""
    errors = report.errors[:MAX_REPORTED]
    if len(report.errors) > MAX_REPORTED:
        errors.append(
            _("… and %(count)s more problems.") % {"count": len(report.errors) - MAX_REPORTED}
        )
    finished = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
        status=status,
        progress=100,
        rows=report.rows,
        created=report.created,
        errors=errors,
        finished_at=timezone.now(),
        file="",
    )
    if finished and job.file.name:
        # The upload held personal data; it is not kept once read (nor before the outcome
        # is committed, in case the save is rolled back).
        storage, name = job.file.storage, job.file.name
        transaction.on_commit(lambda: storage.delete(name))
