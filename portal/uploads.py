"""Checks on every uploaded file: size, type read from the content (never from the name),
and no zip bombs disguised as DOCX or XLSX. One door for initiatives, reports and awards."""

import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

MAX_SIZE = 20 * 1024 * 1024
# A DOCX or XLSX is a zip: refuse one that expands past this or compresses suspiciously well.
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 2000

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG = "image/jpeg"
PNG = "image/png"
ALLOWED = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", JPEG: ".jpg", PNG: ".png"}
ACCEPT = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"
LABELS = {PDF: "PDF", DOCX: "DOCX", XLSX: "XLSX", JPEG: "JPG", PNG: "PNG"}

NOT_ALLOWED = _("Only %(types)s files can be attached (%(name)s is not one).")
TOO_BIG = _("%(name)s is larger than 20 MB.")
BOMB = _("%(name)s would expand to an unreasonable size and was refused.")
BROKEN = _("%(name)s is damaged and cannot be read.")


def _office_kind(upload, max_member: int | None = None) -> str | None:
    """DOCX or XLSX from the zip's members, after checking what it would expand to."""
    name = upload.name
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ValidationError(BOMB, code="zip_bomb", params={"name": name})
            total = sum(m.file_size for m in members)
            packed = sum(m.compress_size for m in members) or 1
            largest = max((m.file_size for m in members), default=0)
            if (
                total > MAX_UNCOMPRESSED
                or total / packed > MAX_RATIO
                or (max_member is not None and largest > max_member)
            ):
                raise ValidationError(BOMB, code="zip_bomb", params={"name": name})
            names = {m.filename for m in members}
    except zipfile.BadZipFile as error:
        raise ValidationError(BROKEN, code="broken", params={"name": name}) from error
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def upload_check(upload, *, allowed=tuple(ALLOWED), max_member: int | None = None) -> str:
    """The content type of an acceptable upload; ValidationError naming the file otherwise.

    `allowed` narrows the accepted types (e.g. a signed scan must be a PDF); `max_member`
    caps what any one member of a DOCX or XLSX may expand to (e.g. a sheet to import)."""
    name = upload.name
    if upload.size > MAX_SIZE:
        raise ValidationError(TOO_BIG, code="too_big", params={"name": name})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime in ("application/zip", DOCX, XLSX):
        mime = _office_kind(upload, max_member)
    if mime not in allowed:
        types = get_text_list([LABELS[m] for m in ALLOWED if m in allowed], _("and"))
        raise ValidationError(NOT_ALLOWED, code="type", params={"name": name, "types": types})
    return mime
