"""Award evidence files are stored under generated names and served by their checked type."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services
from awards.models import ProposalEvidence
from tests.awards.helpers import propose

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\0" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<html><script>alert(1)</script></html>"


def add_file(proposal, users, name, content):
    return services.proposal_update(
        proposal=proposal, by=users["staff_a"], files=[(SimpleUploadedFile(name, content), "")]
    )


def test_a_png_named_html_is_stored_and_served_as_png(award, users, login):
    proposal = propose(award, users)
    add_file(proposal, users, "anh.html", PNG)
    evidence = ProposalEvidence.objects.get(kind="file")
    assert re.fullmatch(r"awards/evidence/\d{4}/[0-9a-f]{32}\.png", evidence.file.name)
    assert (evidence.original_name, evidence.content_type) == ("anh.html", "image/png")
    url = reverse("awards:evidence_file", args=[proposal.pk, evidence.pk])
    response = login(users["staff_a"]).get(url)
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="anh.png"'


@pytest.mark.parametrize("content", [HTML, PDF + b"PK\x01\x02 central PK\x05\x06 end"])
def test_the_service_refuses_what_is_not_evidence(award, users, content):
    proposal = propose(award, users)
    with pytest.raises(ValidationError):
        add_file(proposal, users, "bang-khen.pdf", content)
    assert not ProposalEvidence.objects.filter(kind="file").exists()


def test_an_old_html_file_is_never_served_as_html(award, users, login):
    """A file stored before names were generated, named by the data migration."""
    proposal = propose(award, users)
    evidence = ProposalEvidence.objects.create(proposal=proposal, kind="file")
    evidence.file.name = default_storage.save("awards/evidence/2025/01/anh.html", ContentFile(HTML))
    evidence.save()
    migration = importlib.import_module("awards.migrations.0005_evidence_generated_name_and_type")
    migration.name_existing_files(django_apps, None)
    evidence.refresh_from_db()
    assert evidence.original_name == "anh.html"
    url = reverse("awards:evidence_file", args=[proposal.pk, evidence.pk])
    response = login(users["staff_a"]).get(url)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="anh"'
