"""Issued award decisions and their recipients, in the shape the API documents (README,
"The API"): the export for the national commendation database."""

import datetime
import uuid
from collections import OrderedDict

from django.utils import timezone

from awards.certificates import authority_of, signer_name_of
from awards.models import AwardProposal, NomineeKind, ProposalStatus
from awards.selectors import proposals_visible_to

EXPORT_FORMAT = "cong-thi-dua/quyet-dinh-khen-thuong/1"
# Identifiers derived from this namespace stay the same from one export to the next.
NAMESPACE = uuid.UUID("6f1c8f43-3d0b-5a39-9a57-2f0d1c4e7b21")


def decided_visible_to(user, *, year: int | None = None, since: datetime.date | None = None):
    """Decided proposals (awards granted by a recorded decision) the user may see."""
    queryset = proposals_visible_to(user).filter(
        status=ProposalStatus.DECIDED, decision_date__isnull=False
    )
    if year is not None:
        queryset = queryset.filter(decision_date__year=year)
    if since is not None:
        start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
        queryset = queryset.filter(updated_at__gte=start)
    return queryset.select_related(
        "award_form",
        "round",
        "round__decision_signer",
        "round__campaign__issuing_unit",
        "nominee_unit__parent",
        "nominee_person__unit",
    ).order_by("decision_date", "decision_number", "id")


def _recipient(proposal: AwardProposal) -> dict:
    if proposal.nominee_kind == NomineeKind.INDIVIDUAL:
        person = proposal.nominee_person
        name, unit = person.full_name, person.unit.name
        birth_year = person.date_of_birth.year if person.date_of_birth else None
    else:
        unit_obj = proposal.nominee_unit
        name = unit_obj.name
        unit = unit_obj.parent.name if unit_obj.parent_id else None
        birth_year = None
    return {
        "id": str(uuid.uuid5(NAMESPACE, f"award:{proposal.pk}")),
        "kind": proposal.nominee_kind,
        "name": name,
        "unit": unit,
        "birth_year": birth_year,
        "award_form": proposal.award_form.name,
    }


def decisions_of(proposals) -> list[dict]:
    """Group decided proposals by decision: same authority, number and date."""
    decisions: OrderedDict[tuple, dict] = OrderedDict()
    for proposal in proposals:
        authority = authority_of(proposal)
        key = (authority, proposal.decision_number, proposal.decision_date)
        decision = decisions.get(key)
        if decision is None:
            decision = decisions[key] = {
                "id": str(uuid.uuid5(NAMESPACE, "|".join(str(part) for part in key))),
                "number": proposal.decision_number,
                "date": proposal.decision_date,
                "authority": authority,
                "signer": signer_name_of(proposal),
                "award_forms": [],
                "recipients": [],
            }
        if proposal.award_form.name not in decision["award_forms"]:
            decision["award_forms"].append(proposal.award_form.name)
        decision["recipients"].append(_recipient(proposal))
    return list(decisions.values())


def decisions_export(user, *, year=None, since=None) -> dict:
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now(),
        "year": year,
        "since": since,
        "decisions": decisions_of(decided_visible_to(user, year=year, since=since)),
    }
