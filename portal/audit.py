"""What leaves the portal: every download or export of an attachment, a dossier, a compiled
report or a list of people, units or initiatives writes one row (who, when, what, from
which address). Administrators read the rows of their organisation; nobody edits them."""

from django.contrib.contenttypes.models import ContentType

from .http import client_ip
from .models import DownloadRecord


def download_record(*, request, kind: str, what: str, subject=None, unit=None) -> DownloadRecord:
    """Record that `request.user` took `what` (a file name) of `kind`; `subject` is the record
    it came from and `unit` the unit whose data it holds, when there is one."""
    user = request.user if request.user.is_authenticated else None
    query = request.META.get("QUERY_STRING", "")
    path = f"{request.path}?{query}" if query else request.path
    return DownloadRecord.objects.create(
        user=user,
        username=user.get_username() if user else "",
        ip=client_ip(request) or None,
        kind=kind,
        what=str(what)[:255],
        path=path[:500],
        unit=unit,
        content_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        object_id=subject.pk if subject is not None else None,
    )


def can_read_downloads(user) -> bool:
    from units import access
    from units.models import Role

    return access.has_role(user, Role.ADMIN)


def downloads_visible_to(user):
    """Rows an administrator may read: what left their organisation's units and what their
    organisation's people took; a superuser reads all."""
    from units import access
    from units.models import Role

    if not can_read_downloads(user):
        return DownloadRecord.objects.none()
    if user.is_superuser:
        return DownloadRecord.objects.all()
    in_scope = access.scope_q(user, "unit__path", (Role.ADMIN,)) | access.scope_q(
        user, "user__person__unit__path", (Role.ADMIN,)
    )
    return DownloadRecord.objects.filter(in_scope)
