"""Forwarding proposals above an organisation's authority to the organisation of the level
above, and the upper level's decision flowing back.

Luật Thi đua, khen thưởng 2022, Điều 83: the Chủ tịch UBND tỉnh/thành phố decides the
province's titles and Bằng khen and proposes the awards of the Thủ tướng and the Chủ tịch
nước, so a Sở's or a commune's proposals of those forms go up to the city as one package
(awards.routing tells which forms). The package holds the proposals; its documents are made
by `package_documents` from the round's dossier documents (awards.dossier), one PDF each.

States: received → checking → returned (with reasons; the lower office corrects and
resends: received again) or accepted → in council (the upper organisation's own round) →
decided. Each move goes through portal.workflow (who, when, from, to, why) and notifies
through the outbox. The decision recorded on the package is given to every forwarded
proposal still approved, recorded on each (the award history reads it), and an emulation
title lands in the nominee's yearly records (awards.records).
"""

import datetime
import io
import zipfile
from collections.abc import Iterator

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import pdf, phrases, signing, workflow
from portal.services import notify_users
from portal.text import fold
from portal.workflow import Move, Transitions, WorkflowError
from units import access
from units.models import Role, Unit

from . import dossier, routing
from .models import (
    AwardProposal,
    AwardRound,
    EmulationRecord,
    EvidenceKind,
    ForwardedPackage,
    NomineeKind,
    PackageDocument,
    PackageStatus,
    ProposalStatus,
    RecordTitle,
    RoundStatus,
)
from .services import (
    PROPOSAL_TRANSITIONS,
    _notify_state,
    _unit_people,
    _users_with,
    council_vote_refusal,
)

# --- who may ----------------------------------------------------------------------------------


def _lower_office(user, package) -> bool:
    return access.has_role(user, *access.MANAGING_ROLES, unit=package.lower_organisation)


def _upper_office(user, package) -> bool:
    return access.can_act_for_upper_level(user, package.upper_organisation)


_S = PackageStatus
PACKAGE_TRANSITIONS = Transitions(
    ForwardedPackage,
    [
        Move("forward", [_S.RECEIVED], None, _lower_office, gettext_lazy("Forwarded")),
        Move("check", [_S.RECEIVED], _S.CHECKING, _upper_office, gettext_lazy("Check begun")),
        Move(
            "return",
            [_S.RECEIVED, _S.CHECKING],
            _S.RETURNED,
            _upper_office,
            gettext_lazy("Returned with reasons"),
        ),
        Move("resend", [_S.RETURNED], _S.RECEIVED, _lower_office, gettext_lazy("Sent again")),
        Move("accept", [_S.CHECKING], _S.ACCEPTED, _upper_office, gettext_lazy("Accepted")),
        Move(
            "council",
            [_S.ACCEPTED],
            _S.IN_COUNCIL,
            _upper_office,
            gettext_lazy("Taken to the council"),
        ),
        Move(
            "decide",
            [_S.ACCEPTED, _S.IN_COUNCIL],
            _S.DECIDED,
            _upper_office,
            gettext_lazy("Decision recorded"),
        ),
    ],
)


# --- selectors ----------------------------------------------------------------------------


def packages_visible_to(user) -> QuerySet[ForwardedPackage]:
    """Packages the user's organisation sent, or that were sent to it."""
    return ForwardedPackage.objects.filter(
        access.scope_q(user, "lower_organisation__path", access.ORGANISATION_ROLES)
        | access.upper_level_q(user, "upper_organisation")
    )


def inbox_of(user) -> QuerySet[ForwardedPackage]:
    """The upper office's inbox: packages sent to an organisation the user runs."""
    return ForwardedPackage.objects.filter(access.upper_level_q(user, "upper_organisation"))


def sent_by(user) -> QuerySet[ForwardedPackage]:
    """Packages the user's organisation sent up."""
    return ForwardedPackage.objects.filter(
        access.scope_q(user, "lower_organisation__path", access.ORGANISATION_ROLES)
    )


def package_list_queryset(queryset) -> QuerySet[ForwardedPackage]:
    return queryset.select_related(
        "round", "round__campaign", "lower_organisation", "upper_organisation"
    ).order_by("-sent_at", "-id")


def package_proposals(package) -> list[AwardProposal]:
    return list(
        package.proposals.select_related(
            "award_form", "nominee_unit", "nominee_person", "nominee_person__unit"
        ).order_by("award_form__order", "nominee_kind", "id")
    )


def forwardable_proposals(award_round: AwardRound) -> list[AwardProposal]:
    """The round's approved proposals whose award form lies above the issuer's authority."""
    issuer = award_round.campaign.issuing_unit
    proposals = award_round.proposals.filter(status=ProposalStatus.APPROVED).select_related(
        "award_form"
    )
    return [
        p
        for p in proposals.order_by("award_form__order", "id")
        if routing.award_route(p.award_form, issuer).channel == routing.PROPOSE
    ]


def upper_organisation_of(award_round: AwardRound) -> tuple[Unit, Unit | None]:
    """The organisation that issued the round's campaign and the one above it."""
    issuer = award_round.campaign.issuing_unit
    if issuer.parent_id is not None:
        issuer = Unit.objects.get(path=issuer.organisation_path)
    return issuer, issuer.upper_organisation


def can_forward(user, award_round: AwardRound) -> bool:
    """The finalised round has proposals above its authority and an upper level to send to."""
    if award_round.status != RoundStatus.FINALISED:
        return False
    if not access.has_role(user, *access.MANAGING_ROLES, unit=award_round.campaign.issuing_unit):
        return False
    return upper_organisation_of(award_round)[1] is not None


def upper_rounds_for(package) -> QuerySet[AwardRound]:
    """The upper organisation's own rounds, whose council may take the package."""
    return AwardRound.objects.filter(
        campaign__issuing_unit__path__startswith=package.upper_organisation.path
    ).select_related("campaign")


# --- the documents ------------------------------------------------------------------------


def _slug(text: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in fold(text))
    return "-".join(words.split())[:60] or "tai-lieu"


def package_data(package) -> dict:
    """The dossier's data of the round, narrowed to the forwarded proposals."""
    data = dossier.dossier_data(package.round)
    ids = set(package.proposals.values_list("pk", flat=True))
    data["proposals"] = [p for p in data["proposals"] if p.pk in ids]
    forms = []
    for entry in data["forms"]:
        entry = {
            **entry,
            "collectives": [r for r in entry["collectives"] if r["proposal"].pk in ids],
            "individuals": [r for r in entry["individuals"] if r["proposal"].pk in ids],
        }
        if entry["collectives"] or entry["individuals"]:
            forms.append(entry)
    for entry, roman in zip(forms, dossier.ROMAN, strict=False):
        entry["roman"] = roman
        entry["collective_index"] = 1
        entry["individual_index"] = 2 if entry["collectives"] else 1
    data["forms"] = forms
    data["collective_count"] = sum(len(f["collectives"]) for f in forms)
    data["individual_count"] = sum(len(f["individuals"]) for f in forms)
    return data


def _parts(data: dict):
    """(file name, template, context) of each generated document, in the package's order."""
    for number, letter in enumerate(dossier.round_letters(data), start=1):
        context = {**data, **letter}
        yield f"01-to-trinh-{number}.pdf", "awards/documents/cover_letter.html", context
        yield (
            f"02-danh-sach-{number}.pdf",
            "awards/documents/nominee_list.html",
            dossier.nominee_list_context(data, letter),
        )
    for number, proposal in enumerate(data["proposals"], start=1):
        context = dossier.achievement_report_context(data, proposal)
        name = f"03-bao-cao-thanh-tich-{number:02d}-{_slug(proposal.nominee_name)}.pdf"
        yield name, context["report_template"], context
    for number, meeting in enumerate(data["meetings"], start=1):
        yield (
            f"04-bien-ban-{number:02d}.pdf",
            "awards/documents/minutes.html",
            dossier.minutes_context(data, meeting),
        )


def _evidence(data: dict) -> Iterator[tuple[str, object]]:
    number = 0
    for proposal in data["proposals"]:
        for item in proposal.evidence.all():
            if item.kind != EvidenceKind.FILE or not item.file:
                continue
            if not (item.content_type == "application/pdf" or item.file.name.endswith(".pdf")):
                continue
            number += 1
            yield f"05-minh-chung-{number:02d}-{_slug(item.file_name.rsplit('.', 1)[0])}.pdf", item


def package_contents(package) -> list[str]:
    """The names of the package's documents, without laying them out."""
    data = package_data(package)
    return [name for name, _t, _c in _parts(data)] + [name for name, _i in _evidence(data)]


def package_documents(package) -> Iterator[tuple[str, bytes]]:
    """Each document of the package as (file name, PDF bytes): the tờ trình and danh sách to
    the upper level, each nominee's báo cáo thành tích, the council's biên bản and the
    evidence PDFs, unsigned (package_documents_store keeps them signed)."""
    data = package_data(package)
    for name, template, context in _parts(data):
        yield name, pdf.render_pdf(template, context)
    for name, item in _evidence(data):
        with item.file.open("rb") as source:
            yield name, source.read()


def package_documents_store(package) -> list[PackageDocument]:
    """Lay out the package's documents and keep them as sent, each PDF signed with the lower
    organisation's certificate held by the server (portal.signing) when one is configured;
    without one, or for a file that cannot be signed, the document is kept unsigned with the
    reason, which the package page shows. Replaces what an earlier sending kept."""
    for old in package.documents.all():
        old.file.delete(save=False)
        old.delete()
    available = signing.server_signing_available()
    holder = signing.server_certificate_name() if available else ""
    organisation = package.lower_organisation.name
    letter_signer = package.round.letter_signer
    reason = _("Forwarded to %(upper)s") % {"upper": package.upper_organisation.name}
    kept = []
    for position, (name, content) in enumerate(package_documents(package), start=1):
        signer, unsigned_reason = "", ""
        if not available:
            unsigned_reason = str(signing.NOT_CONFIGURED)
        else:
            try:
                content = signing.sign_pdf(
                    content,
                    signer_name=holder or organisation,
                    organisation=organisation,
                    reason=reason,
                    place_at=letter_signer.full_name if letter_signer else "",
                )
                signer = holder or organisation
            except signing.SigningError as error:
                unsigned_reason = str(error)
            except Exception:  # noqa: BLE001 - an evidence file pyHanko cannot sign goes as it is
                unsigned_reason = _("This file could not be signed; it was sent as uploaded.")
        kept.append(
            PackageDocument.objects.create(
                package=package,
                position=position,
                name=name,
                file=ContentFile(content, name=name),
                signer=signer,
                unsigned_reason=unsigned_reason[:500],
            )
        )
    return kept


# What the upper office reads of each document's signature.
INTACT, MODIFIED, UNTRUSTED, UNSIGNED = "intact", "modified", "untrusted", "unsigned"


def package_document_checks(package) -> list[dict]:
    """Each kept document of the package with its signature validated now
    (portal.signing.validate_pdf): intact, modified after signing, signed with a certificate
    this server does not trust, or sent unsigned (and why)."""
    rows = []
    for document in package.documents.all():
        with document.file.open("rb") as handle:
            reports = signing.validate_pdf(handle.read())
        report = reports[-1] if reports else None
        if report is None:
            state = MODIFIED if document.signer else UNSIGNED
        elif not report.intact or report.modified_since or not report.covers_whole:
            state = MODIFIED
        elif not report.trusted:
            state = UNTRUSTED
        else:
            state = INTACT
        if state == MODIFIED and report is None:
            verdict = _("The signature is missing or unreadable: the file was changed.")
        elif state == MODIFIED and report.intact and not report.modified_since:
            verdict = _("Valid signature, but the document was modified after signing")
        elif report is not None:
            verdict = report.verdict
        else:
            verdict = document.unsigned_reason
        rows.append(
            {
                "document": document,
                "state": state,
                "verdict": verdict,
                "signer": report.signer if report else "",
                "organisation": report.organisation if report else "",
                "signed_at": report.signed_at if report else None,
            }
        )
    return rows


def package_zip(package) -> bytes:
    """The documents as they were sent (signed), or laid out now for a package sent before
    documents were kept."""
    buffer = io.BytesIO()
    kept = list(package.documents.all())
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if kept:
            for document in kept:
                with document.file.open("rb") as handle:
                    archive.writestr(document.name, handle.read())
        else:
            for name, content in package_documents(package):
                archive.writestr(name, content)
    return buffer.getvalue()


def package_filename(package) -> str:
    return f"ho-so-chuyen-cap-tren-{package.round.year}-{package.pk}.zip"


# --- services -----------------------------------------------------------------------------


def _notify(package, users, note: str = "") -> None:
    notify_users(
        users=users,
        template="awards/email/package_state",
        context={
            "lower": package.lower_organisation.name,
            "upper": package.upper_organisation.name,
            "round": str(package.round),
            "state": package.get_status_display(),
            "note": note,
        },
        url=reverse("awards:package_detail", args=[package.pk]),
    )


def _upper_users(package):
    return _users_with((Role.OFFICE, Role.LEADER), package.upper_organisation)


def _lower_users(package):
    return _users_with((Role.OFFICE, Role.LEADER), package.lower_organisation)


def _move(package, name, *, by, note="", **kwargs):
    return workflow.transition(package, PACKAGE_TRANSITIONS, name, by=by, note=note, **kwargs)


@transaction.atomic
def package_forward(*, award_round: AwardRound, by, note: str = "") -> ForwardedPackage:
    """Send the finalised round's proposals above its authority to the upper level."""
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    if by is not None and not access.has_role(
        by, *access.MANAGING_ROLES, unit=award_round.campaign.issuing_unit
    ):
        raise WorkflowError(phrases.NOT_ALLOWED)
    if award_round.status != RoundStatus.FINALISED:
        raise WorkflowError(_("Finalise the round before forwarding its proposals."))
    lower, upper = upper_organisation_of(award_round)
    if upper is None:
        raise WorkflowError(_("This organisation names no organisation of the level above."))
    if ForwardedPackage.objects.filter(round=award_round).exists():
        raise WorkflowError(_("The proposals of this round have already been forwarded."))
    proposals = forwardable_proposals(award_round)
    if not proposals:
        raise WorkflowError(
            _("The round has no approved proposal above the organisation's own authority.")
        )
    package = ForwardedPackage.objects.create(
        round=award_round,
        lower_organisation=lower,
        upper_organisation=upper,
        sent_at=timezone.now(),
        sent_by=by,
    )
    package.proposals.set(proposals)
    package_documents_store(package)
    package = _move(
        package,
        "forward",
        by=by,
        note=note,
        created=True,
        changes={"proposals": [p.pk for p in proposals]},
    )
    _notify(package, _upper_users(package), note)
    return package


def package_check(*, package, by) -> ForwardedPackage:
    package = _move(package, "check", by=by)
    _notify(package, _lower_users(package))
    return package


def package_return(*, package, by, reasons: str) -> ForwardedPackage:
    reasons = reasons.strip()

    def prepare(locked):
        if not reasons:
            raise WorkflowError(_("Write the reasons for returning the package."))
        locked.return_reasons = reasons

    package = _move(
        package, "return", by=by, note=reasons, prepare=prepare, fields=["return_reasons"]
    )
    _notify(package, _lower_users(package), reasons)
    return package


def package_resend(*, package, by, note: str = "") -> ForwardedPackage:
    """The lower office sends the corrected package again: the round's proposals above its
    authority as they now stand, with what was corrected."""

    def prepare(locked):
        if not note.strip():
            raise WorkflowError(_("Say what was corrected before sending the package again."))
        proposals = forwardable_proposals(locked.round)
        if not proposals:
            raise WorkflowError(
                _("The round has no approved proposal above the organisation's own authority.")
            )
        locked.proposals.set(proposals)
        locked.times_sent += 1
        locked.sent_at = timezone.now()
        locked.sent_by = by

    package = _move(
        package,
        "resend",
        by=by,
        note=note.strip(),
        prepare=prepare,
        fields=["times_sent", "sent_at", "sent_by"],
        related=("round", "round__campaign__issuing_unit"),
    )
    package_documents_store(package)
    _notify(package, _upper_users(package), note)
    return package


def package_accept(*, package, by, note: str = "") -> ForwardedPackage:
    package = _move(package, "accept", by=by, note=note.strip())
    _notify(package, _lower_users(package), note)
    return package


def package_to_council(*, package, by, upper_round: AwardRound) -> ForwardedPackage:
    """The upper office takes the accepted package to the council of one of its own rounds."""

    def prepare(locked):
        if upper_round is None or not upper_rounds_for(locked).filter(pk=upper_round.pk).exists():
            raise WorkflowError(_("Choose a round of the upper organisation's own campaigns."))
        locked.upper_round = upper_round
        return str(upper_round)

    package = _move(
        package,
        "council",
        by=by,
        prepare=prepare,
        fields=["upper_round"],
        changes={"upper_round": upper_round.pk if upper_round else None},
    )
    _notify(package, _lower_users(package))
    return package


def _record_title(proposal: AwardProposal, decision: dict) -> None:
    """An emulation title decided above lands in the nominee's yearly record."""
    title = proposal.award_form.title
    if not title:
        return
    subject = (
        {"person": proposal.nominee_person}
        if proposal.nominee_kind == NomineeKind.INDIVIDUAL
        else {"unit": proposal.nominee_unit}
    )
    record, _created = EmulationRecord.objects.get_or_create(**subject, year=proposal.round.year)
    RecordTitle.objects.get_or_create(
        record=record,
        title=title,
        defaults={
            "decision_number": decision["decision_number"],
            "decision_date": decision["decision_date"],
            "issuer": decision["decision_authority"],
        },
    )


def _setting(values: dict):
    """A `prepare` for portal.workflow that sets `values` on the locked record."""

    def prepare(locked):
        for key, value in values.items():
            setattr(locked, key, value)

    return prepare


def package_decide(
    *,
    package,
    by,
    number: str,
    date: datetime.date | None,
    authority: str = "",
    signer_name: str = "",
) -> ForwardedPackage:
    """The upper level's decision: given to each forwarded proposal still approved (each
    move recorded on the proposal), then recorded on the package."""
    number = " ".join((number or "").split())
    signer_name = " ".join((signer_name or "").split())
    with transaction.atomic():
        package = workflow.lock(package, "lower_organisation", "upper_organisation")
        workflow.check(PACKAGE_TRANSITIONS, PACKAGE_TRANSITIONS["decide"], by=by, record=package)
        if not number:
            raise WorkflowError(_("Enter the decision number."))
        if date is None:
            raise WorkflowError(_("Enter the decision date."))
        decision = {
            "decision_number": number,
            "decision_date": date,
            "decision_authority": authority.strip()
            or routing.province_chair(package.lower_organisation),
            "decision_signer_name": signer_name,
        }
        note = _("Decision of %(upper)s, forwarded package of %(lower)s") % {
            "upper": package.upper_organisation.name,
            "lower": package.lower_organisation.name,
        }
        changes = {"decision_number": number, "decision_date": str(date)}
        carried = list(package.proposals.filter(status=ProposalStatus.APPROVED).order_by("id"))
        if package.upper_round_id:
            # Taken to the council: the decision goes to the proposals its vote carried.
            refusals = {
                p.pk: council_vote_refusal(p, package.upper_round)
                for p in package.proposals.filter(pk__in=[p.pk for p in carried]).select_related(
                    "award_form"
                )
            }
            left = [p for p in carried if refusals[p.pk]]
            carried = [p for p in carried if not refusals[p.pk]]
            if not carried:
                raise WorkflowError(
                    _("The council's vote carried none of the forwarded proposals: %(why)s")
                    % {"why": "; ".join(f"{p.nominee_name}: {refusals[p.pk]}" for p in left)}
                )
            if left:
                changes["not_carried"] = [p.nominee_name for p in left]
        for proposal in carried:
            proposal = workflow.transition(
                proposal,
                PROPOSAL_TRANSITIONS,
                "upper_decision",
                by=by,
                note=note,
                prepare=_setting(decision),
                fields=list(decision),
                changes=changes,
                related=("round", "award_form"),
            )
            _record_title(proposal, decision)
            _notify_state(proposal, _unit_people(proposal))

        package = _move(
            package,
            "decide",
            by=by,
            prepare=_setting(decision),
            fields=list(decision),
            changes=changes,
            locked=True,
        )
        _notify(package, _lower_users(package))
    return package


def can_act(user, package, name: str) -> bool:
    """Whether `user` may make the package move `name` now (for the pages)."""
    return PACKAGE_TRANSITIONS.can(name, user, package)
