"""The signing pages of a generated document: choose how to sign, the token's page (digest
out, CMS in) and the signed copy's download (portal/signatures.py does the work)."""

import base64

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from . import audit, files, signatures, signing
from .models import GeneratedFile, SignedFile
from .workflow import WorkflowError

MAX_CMS = 256 * 1024


class SignatureUploadForm(forms.Form):
    signature = forms.FileField(
        label=gettext_lazy("Signature file from the token (.p7s)"),
        required=False,
        help_text=gettext_lazy("The detached CMS/PKCS#7 signature, in DER or base64."),
    )
    signature_text = forms.CharField(
        label=gettext_lazy("Or paste the signature (base64)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("signature")
        if upload is not None:
            if upload.size > MAX_CMS:
                raise forms.ValidationError(_("The signature file is too large."))
            data["cms"] = upload.read()
        elif data.get("signature_text", "").strip():
            data["cms"] = data["signature_text"].strip().encode()
        else:
            raise forms.ValidationError(_("Choose the signature file or paste the signature."))
        return data


def _signable(request, pk) -> GeneratedFile:
    generated = get_object_or_404(GeneratedFile.objects.select_related("content_type"), pk=pk)
    if not signatures.can_sign(request.user, generated):
        raise Http404
    return generated


def _signed(request, pk) -> SignedFile:
    signed = get_object_or_404(SignedFile.objects.select_related("source"), pk=pk)
    if not signatures.can_view_signed(request.user, signed):
        raise Http404
    return signed


def _audit(request, signed: SignedFile, what: str) -> None:
    kind = files.kind_of(signed.source.kind)
    subject = signed.source.subject
    audit.download_record(
        request=request,
        kind=kind.audit_kind,
        what=what,
        subject=subject,
        unit=kind.unit_of(subject) if kind.unit_of else None,
    )


@login_required
@require_GET
def file_sign(request, pk):
    """How to sign a generated document, and the copies signed so far."""
    generated = _signable(request, pk)
    user = request.user
    return render(
        request,
        "portal/sign_file.html",
        {
            "generated": generated,
            "signer": signatures.signer_of(generated),
            "server_available": signing.server_signing_available(),
            "not_configured": signing.NOT_CONFIGURED,
            "may_server": signatures.can_sign(user, generated, SignedFile.Method.SERVER),
            "may_token": signatures.can_sign(user, generated, SignedFile.Method.TOKEN),
            "copies": signatures.signed_copies(generated),
        },
    )


@login_required
@require_POST
def file_sign_server(request, pk):
    generated = _signable(request, pk)
    try:
        signed = signatures.signed_file_server_sign(generated=generated, by=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect("file_sign", pk=generated.pk)
    messages.success(request, _("The document was signed."))
    return redirect("signed_file", pk=signed.pk)


@login_required
@require_POST
def file_sign_prepare(request, pk):
    generated = _signable(request, pk)
    try:
        signed = signatures.signed_file_prepare(generated=generated, by=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect("file_sign", pk=generated.pk)
    return redirect("signed_file", pk=signed.pk)


@login_required
def signed_file(request, pk):
    """A signed copy: the token's page while it waits (digest out, CMS in), then who signed,
    when, and what validating it found."""
    signed = _signed(request, pk)
    may_finish = signed.status == SignedFile.Status.PREPARED and signatures.can_sign(
        request.user, signed.source, signed.method
    )
    form = SignatureUploadForm()
    if request.method == "POST":
        if not may_finish:
            raise Http404
        form = SignatureUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                signatures.signed_file_embed(
                    signed=signed, cms_data=form.cleaned_data["cms"], by=request.user
                )
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The signature was checked and embedded."))
                return redirect("signed_file", pk=signed.pk)
    digest = bytes.fromhex(signed.session.get("digest", "")) if signed.session else b""
    return render(
        request,
        "portal/signed_file.html",
        {
            "signed": signed,
            "may_finish": may_finish,
            "form": form,
            "digest_hex": digest.hex(),
            "digest_base64": base64.b64encode(digest).decode(),
            "reports": signatures.reports_of(signed),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def signed_file_download(request, pk, part):
    """The signed PDF, or for the token: the prepared PDF or its digest."""
    signed = _signed(request, pk)
    if part == "pdf" and signed.status == SignedFile.Status.SIGNED:
        _audit(request, signed, signed.filename)
        response = FileResponse(
            signed.file.open("rb"), as_attachment=True, filename=signed.filename
        )
    elif part == "digest" and signed.status == SignedFile.Status.PREPARED:
        response = HttpResponse(
            signed.session["digest"].encode() + b"\n", content_type="text/plain"
        )
        response["Content-Disposition"] = f'attachment; filename="digest-{signed.pk}.sha256.txt"'
    elif part == "prepared" and signed.status == SignedFile.Status.PREPARED:
        _audit(request, signed, signed.prepared.name.rsplit("/", 1)[-1])
        response = FileResponse(
            signed.prepared.open("rb"), as_attachment=True, filename=f"chuan-bi-ky-{signed.pk}.pdf"
        )
    else:
        raise Http404
    response["X-Content-Type-Options"] = "nosniff"
    return response
