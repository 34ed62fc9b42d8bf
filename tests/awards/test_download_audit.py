"""Evidence files and dossiers that leave the portal are recorded: who, when, what, from where."""

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services
from awards.dossier import KIND
from awards.models import (
    AwardProposal,
    AwardRound,
    NomineeKind,
    ProposalEvidence,
    ProposalStatus,
    RoundStatus,
)
from portal.models import DownloadRecord, GeneratedFile
from tests.awards.helpers import propose

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_evidence_download_is_recorded(award, users, login, org):
    proposal = propose(award, users)
    services.proposal_update(
        proposal=proposal,
        by=users["staff_a"],
        files=[(SimpleUploadedFile("Bằng khen.pdf", PDF), "")],
    )
    evidence = ProposalEvidence.objects.get(kind="file")
    url = reverse("awards:evidence_file", args=[proposal.pk, evidence.pk])
    assert login(users["office"]).get(url, REMOTE_ADDR="198.51.100.4").status_code == 200
    [row] = DownloadRecord.objects.all()
    assert (row.user, row.ip, row.kind, row.what, row.unit, row.subject) == (
        users["office"],
        "198.51.100.4",
        DownloadRecord.Kind.ATTACHMENT,
        "Bằng khen.pdf",
        org["school_a"],
        evidence,
    )


def test_an_evidence_download_refused_is_not_recorded(award, users, login):
    proposal = propose(award, users)
    evidence = ProposalEvidence.objects.create(
        proposal=proposal, kind="file", file=ContentFile(PDF, name="a.pdf")
    )
    url = reverse("awards:evidence_file", args=[proposal.pk, evidence.pk])
    assert login(users["outsider"]).get(url).status_code == 404
    assert not DownloadRecord.objects.exists()


def _finalised(award) -> AwardRound:
    award_round = award["round"]
    AwardRound.objects.filter(pk=award_round.pk).update(status=RoundStatus.FINALISED)
    award_round.refresh_from_db()
    return award_round


def test_a_dossier_download_is_recorded(award, users, login, org):
    award_round = _finalised(award)
    generated = GeneratedFile.objects.create(
        kind=KIND,
        content_type=ContentType.objects.get_for_model(AwardRound),
        object_id=award_round.pk,
        status=GeneratedFile.Status.DONE,
        filename="ho-so.pdf",
    )
    generated.file.save("ho-so.pdf", ContentFile(PDF))
    client = login(users["leader"])
    response = client.get(reverse("generated_file", args=[generated.pk]), {"download": "1"})
    assert response.status_code == 200
    client.get(reverse("generated_file", args=[generated.pk]))  # the status block: no download
    [row] = DownloadRecord.objects.all()
    assert (row.user, row.kind, row.what, row.unit, row.subject) == (
        users["leader"],
        DownloadRecord.Kind.DOSSIER,
        "ho-so.pdf",
        org["department"],
        award_round,
    )


def test_a_dossier_document_download_is_recorded(award, users, login, org):
    award_round = _finalised(award)
    AwardProposal.objects.create(
        round=award_round,
        award_form=award["form"],
        nominee_kind=NomineeKind.INDIVIDUAL,
        nominee_person=award["teacher"],
        proposing_unit=award["teacher"].unit,
        status=ProposalStatus.APPROVED,
    )
    url = reverse("awards:dossier_docx", args=[award_round.pk, 1, "danh-sach"])
    assert login(users["office"]).get(url).status_code == 200
    [row] = DownloadRecord.objects.all()
    assert (row.kind, row.unit, row.what.endswith(".docx")) == (
        DownloadRecord.Kind.DOSSIER,
        org["department"],
        True,
    )
