"""The home page's panels of a user, kept in the cache until a row they read changes.

Each panel reads rows of a unit's subtree (reports, initiatives, proposals of the unit and
the units under it) or rows every user may meet (campaigns, cycles, rounds, roles). Each
unit path has a version, and so has "everywhere": a row of unit U moves the version of U
and of every unit above it (`units_changed` with U's ancestor paths); a row of the second
kind moves "everywhere" (`changed_everywhere`). A user's panels are kept under the versions
of "everywhere" and of each unit the user holds a role in (whose subtree the panels read),
with the day and the language, so any change they could show leads to a fresh page.

A version moves at once and again when the transaction commits: panels read in between
(from the data before the commit) are kept under a version the commit leaves behind. The
apps declare the models they show with `watch()` in their `AppConfig.ready`.
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

# Only bounds what a write that sends no signal (a queryset `update()`) could leave behind.
PANELS_TIMEOUT = 10 * 60
EVERYWHERE = "*"


def _version_key(scope: str) -> str:
    return f"home:version:{scope}"


def _bump(scopes: Iterable[str]) -> None:
    for scope in scopes:
        key = _version_key(scope)
        try:
            cache.incr(key)
        except ValueError:
            # A random start: a version lost from the cache never meets panels kept under it.
            cache.add(key, secrets.randbits(62), timeout=None)


def units_changed(paths: Iterable[str]) -> None:
    """Forget the panels of everyone holding a role in one of these unit paths (pass a
    row's unit and every unit above it)."""
    scopes = {path for path in paths if path}
    if not scopes:
        return
    _bump(scopes)
    transaction.on_commit(lambda: _bump(scopes))


def changed_everywhere() -> None:
    """Forget every user's panels (a change to campaigns, cycles, rounds, roles or units)."""
    _bump([EVERYWHERE])
    transaction.on_commit(lambda: _bump([EVERYWHERE]))


def panels_kept(*, user_id: int, paths: Iterable[str], build: Callable[[], list]) -> list:
    """`build()`, kept for the user under the versions of "everywhere" and of `paths` (the
    units the user holds a role in)."""
    keys = [_version_key(EVERYWHERE)] + [_version_key(p) for p in sorted(set(paths))]
    versions = cache.get_many(keys)
    missing = [key for key in keys if key not in versions]
    if missing:
        for key in missing:
            cache.add(key, secrets.randbits(62), timeout=None)
        versions.update(cache.get_many(missing))
    stamp = ":".join(str(versions.get(key)) for key in keys)
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:32]
    key = f"home:panels:{user_id}:{get_language()}:{timezone.localdate().isoformat()}:{digest}"
    panels = cache.get(key)
    if panels is None:
        panels = build()
        cache.set(key, panels, timeout=PANELS_TIMEOUT)
    return panels


def watch(model, paths: Callable | None = None) -> None:
    """Forget panels when a row of `model` is saved or deleted: those of the units
    `paths(row)` names (a list of unit paths with their ancestors), or everyone's when
    `paths` is None. Many-to-many changes of the model count as changes everywhere."""

    def changed(sender, instance, **kwargs):
        if paths is None:
            changed_everywhere()
        else:
            units_changed(paths(instance))

    uid = f"home-{model._meta.label}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    for field in model._meta.many_to_many:
        m2m_changed.connect(
            lambda **kwargs: changed_everywhere(),
            sender=field.remote_field.through,
            weak=False,
            dispatch_uid=f"{uid}-{field.name}",
        )
