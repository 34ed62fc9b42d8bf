import datetime
import io
from html.parser import HTMLParser

from campaigns.models import AwardForm, AwardQuota, Campaign, Criterion, Phase, Theme
from devtools.demo import campaigns as demo
from portal.models import HistoryEntry


def _seed_twice():
    out = io.StringIO()
    demo.seed(out)
    demo.seed(out)
    return out.getvalue()


def test_seed_twice_loads_the_five_plans_once(demo_units):
    output = _seed_twice()
    assert Campaign.objects.count() == 5
    assert Theme.objects.count() == 2 + 7 + 7 + 0 + 4
    assert Phase.objects.count() == 3 + 3 + 3 + 1 + 1
    assert HistoryEntry.objects.filter(action="created").count() == 5
    assert "campaigns: 5 created, 5 in all" in output
    assert "campaigns: 0 created, 5 in all" in output


def test_seed_hai_phong_facts(demo_units):
    _seed_twice()
    hp = Campaign.objects.get(document_number="1536/KH-SGDĐT")
    assert hp.document_date == datetime.date(2024, 12, 2)
    assert hp.issuing_unit.code == "HP-SGD"
    assert hp.managing_unit.code == "HP-VP"
    assert [u.code for u in hp.participants.all()] == ["HP-SGD"]
    assert (hp.start_year, hp.end_year) == (2024, 2030)
    assert hp.basis_text.startswith("Kế hoạch số 206/KH-UBND ngày 27/8/2024")
    assert [(p.kind, p.start_date) for p in hp.phases.all()] == [
        ("launch", datetime.date(2024, 12, 2)),
        ("interim", datetime.date(2027, 5, 18)),
        ("final", datetime.date(2030, 1, 1)),
    ]
    ratio = hp.criteria.get(kind=Criterion.Kind.INITIATIVE_RATIO)
    assert (ratio.percent, ratio.level, ratio.applies_to) == (10, "base", "collective")
    research = hp.criteria.get(kind=Criterion.Kind.INDIVIDUAL_RESEARCH)
    initiatives = hp.criteria.get(kind=Criterion.Kind.INDIVIDUAL_INITIATIVES)
    assert (research.percent, research.level, research.min_rating) == (40, "province", "passed")
    assert research.group == initiatives.group == 1
    # KH 1536/KH-SGDĐT mục IV: the city's Bằng khen at sơ kết and tổng kết only.
    assert {f.name: f.round_kinds for f in hp.award_forms.filter(kind="award")} == {
        "Khen thưởng hằng năm theo thẩm quyền của cơ quan, đơn vị": ["yearly"],
        "Huân chương Lao động": ["final"],
        "Bằng khen của Thủ tướng Chính phủ": ["interim"],
        "Bằng khen của Chủ tịch UBND thành phố": ["interim", "final"],
    }
    awards = hp.award_forms.filter(kind="award")
    assert all(f.rounds_source.startswith("KH 1536/KH-SGDĐT") for f in awards)
    votes = {
        f.name: (f.vote_threshold, f.secret_ballot) for f in hp.award_forms.filter(kind="title")
    }
    assert votes == {"Chiến sĩ thi đua cơ sở": (80, True), "Chiến sĩ thi đua thành phố": (90, True)}
    assert [(r.name, r.max_points) for r in hp.rubric.all()] == [
        ("Tính mới", 30),
        ("Khả năng áp dụng", 30),
        ("Hiệu quả", 40),
    ]
    assert hp.recognition_threshold == 70
    assert (hp.report_deadline_day, hp.report_deadline_month) == (15, 12)


def test_seed_hung_yen_quotas(demo_units):
    _seed_twice()
    plan_2024 = Campaign.objects.get(issuing_unit__code="HY-SKHCN", start_year=2024)
    quotas = {
        (q.award_form.name, q.applies_to): (q.minimum, q.maximum)
        for q in AwardQuota.objects.filter(award_form__campaign=plan_2024).select_related(
            "award_form"
        )
    }
    assert quotas == {
        ("Bằng khen của Chủ tịch UBND tỉnh", "combined"): (None, 10),
        ("Giấy khen của Giám đốc Sở KH&CN", "collective"): (None, 5),
        ("Giấy khen của Giám đốc Sở KH&CN", "individual"): (None, 10),
    }
    assert plan_2024.themes.count() == 4
    assert plan_2024.phases.count() == 1
    conference_plan = Campaign.objects.get(document_number="29/KH-SKHCN")
    assert conference_plan.document_date == datetime.date(2025, 3, 1)
    phase = conference_plan.phases.get()
    assert (phase.kind, phase.conference_delegates) == ("final", 60)
    assert phase.conference_programme.count("\n") == 6
    assert sorted(
        (q.award_form.name, q.applies_to, q.minimum, q.maximum)
        for q in AwardQuota.objects.filter(award_form__campaign=conference_plan)
    ) == [
        ("Bằng khen của Chủ tịch UBND tỉnh", "collective", 5, 10),
        ("Bằng khen của Chủ tịch UBND tỉnh", "individual", 5, 10),
        ("Giấy khen của Giám đốc Sở", "collective", 5, 10),
        ("Giấy khen của Giám đốc Sở", "individual", 5, 10),
    ]


def test_seed_ha_noi_and_tu_ky(demo_units):
    _seed_twice()
    hn = Campaign.objects.get(document_number="4400/KH-SGDĐT")
    assert hn.document_date == datetime.date(2025, 10, 27)
    assert list(hn.award_forms.filter(kind="award").values_list("name", flat=True)) == [
        "Huân chương Lao động",
        "Cờ thi đua của Chính phủ",
        "Bằng khen của Thủ tướng Chính phủ",
        "Bằng khen của Chủ tịch UBND Thành phố",
        "Cờ thi đua UBND Thành phố",
        "Giấy khen của Giám đốc Sở GDĐT",
    ]
    assert hn.award_forms.get(name="Cờ thi đua UBND Thành phố").vote_threshold == 80
    assert (
        hn.criteria.filter(kind=Criterion.Kind.DIGITAL_SKILLS, applies_to="individual").count() == 1
    )
    tk = Campaign.objects.get(issuing_unit__code="TK-UBND")
    assert tk.themes.count() == 7
    assert tk.managing_unit.code == "TK-VHXH"
    assert [p.start_date.year for p in tk.phases.all()] == [2025, 2027, 2030]
    assert list(
        AwardForm.objects.filter(campaign=tk).order_by("order", "id").values_list("name", flat=True)
    ) == ["Bằng khen của Chủ tịch UBND thành phố", "Giấy khen của Chủ tịch UBND xã"]


def test_seed_reports_missing_units(db):
    out = io.StringIO()
    demo.seed(out)
    assert Campaign.objects.count() == 0
    assert "units missing" in out.getvalue()
    assert "HP-SGD" in out.getvalue()


class _FormValues(HTMLParser):
    """The values a browser would submit for the first POST form of a page."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select = self._textarea = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.data.append((a["name"], a.get("value", "on")))
            elif a.get("type") != "submit":
                self.data.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def test_every_demo_plan_saves_back_unchanged_from_each_step_of_its_set_up(demo_units, client):
    from django.http import QueryDict
    from django.urls import reverse

    from tests.factories import RoleAssignmentFactory, UserFactory
    from units.models import Role, Unit

    _seed_twice()
    admin = UserFactory()
    for code in ("HP-SGD", "HN-SGD", "HY-SKHCN", "TK-UBND"):
        RoleAssignmentFactory(user=admin, role=Role.ADMIN, unit=Unit.objects.get(code=code))
    client.force_login(admin)
    steps = [("campaigns:edit", ())] + [
        ("campaigns:setup", (step,)) for step in ("phases", "awards", "criteria", "rubric")
    ]
    pages = [
        reverse(name, args=[campaign.pk, *extra])
        for campaign in Campaign.objects.all()
        for name, extra in steps
    ]
    for url in pages:
        campaign = Campaign.objects.get(pk=int(url.split("/")[2]))
        parser = _FormValues()
        parser.feed(client.get(url).content.decode())
        data = QueryDict(mutable=True)
        for name, value in parser.data:
            data.appendlist(name, value)
        # Every value of a multi-valued field (kinds of units ticked), not only the last.
        response = client.post(url, {name: data.getlist(name) for name in data})
        assert response.status_code == 302, (
            campaign.document_number,
            response.context and response.context["error_summary"],
        )
    # Nothing changed: no row was touched and no history was written.
    assert not HistoryEntry.objects.filter(action="updated").exists()
