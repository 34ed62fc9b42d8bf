"""Blind review: nothing that tells who wrote an initiative reaches an assigned member.

The walk opens every page a council member can reach for the initiative (lists with each
filter, sort and search, the htmx partial, the export, the page itself, its attachment,
the home page, notifications and mail) and looks for the authors, the unit, the investor
and the names of the people in its history.
"""

import io

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from initiatives import services
from initiatives.models import Attachment
from tests.initiatives.factories import AuthorFactory, InitiativeFactory

AUTHORS = ("Nguyễn Văn Bí Mật", "Trần Thị Kín Đáo")
INVESTOR = "Công ty Cổ phần Ẩn Danh Hải Phòng"
UNIT = "Trường THPT An Lão"
TITLE = "Sổ điểm điện tử cho tổ chuyên môn"


@pytest.fixture
def blind(campaign, org, users, council_members, django_capture_on_commit_callbacks):
    campaign.blind_review = True
    campaign.save()
    staff, office = users["staff_a"], users["office"]
    staff.person.full_name = "Đỗ Minh Nộp"
    staff.person.save()
    office.person.full_name = "Vũ Thị Văn Phòng"
    office.person.save()
    initiative = InitiativeFactory(
        campaign=campaign,
        unit=org["school_a"],
        created_by=staff,
        title=TITLE,
        investor=INVESTOR,
        first_appliers=f"{AUTHORS[0]} và tổ Toán – Tin",
    )
    for index, name in enumerate(AUTHORS):
        AuthorFactory(initiative=initiative, full_name=name, contribution=50, order=index)
    attachment = Attachment(
        initiative=initiative,
        original_name=f"Thuyết minh - {AUTHORS[0]}.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=staff,
    )
    attachment.file.save("x.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_submit(initiative=initiative, by=staff)
        services.initiative_send_to_council(initiative=initiative, by=office)
        services.council_assign(initiative=initiative, members=council_members, by=office)
        rubric = list(campaign.rubric.all())
        services.initiative_score(
            initiative=initiative,
            by=council_members[1],
            scores={c.pk: (p, "") for c, p in zip(rubric, (35, 25, 20), strict=True)},
        )
    initiative.refresh_from_db()
    return initiative, attachment


def forbidden(users, council_members):
    return [
        *AUTHORS,
        INVESTOR,
        UNIT,
        users["staff_a"].display_name,
        users["office"].display_name,
        council_members[1].display_name,  # the other member, named in the history
        "Tổng 80 điểm",  # the other member's total, before this member has scored
    ]


def assert_clean(text, words, where):
    leaked = [w for w in words if w in text]
    assert leaked == [], f"{where} shows {leaked}"


def test_member_sees_no_identity_on_any_page(login, blind, users, council_members, job_file):
    initiative, attachment = blind
    member = council_members[0]
    words = forbidden(users, council_members)
    client = login(member)
    lists = reverse("initiatives:list")
    pages = {
        "home": reverse("home"),
        "notifications": reverse("notifications"),
        "detail": reverse("initiatives:detail", args=[initiative.pk]),
        "list": lists,
        "assigned": f"{lists}?scope=assigned",
        "sorted": f"{lists}?scope=assigned&sort=title",
        "search by title": f"{lists}?q=điểm điện tử",
        "campaign": reverse("campaigns:detail", args=[initiative.campaign_id]),
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert_clean(response.content.decode(), words, where)
    # The pages that hold the initiative show it (so the walk above did look at it).
    assert TITLE in client.get(pages["detail"]).content.decode()
    assert TITLE in client.get(pages["assigned"]).content.decode()
    assert TITLE in client.get(pages["search by title"]).content.decode()
    partial = client.get(pages["assigned"], headers={"HX-Request": "true"}).content.decode()
    assert TITLE in partial
    assert_clean(partial, words, "htmx rows")

    export = job_file(client, reverse("initiatives:export") + "?scope=assigned")
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    cells = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert TITLE in cells
    assert_clean(cells, words, "export")

    download = client.get(reverse("initiatives:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    disposition = download.headers["Content-Disposition"]
    assert "T%E1%BB%87p%20%C4%91%C3%ADnh%20k%C3%A8m%201.pdf" in disposition
    assert "Bi" not in disposition and "Nguy" not in disposition

    for where, url in {
        "compare": reverse("initiatives:compare", args=[initiative.pk, initiative.pk]),
        "council scores": reverse("initiatives:council_scores", args=[initiative.campaign_id]),
    }.items():
        assert client.get(url).status_code == 404, where

    member_mail = [m for m in mail.outbox if member.email in m.to]
    assert member_mail, "the member was told of the assignment"
    for message in member_mail:
        assert_clean(f"{message.subject}\n{message.body}", words, "mail")


@pytest.mark.parametrize(
    "query",
    [
        f"author={AUTHORS[0]}",
        "author=Bi Mat",
        "unit=THA",
        f"q={AUTHORS[1]}",
        "q=an lao",
        f"q={INVESTOR}",
    ],
)
def test_filters_do_not_narrow_by_hidden_fields(login, blind, council_members, query):
    """Filtering by the true author or unit gives the same answer as by any other value."""
    client = login(council_members[0])
    url = reverse("initiatives:list") + "?scope=assigned&"
    true_answer = client.get(url + query).content.decode()
    other_answer = client.get(url + query.split("=")[0] + "=Zzz Khác").content.decode()
    assert TITLE not in true_answer
    assert TITLE not in other_answer


def test_the_office_still_filters_by_author(login, blind, users):
    page = login(users["office"]).get(reverse("initiatives:list") + "?author=Bi Mat")
    assert TITLE in page.content.decode()


def test_member_reads_others_totals_once_own_scores_are_in(login, blind, council_members):
    """Outside blind review the history names who scored; a member still reads another's
    total only after scoring."""
    initiative, _attachment = blind
    initiative.campaign.blind_review = False
    initiative.campaign.save()
    client = login(council_members[0])
    url = reverse("initiatives:detail", args=[initiative.pk])
    page = client.get(url).content.decode()
    assert council_members[1].display_name in page
    assert "Tổng 80 điểm" not in page
    rubric = list(initiative.campaign.rubric.all())
    services.initiative_score(
        initiative=initiative,
        by=council_members[0],
        scores={c.pk: (p, "") for c, p in zip(rubric, (30, 20, 20), strict=True)},
    )
    assert "Tổng 80 điểm" in client.get(url).content.decode()
