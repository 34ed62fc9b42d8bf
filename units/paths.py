"""Unit paths of a row, for what is kept per unit (the home page's panels)."""

from .models import PATH_STEP, Unit


def _above(path: str) -> list[str]:
    return [path[: i + PATH_STEP] for i in range(0, len(path), PATH_STEP)]


def related(instance, name: str):
    """The related object `name` of `instance` when already loaded, else its id."""
    field = instance._meta.get_field(name)
    if field.is_cached(instance):
        return getattr(instance, name)
    return getattr(instance, field.attname)


def paths_above(*units) -> set[str]:
    """The paths of these units (Unit objects or ids) and of every unit above them."""
    paths, ids = set(), []
    for unit in units:
        if isinstance(unit, Unit):
            paths.update(_above(unit.path))
        elif unit:
            ids.append(unit)
    if ids:
        for path in Unit.objects.filter(pk__in=ids).values_list("path", flat=True):
            paths.update(_above(path))
    return paths
