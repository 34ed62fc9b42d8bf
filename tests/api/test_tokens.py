"""Tokens: created and revoked by their owner on the account's page, or for a service
account by an administrator; each creation and revocation recorded."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from api.models import ApiToken, TokenKind
from api.tokens import token_create, token_revoke
from portal.models import HistoryEntry
from portal.workflow import WorkflowError
from tests.factories import RoleAssignmentFactory, UserFactory
from units.models import Role


def _history(token):
    return list(
        HistoryEntry.objects.filter(object_id=token.pk, content_type__model="apitoken")
        .order_by("id")
        .values_list("action", "actor__username")
    )


def test_the_page_shows_the_secret_once_and_records_it(login, users):
    client = login(users["staff_a"])
    response = client.post("/account/api-tokens/", {"name": "Bảng tính của trường"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=users["staff_a"])
    secret = response.context["secret"]
    assert secret.startswith(token.prefix)
    assert secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert _history(token) == [("created", "staff_a")]
    # Never again: the list shows only the beginning.
    page = client.get("/account/api-tokens/").content.decode()
    assert secret not in page
    assert token.prefix in page
    # And it works.
    api = client.get("/api/v1/campaigns", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200


def test_the_page_refuses_a_past_expiry(login, users):
    client = login(users["staff_a"])
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post("/account/api-tokens/", {"name": "Cũ", "expires_on": yesterday})
    assert "Ngày hết hạn phải ở tương lai." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_on_the_page(login, users):
    token, secret = token_create(user=users["staff_a"], by=users["staff_a"], name="Thử")
    assert (
        login(users["staff_b"]).post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    )
    client = login(users["staff_a"])
    response = client.post(f"/account/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _history(token) == [("created", "staff_a"), ("revoked", "staff_a")]
    api = client.get("/api/v1/campaigns", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 401


def test_nobody_creates_a_personal_token_for_someone_else(users):
    with pytest.raises(WorkflowError):
        token_create(user=users["staff_a"], by=users["admin"], name="Hộ")
    assert not ApiToken.objects.exists()


@pytest.fixture
def service_account(org):
    """The account of the national database export: a leader's read scope over the Sở."""
    account = UserFactory(username="ketnoi-csdl", person__unit=org["office"])
    RoleAssignmentFactory(user=account, role=Role.LEADER, unit=org["department"])
    return account


def test_an_administrator_creates_an_integration_token(users, service_account):
    out = io.StringIO()
    call_command("api_token", user="ketnoi-csdl", name="CSDL quốc gia", by="admin", stdout=out)
    token = ApiToken.objects.get(user=service_account)
    assert token.kind == TokenKind.INTEGRATION
    assert token.created_by == users["admin"]
    assert _history(token) == [("created", "admin")]
    secret = out.getvalue().split(": ", 1)[1].split()[0]
    assert secret.startswith(token.prefix)
    token_revoke(token=token, by=users["admin"])
    assert _history(token) == [("created", "admin"), ("revoked", "admin")]


@pytest.mark.parametrize("actor", ["office", "leader", "staff_a", "outsider"])
def test_only_an_administrator_creates_integration_tokens(users, service_account, actor):
    with pytest.raises(CommandError):
        call_command("api_token", user="ketnoi-csdl", name="CSDL", by=actor, stdout=io.StringIO())
    assert not ApiToken.objects.exists()
