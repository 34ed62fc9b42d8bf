"""Every uploaded file, one door for initiatives, reports and awards: checked on the way in
(size, type read from the content and never from the name, no zip bombs disguised as DOCX
or XLSX, no file that is two formats at once), stored under a generated name with the
extension of the checked type, and served with that type, never the uploader's name's."""

import unicodedata
import uuid
import zipfile
from pathlib import PurePosixPath

import filetype
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
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
POLYGLOT = _("%(name)s hides a ZIP archive inside a PDF or an image and was refused.")

# A ZIP archive's central directory entry and end-of-directory record: a PDF or an image
# carrying both holds an archive too (a "polyglot" that another program opens as a ZIP).
ZIP_CENTRAL = b"PK\x01\x02"
ZIP_END = b"PK\x05\x06"
CHUNK = 1024 * 1024


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
    if mime not in (DOCX, XLSX) and _holds_zip(upload):
        raise ValidationError(POLYGLOT, code="polyglot", params={"name": name})
    return mime


def _holds_zip(upload) -> bool:
    """Whether a file that is not meant to be an archive is also one."""
    upload.seek(0)
    try:
        if zipfile.is_zipfile(upload):
            return True
        found, tail = set(), b""
        upload.seek(0)
        while chunk := upload.read(CHUNK):
            window = tail + chunk
            found |= {sig for sig in (ZIP_CENTRAL, ZIP_END) if sig in window}
            tail = window[-3:]
        return found == {ZIP_CENTRAL, ZIP_END}
    finally:
        upload.seek(0)


@deconstructible
class GeneratedName:
    """`upload_to` for uploads: `<folder>/<year>/<random>.<ext of the checked type>`.

    The instance must carry the checked `content_type`; the uploader's name is kept only
    as display data in the record, never on disk."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = ALLOWED.get(getattr(instance, "content_type", ""), "")
        return f"{self.folder}/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"


def display_name(name: str, content_type: str) -> str:
    """The uploader's file name made safe to offer for download: no path, no control or
    quote characters, and the extension of the checked type (so `anh.html` checked as PNG
    is offered as `anh.png`)."""
    name = unicodedata.normalize("NFC", PurePosixPath(str(name).replace("\\", "/")).name)
    name = "".join(c for c in name if c.isprintable() and c not in '"<>:|?*;')
    stem = PurePosixPath(name).stem.strip(" .") or "tep"
    extension = ALLOWED.get(content_type)
    if extension is None:
        return stem[:120]
    return f"{stem[:120]}{extension}"


def type_of_stored(fieldfile) -> str:
    """The checked type of a file stored before types were recorded, read again from its
    content; application/octet-stream when it is not one of the accepted types."""
    with fieldfile.storage.open(fieldfile.name, "rb") as handle:
        kind = filetype.guess(handle.read(8192))
        mime = kind.mime if kind else None
        if mime in ("application/zip", DOCX, XLSX):
            try:
                mime = _office_kind(handle)
            except ValidationError:
                mime = None
    return mime if mime in ALLOWED else "application/octet-stream"


def upload_response(fieldfile, *, content_type: str, name: str) -> FileResponse:
    """Serve a stored upload as the type it was checked to be, as a download.

    `content_type` is the recorded checked type (empty for files stored before it was
    recorded: read again from the content). The uploader's `name` only names the download
    (RFC 6266 `filename*` in UTF-8 for Vietnamese names)."""
    if content_type not in ALLOWED:
        content_type = type_of_stored(fieldfile)
    response = FileResponse(
        fieldfile.open("rb"),
        as_attachment=True,
        filename=display_name(name, content_type),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def signatures_of(upload, content_type: str) -> list[dict]:
    """The digital signatures of an uploaded PDF, validated on the way in
    (portal.signing.SignatureReport.as_data each); empty for an unsigned PDF or another type.
    Kept with the record so reviewers see who signed, when, and whether it is intact."""
    if content_type != PDF:
        return []
    from .signing import validate_pdf

    upload.seek(0)
    try:
        return [report.as_data() for report in validate_pdf(upload.read())]
    finally:
        upload.seek(0)


def signature_reports(data: list[dict]) -> list:
    """The stored results of `signatures_of`, as SignatureReport for the pages."""
    from .signing import SignatureReport

    return [SignatureReport.from_data(item) for item in data or []]
