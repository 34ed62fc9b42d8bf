"""What the units pages show and what their forms do."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import CampaignFactory, PersonFactory, UnitFactory
from units.models import Person, Unit, UnitKind, User


def test_tree_shows_the_hierarchy_indented_by_depth(client, org, users):
    client.force_login(users["office"])
    page = client.get(reverse("units:tree")).content.decode()
    assert page.index("Sở Giáo dục và Đào tạo") < page.index("Trường THPT An Lão")
    assert page.index("Trường THPT An Lão") < page.index("Tổ Toán – Tin")
    assert page.index("Tổ Toán – Tin") < page.index("Trường THPT Bạch Đằng")
    assert '<td class="depth-2">' in page
    assert "Sở Khoa học và Công nghệ" not in page
    assert "5 đơn vị" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=an+lao", ["Trường THPT An Lão"]),
        ("q=BACH+DANG", ["Trường THPT Bạch Đằng"]),
        ("q=Đằng", ["Trường THPT Bạch Đằng"]),
        ("q=tha2", ["Tổ Toán – Tin"]),
        ("kind=upper_secondary", ["Trường THPT An Lão", "Trường THPT Bạch Đằng"]),
        ("active=false", ["Trường THCS Đã Giải Thể"]),
    ],
)
def test_tree_filters(client, org, users, query, expected):
    UnitFactory(name="Trường THCS Đã Giải Thể", parent=org["department"], active=False)
    client.force_login(users["office"])
    response = client.get(reverse("units:tree") + "?" + query)
    assert [u.name for u in response.context["page"]] == expected


def test_tree_paginates(client, org, users):
    for i in range(60):
        UnitFactory(parent=org["school_b"], name=f"Lớp {i:02d}")
    client.force_login(users["office"])
    response = client.get(reverse("units:tree") + "?page=2")
    page = response.context["page"]
    assert (page.number, page.paginator.num_pages, len(page)) == (2, 2, 15)


def test_people_are_sorted_the_vietnamese_way_and_searched_without_accents(client, org, users):
    team = UnitFactory(code="THB-TO", parent=org["school_b"])
    for name in [
        "Trần Văn Đức",
        "Nguyễn Thị Ánh",
        "Lê Văn Bình",
        "Phạm Thị Ấn",
        "Vũ Thị Dung",
        "Hoàng Văn An",
    ]:
        PersonFactory(full_name=name, unit=team)
    client.force_login(users["office"])
    response = client.get(reverse("units:people") + "?unit=thb-to")
    assert [p.full_name for p in response.context["page"]] == [
        "Hoàng Văn An",
        "Nguyễn Thị Ánh",
        "Phạm Thị Ấn",
        "Lê Văn Bình",
        "Vũ Thị Dung",
        "Trần Văn Đức",
    ]
    response = client.get(reverse("units:people") + "?q=van+duc")
    assert [p.full_name for p in response.context["page"]] == ["Trần Văn Đức"]


def test_unit_staff_see_only_their_subtree_of_people(client, org, users):
    PersonFactory(full_name="Mạc Thị Loan", unit=org["school_b"])
    PersonFactory(full_name="Tạ Quang Long", unit=org["school_a_branch"])
    client.force_login(users["staff_a"])
    names = {p.full_name for p in client.get(reverse("units:people")).context["page"]}
    assert "Tạ Quang Long" in names
    assert "Mạc Thị Loan" not in names


def test_unit_detail_shows_children_people_and_campaigns(client, org, users):
    PersonFactory(full_name="Phan Thị Hằng", unit=org["school_a"])
    joined = CampaignFactory(title="Phong trào đổi mới sáng tạo", issuing_unit=org["department"])
    joined.participants.add(org["department"])
    CampaignFactory(title="Phong trào khác", issuing_unit=org["other"])
    client.force_login(users["staff_a"])
    page = client.get(reverse("units:detail", args=[org["school_a"].pk])).content.decode()
    assert "Tổ Toán – Tin" in page
    assert "Phan Thị Hằng" in page
    assert "Phong trào đổi mới sáng tạo" in page
    assert "Phong trào khác" not in page
    assert reverse("units:edit", args=[org["school_a"].pk]) not in page


def test_office_creates_a_unit_under_its_organisation(client, org, users):
    client.force_login(users["office"])
    response = client.post(
        reverse("units:create"),
        {"code": "THC", "name": "Trường THPT Cát Bi", "kind": UnitKind.UPPER_SECONDARY,
         "parent": org["department"].code, "headcount": 70, "active": "on"},
    )  # fmt: skip
    unit = Unit.objects.get(code="THC")
    assert response.status_code == 302
    assert response["Location"] == reverse("units:detail", args=[unit.pk])
    assert unit.path.startswith(org["department"].path)


def test_office_cannot_create_a_unit_in_another_organisation(client, org, users):
    client.force_login(users["office"])
    response = client.post(
        reverse("units:create"),
        {"code": "X", "name": "Trường X", "kind": UnitKind.UPPER_SECONDARY,
         "parent": org["other"].code, "headcount": 70},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Unit.objects.filter(code="X").exists()


def test_edit_moves_a_unit_with_its_subtree(client, org, users):
    client.force_login(users["office"])
    school = org["school_a"]
    response = client.post(
        reverse("units:edit", args=[school.pk]),
        {"code": "THA", "name": school.name, "kind": school.kind, "parent": org["office"].code,
         "headcount": 90, "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    branch = Unit.objects.get(code="THA2")
    assert branch.depth == 3
    assert branch.path.startswith(org["office"].path)


def test_edit_does_not_offer_the_units_own_subtree_as_parent(client, org, users):
    client.force_login(users["office"])
    response = client.get(reverse("units:edit", args=[org["school_a"].pk]))
    parents = list(
        response.context["form"].fields["parent"].queryset.values_list("code", flat=True)
    )
    assert parents == ["SGD", "VP", "THB"]


def test_office_creates_and_edits_a_person(client, org, users):
    client.force_login(users["office"])
    response = client.post(
        reverse("units:person_create"),
        {"full_name": "Đinh Thị Giang", "date_of_birth": "07/08/1992", "gender": "female",
         "position": "Giáo viên", "unit": org["school_b"].code, "active": "on"},
    )  # fmt: skip
    person = Person.objects.get(full_name="Đinh Thị Giang")
    assert response.status_code == 302
    assert person.date_of_birth == datetime.date(1992, 8, 7)
    client.post(
        reverse("units:person_edit", args=[person.pk]),
        {"full_name": "Đinh Thị Giang", "date_of_birth": "07/08/1992", "gender": "female",
         "position": "Tổ trưởng", "unit": org["school_b"].code, "active": "on"},
    )  # fmt: skip
    person.refresh_from_db()
    assert person.position == "Tổ trưởng"
    page = client.get(reverse("units:person", args=[person.pk])).content.decode()
    assert "Chức vụ: Giáo viên → Tổ trưởng" in page
    assert "sửa thông tin" in page


def test_office_creates_an_account_for_a_person(client, org, users):
    person = PersonFactory(full_name="Dương Văn Sơn", unit=org["school_b"])
    client.force_login(users["office"])
    response = client.post(
        reverse("units:account_create", args=[person.pk]),
        {"username": "sondv", "email": "son@example.vn", "password": "Thi-dua-Son-2025"},
    )
    account = User.objects.get(username="sondv")
    assert response.status_code == 302
    assert account.person == person
    assert account.check_password("Thi-dua-Son-2025")


def test_accounts_list_is_scoped(client, org, users):
    client.force_login(users["office"])
    names = {a.username for a in client.get(reverse("units:accounts")).context["page"]}
    assert names == {"staff_a", "head_a", "staff_b", "office", "leader", "admin", "council"}
    client.force_login(users["outsider"])
    names = {a.username for a in client.get(reverse("units:accounts")).context["page"]}
    assert names == {"outsider"}


def test_the_unit_picker_suggests_units_in_scope(client, org, users):
    client.force_login(users["office"])
    page = client.get(reverse("units:pick"), {"scope": "manage", "parent": "an lao"})
    assert page.content.decode().strip() == '<option value="THA">Trường THPT An Lão</option>'
    page = client.get(reverse("units:pick"), {"scope": "manage", "unit": "SKHCN"})
    assert page.content.decode().strip() == ""
    client.force_login(users["staff_a"])
    page = client.get(reverse("units:pick"), {"unit": "t"}).content.decode()
    assert page.count("<option") == 2


def test_the_edit_form_shows_the_parent_code_and_refuses_an_unknown_one(client, org, users):
    client.force_login(users["office"])
    url = reverse("units:edit", args=[org["school_a"].pk])
    page = client.get(url).content.decode()
    assert 'name="parent" value="SGD"' in page
    assert 'hx-get="/units/pick/?scope=manage"' in page
    response = client.post(
        url,
        {"code": "THA", "name": "Trường THPT An Lão", "kind": UnitKind.UPPER_SECONDARY,
         "parent": "THA2", "headcount": 90, "active": "on"},
    )  # fmt: skip
    assert "Không chọn được đơn vị có mã “THA2” ở đây." in response.content.decode()
    assert Unit.objects.get(code="THA").parent == org["department"]
