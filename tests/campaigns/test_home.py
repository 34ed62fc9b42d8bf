from campaigns.home import panels


def test_unit_staff_sees_the_campaigns_their_unit_joins(users, campaign, other_campaign):
    [panel] = panels(users["staff_a"])
    assert panel["title"] == "Phong trào thi đua đơn vị đang tham gia"
    assert panel["count"] == 1
    [item] = panel["items"]
    assert item["label"] == "1536/KH-SGDĐT — Phát huy sáng kiến ngành Giáo dục"
    assert item["url"] == f"/campaigns/{campaign.pk}/"
    assert item["note"] in {"Phát động", "Sơ kết"}


def test_office_sees_the_campaigns_of_the_organisation(users, campaign, other_campaign):
    [panel] = panels(users["office"])
    assert panel["title"] == "Phong trào thi đua của cơ quan"
    assert [i["url"] for i in panel["items"]] == [f"/campaigns/{campaign.pk}/"]


def test_no_panel_without_a_role(db):
    from tests.factories import UserFactory

    assert panels(UserFactory()) == []


def test_home_page_shows_the_panel(users, login, campaign):
    html = login(users["staff_a"]).get("/").content.decode()
    assert "Phong trào thi đua đơn vị đang tham gia" in html
    assert "1536/KH-SGDĐT" in html
