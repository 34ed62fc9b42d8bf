"""Signing generated documents (dossiers with their tờ trình, danh sách and biên bản): the
services behind the signing pages. The cryptography is in portal/signing.py; who signs a
kind of file and who may sign it is registered with the kind (portal/files.py).

Two ways (README, "Chữ ký số"):
- the office signs with the organisation's certificate held by the server: the stamp names
  the organisation, as the certificate does;
- the signer signs with his or her own USB token: the server prepares the PDF and the digest,
  the token's software returns a detached CMS, and the server embeds it only when the CMS
  signs that digest and its certificate names the document's signer.

Every signed copy is a stored file of its own; its history (who prepared it, who signed it,
when and how) is written through portal/workflow.py.
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import files, signing
from .models import GeneratedFile, SignedFile
from .workflow import Move, Transitions, WorkflowError, refuse, require, transition


@dataclass(frozen=True)
class SignerOf:
    """Who signs a document, as its signature block names him or her."""

    name: str
    organisation: str
    reason: str


def signer_of(generated: GeneratedFile) -> SignerOf | None:
    kind = files.kind_of(generated.kind)
    subject = generated.subject
    if kind.signer_of is None or subject is None:
        return None
    # A kind with several documents per subject (one per tờ trình, per meeting) tells them
    # apart by the file's params, which its signer_of receives as keywords.
    return kind.signer_of(subject, **(generated.params or {}))


def can_sign(user, generated: GeneratedFile, method: str | None = None) -> bool:
    """Whether `user` may sign `generated` (by `method`, or by either)."""
    kind = files.kind_of(generated.kind)
    subject = generated.subject
    if kind.can_sign is None or subject is None or generated.status != GeneratedFile.Status.DONE:
        return False
    if not kind.can_view(user, subject):
        return False
    methods = [method] if method else list(SignedFile.Method.values)
    return any(kind.can_sign(user, subject, m) for m in methods)


def can_view_signed(user, signed: SignedFile) -> bool:
    subject = signed.source.subject
    return subject is not None and files.kind_of(signed.source.kind).can_view(user, subject)


def _may_finish(user, signed: SignedFile) -> bool:
    return can_sign(user, signed.source, signed.method)


MOVES = Transitions(
    SignedFile,
    [
        Move(
            "prepared",
            sources=(SignedFile.Status.PREPARED,),
            target=None,
            allowed=_may_finish,
            label=gettext_lazy("prepared for the signer's token"),
        ),
        Move(
            "signed",
            sources=(SignedFile.Status.PREPARED,),
            target=SignedFile.Status.SIGNED,
            allowed=_may_finish,
            label=gettext_lazy("signed"),
        ),
    ],
)


def _source_pdf(generated: GeneratedFile) -> bytes:
    with generated.file.open("rb") as handle:
        return handle.read()


def _signed_name(generated: GeneratedFile) -> str:
    stem = generated.filename.rsplit(".", 1)[0] or "tai-lieu"
    return f"{stem}-da-ky.pdf"


def _reason() -> str:
    return _("Approval of the document")


def _store_signed(signed: SignedFile, pdf: bytes) -> None:
    signed.filename = _signed_name(signed.source)
    signed.file.save(signed.filename, ContentFile(pdf), save=False)
    signed.reports = [r.as_data() for r in signing.validate_pdf(pdf)]
    signed.signed_at = timezone.now()


def _new(generated: GeneratedFile, *, method: str, by) -> SignedFile:
    if generated.status != GeneratedFile.Status.DONE or not generated.filename.endswith(".pdf"):
        refuse(_("Only a finished PDF can be signed."))
    require(can_sign(by, generated, method))
    who = signer_of(generated)
    if who is None:
        refuse(_("This document has no signer; choose the signer of the round first."))
    return SignedFile(
        source=generated,
        method=method,
        signer_name=who.name,
        organisation=who.organisation,
        reason=who.reason or _reason(),
        created_by=by,
    )


def signed_file_server_sign(*, generated: GeneratedFile, by) -> SignedFile:
    """Sign `generated` with the organisation's certificate held by the server."""
    signed = _new(generated, method=SignedFile.Method.SERVER, by=by)
    if not signing.server_signing_available():
        refuse(signing.NOT_CONFIGURED)
    # The server's certificate is the organisation's: the stamp names whom it was issued to,
    # above the name of the document's signer.
    who_signs = signed.signer_name
    signed.signer_name = signing.server_certificate_name() or signed.organisation
    try:
        pdf = signing.sign_pdf(
            _source_pdf(generated),
            signer_name=signed.signer_name,
            organisation=signed.organisation,
            reason=signed.reason,
            place_at=who_signs,
        )
    except signing.SigningError as error:
        raise WorkflowError(str(error)) from error
    signed.save()

    def finish(record):
        _store_signed(record, pdf)

    return transition(
        signed,
        MOVES,
        "signed",
        by=by,
        prepare=finish,
        fields=["file", "filename", "reports", "signed_at"],
        note=str(SignedFile.Method.SERVER.label),
    )


def signed_file_prepare(*, generated: GeneratedFile, by) -> SignedFile:
    """The PDF with an empty signature and its digest, for the signer's token."""
    signed = _new(generated, method=SignedFile.Method.TOKEN, by=by)
    try:
        prepared, _digest, session = signing.prepare_external(
            _source_pdf(generated),
            signer_name=signed.signer_name,
            organisation=signed.organisation,
            reason=signed.reason,
        )
    except signing.SigningError as error:
        raise WorkflowError(str(error)) from error
    signed.session = session
    signed.prepared.save(_signed_name(generated), ContentFile(prepared), save=False)
    signed.save()
    return transition(signed, MOVES, "prepared", by=by, created=True)


def signed_file_embed(*, signed: SignedFile, cms_data: bytes, by) -> SignedFile:
    """Put the token's detached CMS into the prepared PDF, after checking it signs the
    digest offered and that its certificate is the signer's."""

    def finish(record):
        if record.method != SignedFile.Method.TOKEN:
            refuse(_("This copy is not waiting for a token's signature."))
        with record.prepared.open("rb") as handle:
            prepared = handle.read()
        try:
            pdf = signing.embed_external(prepared, cms_data, session=record.session)
        except signing.SigningError as error:
            raise WorkflowError(str(error)) from error
        _store_signed(record, pdf)

    return transition(
        signed,
        MOVES,
        "signed",
        by=by,
        prepare=finish,
        fields=["file", "filename", "reports", "signed_at"],
        note=str(SignedFile.Method.TOKEN.label),
    )


def signed_copies(generated: GeneratedFile):
    return generated.signed_copies.select_related("created_by").order_by("-created_at", "-id")


def reports_of(signed: SignedFile) -> list[signing.SignatureReport]:
    return [signing.SignatureReport.from_data(data) for data in signed.reports]
