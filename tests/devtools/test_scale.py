"""seed_scale makes consistent data in bulk; bench_initiatives runs on it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from campaigns.models import Level
from devtools.management.commands.seed_scale import scale_initiatives, scale_units
from initiatives.models import InitiativeAuthor, Recognition, Status
from portal.text import collation_key, fold
from units.models import Person, Role, RoleAssignment, Unit, path_segment

pytestmark = pytest.mark.django_db(transaction=False)


def seed(**options):
    out = StringIO()
    call_command("seed_scale", units=30, initiatives=200, batch=120, stdout=out, **options)
    return out.getvalue()


def test_seed_creates_the_expected_counts():
    output = seed()

    assert scale_units().count() == 30
    assert scale_initiatives().count() == 200
    assert Person.objects.filter(unit__code__startswith="SCALE-").count() > 30
    assert RoleAssignment.objects.filter(user__username="scale-office").get().role == Role.OFFICE
    assert "Wrote 200 initiatives" in output


def test_unit_paths_follow_the_save_rule_and_subtrees_work():
    seed()
    units = {unit.pk: unit for unit in scale_units()}

    for unit in units.values():
        parent_path = units[unit.parent_id].path if unit.parent_id else ""
        assert unit.path == parent_path + path_segment(unit.pk)
        assert unit.depth == unit.path.count("/") - 1
        assert unit.name_sort == collation_key(unit.name)[:600]
    roots = [unit for unit in units.values() if unit.parent_id is None]
    assert len(roots) == 3
    for root in roots:
        by_parents = {root.pk}
        changed = True
        while changed:
            before = len(by_parents)
            by_parents |= {u.pk for u in units.values() if u.parent_id in by_parents}
            changed = len(by_parents) != before
        subtree = set(Unit.objects.filter(path__startswith=root.path).values_list("pk", flat=True))
        assert subtree == by_parents
    assert sum(len(r.path) for r in roots) == 3 * 7


def test_authors_contribute_100_percent_to_each_initiative():
    seed()
    totals = (
        InitiativeAuthor.objects.filter(initiative__in=scale_initiatives())
        .values("initiative")
        .annotate(total=Sum("contribution"), n=Count("id"))
    )

    assert len(totals) == 200
    assert {row["total"] for row in totals} == {100}
    assert {row["n"] for row in totals} <= {1, 2, 3, 4}
    author = InitiativeAuthor.objects.filter(initiative__in=scale_initiatives()).first()
    assert author.name_folded == fold(author.full_name)


def test_recognitions_only_on_recognised_initiatives():
    seed()
    recognised = scale_initiatives().filter(status=Status.RECOGNISED)

    assert Recognition.objects.exclude(initiative__status=Status.RECOGNISED).count() == 0
    assert recognised.count() > 0
    assert Recognition.objects.filter(level=Level.BASE).count() == recognised.count()
    assert (
        Recognition.objects.filter(level=Level.NATIONAL).count()
        <= Recognition.objects.filter(level=Level.PROVINCE).count()
    )
    assert set(scale_initiatives().values_list("year", flat=True)) <= {2024, 2025, 2026}
    assert scale_initiatives().values("status").distinct().count() >= 5


def test_search_text_and_sort_key_are_filled_as_the_app_fills_them():
    seed()
    initiative = scale_initiatives().prefetch_related("authors").select_related("unit").first()
    names = " ".join(a.full_name for a in initiative.authors.all())

    assert initiative.search_text == fold(f"{initiative.title} {names} {initiative.unit.name}")
    assert initiative.title_sort == collation_key(initiative.title)[:600]


def test_seed_refuses_a_second_run_and_reset_replaces_the_data():
    seed()
    with pytest.raises(CommandError, match="already present"):
        seed()

    seed(reset=True)

    assert scale_units().count() == 30
    assert scale_initiatives().count() == 200


def test_remove_deletes_only_scale_data(org):
    seed()

    call_command("seed_scale", remove=True, stdout=StringIO())

    assert scale_units().count() == 0
    assert scale_initiatives().count() == 0
    assert Unit.objects.count() == 6


def test_bench_runs_every_scenario():
    seed()
    out = StringIO()

    call_command("bench_initiatives", runs=1, depths=[5], stdout=out)

    output = out.getvalue()
    for scenario in (
        "page 1 (newest first)",
        "filtered: campaign + status",
        "searched: “học bạ số”",
        "searched: “nguyễn văn”",
        "filtered + searched + by title",
    ):
        assert scenario in output
    # Every order at page 1, at the depth asked for and near the end.
    from initiatives.filters import SORTS

    for sort in SORTS:
        for where in ("page 1", "after 5", "near the end"):
            assert f"sort {sort}: {where}" in output
    assert "bare Django view" in output and "ratio" in output
