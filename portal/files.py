"""Files rendered by jobs (dossiers, compiled reports, statistics, list exports): request,
track, serve.

An app registers, per kind, who may see the file and the function that renders it; the job
runs off the request (portal/jobs.py) and pages show a status block with a progress bar
that polls (htmx) until the file is ready, then offers the download.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile, File
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from . import jobs
from .models import GeneratedFile
from .services import notify_users


@dataclass(frozen=True)
class FileKind:
    can_view: Callable  # (user, subject) -> bool
    render: Callable  # (generated_file, progress) -> (filename, bytes or a File)
    fingerprint: Callable | None = None  # (subject) -> json-able data; a change re-renders
    audit_kind: str = "report"  # DownloadRecord.Kind of a download of this file
    unit_of: Callable | None = None  # (subject) -> the unit whose data the file holds
    title: str = ""  # what the file is, as the heading of its own page
    # Digital signatures (portal/signatures.py): who signs the document, as
    # (subject, **params) -> portal.signatures.SignerOf or None (params: the file's own,
    # e.g. which tờ trình of the round), and who may sign it, as
    # (user, subject, method) -> bool with method a SignedFile.Method.
    signer_of: Callable | None = None
    can_sign: Callable | None = None


_KINDS: dict[str, FileKind] = {}


def register(
    kind: str,
    *,
    can_view,
    render,
    fingerprint=None,
    audit_kind="report",
    unit_of=None,
    title="",
    signer_of=None,
    can_sign=None,
) -> None:
    _KINDS[kind] = FileKind(
        can_view=can_view,
        render=render,
        fingerprint=fingerprint,
        audit_kind=audit_kind,
        unit_of=unit_of,
        title=title,
        signer_of=signer_of,
        can_sign=can_sign,
    )


def kind_of(name: str) -> FileKind:
    return _KINDS[name]


def fingerprint_of(kind: str, subject) -> str:
    fingerprint = _KINDS[kind].fingerprint
    if fingerprint is None:
        return ""
    data = json.dumps(fingerprint(subject), sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def params_key_of(params: dict | None) -> str:
    if not params:
        return ""
    data = json.dumps(params, sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def latest_file(*, subject, kind: str, params: dict | None = None) -> GeneratedFile | None:
    return (
        GeneratedFile.objects.filter(
            content_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
            kind=kind,
            params_key=params_key_of(params),
        )
        .order_by("-version")
        .first()
    )


def generated_file_request(
    *, subject, kind: str, by, force: bool = False, params: dict | None = None
) -> GeneratedFile:
    """Return the current file for `subject`, or queue a new version if the data changed
    (always a new one with `force`). `params` are what the renderer reads beyond the
    subject (filters, a form and a year); each set of them has its own versions.

    The render job is started after commit (portal/jobs.py), so the runner sees the row.
    """
    fingerprint = fingerprint_of(kind, subject)
    params_key = params_key_of(params)
    current = latest_file(subject=subject, kind=kind, params=params)
    if (
        current is not None
        and not force
        and current.status != GeneratedFile.Status.FAILED
        and current.data_fingerprint == fingerprint
    ):
        return current
    content_type = ContentType.objects.get_for_model(subject)
    version = (
        GeneratedFile.objects.filter(
            content_type=content_type, object_id=subject.pk, kind=kind, params_key=params_key
        ).aggregate(v=Max("version"))["v"]
        or 0
    ) + 1
    generated = GeneratedFile.objects.create(
        kind=kind,
        content_type=content_type,
        object_id=subject.pk,
        version=version,
        params=params or {},
        params_key=params_key,
        data_fingerprint=fingerprint,
        requested_by=by if by is not None and by.is_authenticated else None,
    )
    from .tasks import render_generated_file

    jobs.job_enqueue(render_generated_file, generated.pk)
    return generated


class NothingToRender(Exception):
    """A renderer's refusal with a message for the user (nothing to put in the file yet):
    recorded as the file's failure and shown on its page, not raised as an error."""


def generated_file_render(*, generated: GeneratedFile) -> None:
    """Run the registered renderer for one file, recording progress and the outcome."""
    subject = generated.subject
    if subject is None:
        generated.delete()
        return
    GeneratedFile.objects.filter(pk=generated.pk).update(
        status=GeneratedFile.Status.RUNNING, progress=1
    )

    progress = jobs.progress_recorder(GeneratedFile, generated.pk)
    try:
        filename, content = _KINDS[generated.kind].render(generated, progress)
    except NothingToRender as refusal:
        GeneratedFile.objects.filter(pk=generated.pk).update(
            status=GeneratedFile.Status.FAILED,
            notice=str(refusal)[:500],
            finished_at=timezone.now(),
        )
        return
    except Exception as error:
        GeneratedFile.objects.filter(pk=generated.pk).update(
            status=GeneratedFile.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    if not isinstance(content, File):
        content = ContentFile(content)
    with content:
        generated.file.save(filename, content, save=False)
    generated.filename = filename
    generated.status = GeneratedFile.Status.DONE
    generated.progress = 100
    generated.finished_at = timezone.now()
    generated.save(update_fields=["file", "filename", "status", "progress", "finished_at"])
    if generated.requested_by_id:
        notify_users(
            users=[generated.requested_by],
            template="portal/email/file_ready",
            context={"filename": filename, "version": generated.version},
            url=reverse("generated_file", args=[generated.pk]) + "?download=1",
        )
