from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import audit, files
from .lists import ListSpec, list_response
from .middleware import polled
from .models import DeliveryMode, GeneratedFile, NotificationKind
from .services import preferences_save


def locked_out(request, credentials, *args, **kwargs):
    """Shown instead of the login form once a user name, or the whole address, is locked
    after wrong passwords (portal.signin.LoginThrottle)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "cooloff_minutes": minutes,
        "by_address": getattr(request, "locked_by_address", False),
    }
    return render(request, "registration/locked_out.html", context, status=429)


def bad_request(request, exception=None):
    """400: what was wrong with the request, in Vietnamese, inside the portal's layout."""
    # Only our own BadRequest messages are meant for users; others stay generic.
    reason = str(exception.args[0]) if isinstance(exception, BadRequest) and exception.args else ""
    return render(request, "400.html", {"reason": reason}, status=400)


@require_GET
def ok(request):
    """A bare page: "ok" through the whole middleware stack and nothing else. The load test
    and `manage.py bench_home` measure every page beside it; a monitor may poll it."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


class NotificationSettingsForm(forms.Form):
    """One choice per kind of notification: email at once, daily digest, portal only."""

    def __init__(self, *args, initial_modes: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[f"kind_{kind}"] = forms.ChoiceField(
                label=label,
                choices=DeliveryMode.choices,
                initial=initial_modes.get(kind, DeliveryMode.EMAIL),
            )

    def modes(self) -> dict[str, str]:
        return {kind: self.cleaned_data[f"kind_{kind}"] for kind in NotificationKind.values}


@login_required
def notification_settings(request):
    current = dict(request.user.notification_preferences.values_list("kind", "mode"))
    form = NotificationSettingsForm(request.POST or None, initial_modes=current)
    if request.method == "POST":
        if form.is_valid():
            preferences_save(user=request.user, modes=form.modes())
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notification_settings")
        messages.error(request, _("Choose one of the options for each kind of notification."))
    digest_time = f"{settings.DIGEST_HOUR:02d}:{settings.DIGEST_MINUTE:02d}"
    return render(
        request, "portal/notification_settings.html", {"form": form, "digest_time": digest_time}
    )


@login_required
def notification_list(request):
    """The user's notifications, newest first. Opening the page changes nothing (GET never
    writes); "Mark all as read" (POST) clears the unread ones."""
    if request.method == "POST":
        marked = request.user.notifications.filter(read_at__isnull=True).update(
            read_at=timezone.now()
        )
        if marked:
            messages.success(request, _("All notifications are marked as read."))
        return redirect("notifications")
    notifications = request.user.notifications.all()
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    unread = any(n.read_at is None for n in page)
    return render(request, "portal/notifications.html", {"page": page, "unread": unread})


def _visible_file(request, pk) -> GeneratedFile:
    generated = get_object_or_404(GeneratedFile.objects.select_related("content_type"), pk=pk)
    subject = generated.subject
    if subject is None or not files.kind_of(generated.kind).can_view(request.user, subject):
        raise Http404
    return generated


@polled
@login_required
@require_GET
def generated_file_status(request, pk):
    generated = _visible_file(request, pk)
    if request.GET.get("download") and generated.status == GeneratedFile.Status.DONE:
        kind = files.kind_of(generated.kind)
        subject = generated.subject
        audit.download_record(
            request=request,
            kind=kind.audit_kind,
            what=generated.filename,
            subject=subject,
            unit=kind.unit_of(subject) if kind.unit_of else None,
        )
        response = FileResponse(
            generated.file.open("rb"), as_attachment=True, filename=generated.filename
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
    # htmx polls the status block alone; opened as a page it shows the block in the layout.
    template = "portal/_generated_file.html" if request.htmx else "portal/generated_file.html"
    title = files.kind_of(generated.kind).title
    from .signatures import can_sign

    return render(
        request,
        template,
        {"generated": generated, "title": title, "can_sign": can_sign(request.user, generated)},
    )


DOWNLOADS = ListSpec(sorts={"new": ("-id",)}, default="new", per_page=50, target="download-rows")


@login_required
@require_GET
def download_list(request):
    """The downloads and exports of the administrator's organisation, newest first."""
    if not audit.can_read_downloads(request.user):
        raise Http404
    rows = audit.downloads_visible_to(request.user).select_related("unit")
    return list_response(
        request,
        DOWNLOADS,
        rows=rows,
        filterset=None,
        template="portal/downloads.html",
        partial="portal/_download_rows.html",
    )
