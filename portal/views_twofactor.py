"""Pages of two-factor sign-in: set up an authenticator, enter a code after the password,
and the user's own settings (turn on or off, new recovery codes)."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from .http import safe_next
from .twofactor import (
    PENDING_KEY,
    TwoFactorError,
    recovery_codes_renew,
    totp_device_confirm,
    totp_device_pending,
    totp_qr_data_uri,
    totp_secret,
    two_factor_check,
    two_factor_disable,
    two_factor_enabled,
    two_factor_required,
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class VerifyForm(CodeForm):
    code = forms.CharField(
        label=gettext_lazy("Code from the authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


@never_cache
@login_required
def two_factor_setup(request):
    """Scan the QR code (or type the key), then confirm with the code the app shows.
    A user who already has an authenticator reaches this page only after giving a code
    (or a recovery code) in this login, to move to a new phone; the password alone must
    not let anyone put their own authenticator in place of the user's."""
    replacing = two_factor_enabled(request.user)
    if replacing and not request.user.is_verified():
        query = urlencode({"next": reverse("two_factor_setup")})
        return redirect(f"{reverse('two_factor_verify')}?{query}")
    posted = request.method == "POST"
    device = totp_device_pending(user=request.user, session=request.session, save=posted)
    form = CodeForm(request.POST or None)
    if posted and form.is_valid():
        try:
            codes = totp_device_confirm(
                device=device, token=form.cleaned_data["code"], by=request.user
            )
        except TwoFactorError as error:
            form.add_error("code", str(error))
        else:
            request.session.pop(PENDING_KEY, None)
            otp_login(request, device)
            return render(
                request,
                "registration/two_factor_recovery_codes.html",
                {"codes": codes, "next": safe_next(request, reverse("home"))},
            )
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr": totp_qr_data_uri(device),
            "secret": totp_secret(device),
            "required": two_factor_required(request.user),
            "replacing": replacing,
            "next": safe_next(request, ""),
        },
    )


@never_cache
@login_required
def two_factor_verify(request):
    """The second step of logging in."""
    if request.user.is_verified():
        return redirect(safe_next(request, reverse("home")))
    if not two_factor_enabled(request.user):
        if not two_factor_required(request.user):
            return redirect(safe_next(request, reverse("home")))
        query = urlencode({"next": safe_next(request, reverse("home"))})
        return redirect(f"{reverse('two_factor_setup')}?{query}")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor_check(user=request.user, token=form.cleaned_data["code"])
        if device is None:
            form.add_error(
                "code",
                _("That code is not right. Enter the newest code, or one of your recovery codes."),
            )
        else:
            request.session.pop(PENDING_KEY, None)
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; it will not work again. Get new ones in "
                        "your two-factor settings when you run short."
                    ),
                )
            return redirect(safe_next(request, reverse("home")))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": safe_next(request, "")},
    )


@login_required
def two_factor_settings(request):
    return render(
        request,
        "registration/two_factor.html",
        {
            "enabled": two_factor_enabled(request.user),
            "required": two_factor_required(request.user),
            "form": CodeForm(),
        },
    )


@login_required
@require_POST
def two_factor_off(request):
    form = CodeForm(request.POST)
    try:
        if not form.is_valid():
            raise TwoFactorError(_("Enter the code your authenticator app shows."))
        two_factor_disable(user=request.user, token=form.cleaned_data["code"], by=request.user)
    except TwoFactorError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("two_factor")


@never_cache
@login_required
@require_POST
def two_factor_recovery_codes(request):
    form = CodeForm(request.POST)
    try:
        if not form.is_valid():
            raise TwoFactorError(_("Enter the code your authenticator app shows."))
        codes = recovery_codes_renew(
            user=request.user, token=form.cleaned_data["code"], by=request.user
        )
    except TwoFactorError as error:
        messages.error(request, str(error))
        return redirect("two_factor")
    return render(
        request,
        "registration/two_factor_recovery_codes.html",
        {"codes": codes, "next": reverse("two_factor")},
    )
