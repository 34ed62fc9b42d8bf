"""Signers of an organisation's documents, managed in the browser by its office."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from units.models import Signer, SignerAuthority

pytestmark = pytest.mark.django_db

DEPUTY = {
    "authority": SignerAuthority.DEPUTY,
    "authority_of": "Giám đốc",
    "title": "Phó Giám đốc",
    "full_name": "Trần Thị Mai Anh",
}


def test_the_office_adds_a_signer_shown_with_its_authority(client, org, users):
    client.force_login(users["office"])

    response = client.post(reverse("units:signers", args=[org["department"].pk]), DEPUTY)

    assert response.status_code == 302
    signer = Signer.objects.get(organisation=org["department"])
    assert (signer.authority_line, signer.title, signer.full_name) == (
        "KT. GIÁM ĐỐC",
        "Phó Giám đốc",
        "Trần Thị Mai Anh",
    )
    page = client.get(reverse("units:signers", args=[org["department"].pk])).content.decode()
    assert "KT. GIÁM ĐỐC" in page


def test_an_authority_without_on_whose_behalf_is_refused(client, org, users):
    client.force_login(users["office"])

    response = client.post(
        reverse("units:signers", args=[org["department"].pk]), {**DEPUTY, "authority_of": ""}
    )

    assert not Signer.objects.exists()
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]


@pytest.mark.parametrize("name", ["staff_a", "leader", "outsider"])
def test_others_do_not_reach_the_signers(client, org, users, name):
    signer = Signer.objects.create(organisation=org["department"], **DEPUTY)
    client.force_login(users[name])

    page = client.get(reverse("units:signers", args=[org["department"].pk]))
    removal = client.post(reverse("units:signer_remove", args=[signer.pk]))

    assert (page.status_code, removal.status_code) == (404, 404)
    signer.refresh_from_db()
    assert signer.active


def test_the_office_removes_a_signer(client, org, users):
    signer = Signer.objects.create(organisation=org["department"], **DEPUTY)
    client.force_login(users["office"])

    client.post(reverse("units:signer_remove", args=[signer.pk]))

    signer.refresh_from_db()
    assert not signer.active
