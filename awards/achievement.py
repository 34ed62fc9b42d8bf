"""The báo cáo thành tích (achievement report) of one nominee, as the award dossier prints it.

Nghị định 152/2025/NĐ-CP (annex) gives the forms: one for a collective, one for an
individual and one for thi đua theo chuyên đề. The text of that annex could not be read here;
the sections, the tables of awards received and the signature blocks follow the forms it
carried over from Nghị định 91/2017/NĐ-CP and 98/2023/NĐ-CP (Mẫu số 01 collective, Mẫu số 02
individual, the form for "khen thưởng theo đợt thi đua hoặc theo chuyên đề"), as named in
``FORM_SOURCES``. Check them against the official annex before relying on them.

Section III ("Các hình thức đã được khen thưởng") is two tables built from recorded data: the
emulation titles of the yearly emulation records (awards/records.py) and the awards decided
by the portal (AwardProposal.decision_number / decision_date / decision_authority), each with
its year, its decision number and date and the body that issued it.
"""

import datetime
from dataclasses import dataclass

from django.utils import translation

from campaigns.models import AwardForm, Campaign

from .models import AwardProposal, NomineeKind
from .records import RecordTitle
from .rules import AWARDED_STATES

COLLECTIVE = "collective"
INDIVIDUAL = "individual"
THEMATIC = "thematic"

TEMPLATES = {
    COLLECTIVE: "awards/documents/achievement_collective.html",
    INDIVIDUAL: "awards/documents/achievement_individual.html",
    THEMATIC: "awards/documents/achievement_thematic.html",
}
# Where each layout comes from (see the module docstring: the 2025 annex was not read).
FORM_SOURCES = {
    COLLECTIVE: "NĐ 152/2025/NĐ-CP, Phụ lục (mẫu báo cáo thành tích của tập thể); theo "
    "Mẫu số 01 NĐ 91/2017/NĐ-CP, NĐ 98/2023/NĐ-CP",
    INDIVIDUAL: "NĐ 152/2025/NĐ-CP, Phụ lục (mẫu báo cáo thành tích của cá nhân); theo "
    "Mẫu số 02 NĐ 91/2017/NĐ-CP, NĐ 98/2023/NĐ-CP",
    THEMATIC: "NĐ 152/2025/NĐ-CP, Phụ lục (mẫu báo cáo thành tích thi đua theo chuyên đề); "
    "theo Mẫu số 07 NĐ 91/2017/NĐ-CP",
}


def report_variant(proposal: AwardProposal, campaign: Campaign) -> str:
    """A thematic campaign's nominees report on the chuyên đề form; a regular campaign's on
    the collective or the individual form."""
    if campaign.kind == Campaign.Kind.THEMATIC:
        return THEMATIC
    return COLLECTIVE if proposal.nominee_kind == NomineeKind.COLLECTIVE else INDIVIDUAL


@dataclass(frozen=True)
class AwardReceived:
    """One row of the tables in section III."""

    year: int
    name: str
    decision_number: str
    decision_date: datetime.date | None
    issuer: str

    @property
    def decision(self) -> str:
        """ "Quyết định số 123/QĐ-SGDĐT ngày 05/01/2025 của Giám đốc Sở …"."""
        words = f"Quyết định số {self.decision_number}"
        if self.decision_date:
            words += f" ngày {self.decision_date:%d/%m/%Y}"
        if self.issuer:
            words += f" của {self.issuer}"
        return words


def _subject(proposal: AwardProposal) -> dict:
    if proposal.nominee_kind == NomineeKind.COLLECTIVE:
        return {"unit": proposal.nominee_unit}
    return {"person": proposal.nominee_person}


def _vietnamese(label) -> str:
    """A choice label as the document prints it, whatever the reader's language."""
    with translation.override("vi"):
        return str(label())


def titles_received(proposal: AwardProposal) -> list[AwardReceived]:
    """Emulation titles (danh hiệu thi đua) of the nominee, from the yearly records and from
    the title-kind awards the portal decided, oldest first."""
    subject = _subject(proposal)
    filters = {f"record__{key}": value for key, value in subject.items()}
    rows = [
        AwardReceived(
            year=t.record.year,
            name=_vietnamese(t.get_title_display),
            decision_number=t.decision_number,
            decision_date=t.decision_date,
            issuer=t.issuer,
        )
        for t in RecordTitle.objects.filter(**filters).select_related("record")
    ]
    rows += _decided(proposal, kind=AwardForm.Kind.TITLE)
    return _unique_sorted(rows)


def awards_received(proposal: AwardProposal) -> list[AwardReceived]:
    """Awards (hình thức khen thưởng) decided for the nominee before this proposal."""
    return _unique_sorted(_decided(proposal, kind=AwardForm.Kind.AWARD))


def _decided(proposal: AwardProposal, *, kind: str) -> list[AwardReceived]:
    subject = _subject(proposal)
    filters = {f"nominee_{key}": value for key, value in subject.items()}
    queryset = (
        AwardProposal.objects.filter(
            nominee_kind=proposal.nominee_kind,
            status__in=AWARDED_STATES,
            award_form__kind=kind,
            **filters,
        )
        .exclude(pk=proposal.pk)
        .exclude(decision_number="")
        .select_related("round", "award_form")
    )
    return [
        AwardReceived(
            year=p.decision_date.year if p.decision_date else p.round.year,
            name=p.award_form.name,
            decision_number=p.decision_number,
            decision_date=p.decision_date,
            issuer=p.decision_authority or p.award_form.authority,
        )
        for p in queryset
    ]


def _unique_sorted(rows: list[AwardReceived]) -> list[AwardReceived]:
    seen, unique = set(), []
    for row in rows:
        key = (row.name, row.decision_number.strip().casefold())
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return sorted(unique, key=lambda r: (r.year, r.decision_date or datetime.date.min, r.name))


def governing_body(unit) -> str:
    """The body above the reporting unit (ĐƠN VỊ CẤP TRÊN of the form's header)."""
    return unit.parent.name if unit.parent_id else ""


def report_context(proposal: AwardProposal, campaign: Campaign) -> dict:
    """What the báo cáo thành tích of ``proposal`` shows besides the dossier's data."""
    variant = report_variant(proposal, campaign)
    if proposal.nominee_kind == NomineeKind.COLLECTIVE:
        unit = proposal.nominee_unit
    else:
        unit = proposal.nominee_person.unit
    return {
        "report_variant": variant,
        "report_template": TEMPLATES[variant],
        "report_source": FORM_SOURCES[variant],
        "report_issuer": unit.name,
        "report_governing_body": governing_body(unit),
        "titles_received": titles_received(proposal),
        "awards_received": awards_received(proposal),
        "is_collective": proposal.nominee_kind == NomineeKind.COLLECTIVE,
        "campaign_plan": campaign.plan_reference(),
    }
