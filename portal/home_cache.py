"""The home page's panels of a user, kept in the cache until a row they read changes.

Each app's panels (a topic: "reports", "initiatives", "awards", "campaigns") read rows of a
unit's subtree (reports, initiatives, proposals of the unit and the units under it) or rows
every user may meet (campaigns, cycles, rounds, roles). Each topic has a version per unit
path, and there is one version for "everywhere": a row of unit U moves its topic's version
of U and of every unit above it (`units_changed` with U's ancestor paths); a row of the
second kind moves "everywhere" (`changed_everywhere`). A user's panels of a topic are kept
under the versions of "everywhere" and of the topic at each unit the user holds a role in
(whose subtree the panels read), with the day and the language, so any change they could
show leads to fresh panels, and a saved report leaves the other topics' panels kept.

A version moves at once and again when the transaction commits: panels read in between
(from the data before the commit) are kept under a version the commit leaves behind. The
apps declare the models they show with `watch()` in their `AppConfig.ready`.
"""

import hashlib
import logging
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

logger = logging.getLogger(__name__)


def _version_key(scope: str, topic: str = "") -> str:
    return f"home:version:{topic}:{scope}" if topic else f"home:version:{scope}"


def _bump(keys: Iterable[str]) -> None:
    try:
        for key in keys:
            try:
                cache.incr(key)
            except ValueError:
                # A random start: a version lost from the cache never meets panels kept
                # under it.
                cache.add(key, secrets.randbits(62), timeout=None)
    except Exception:  # the cache server is down: the change itself must still be saved
        logger.warning("home panels: cache unavailable, versions not moved", exc_info=True)


def units_changed(topic: str, paths: Iterable[str]) -> None:
    """Forget the `topic` panels of everyone holding a role in one of these unit paths
    (pass a row's unit and every unit above it)."""
    keys = {_version_key(path, topic) for path in paths if path}
    if not keys:
        return
    _bump(keys)
    transaction.on_commit(lambda: _bump(keys))


def changed_everywhere() -> None:
    """Forget every user's panels (a change to campaigns, cycles, rounds, roles or units)."""
    _bump([_version_key(EVERYWHERE)])
    transaction.on_commit(lambda: _bump([_version_key(EVERYWHERE)]))


def panels_kept(*, user_id: int, paths: Iterable[str], topics: list[tuple[str, Callable]]) -> list:
    """The panels of each (topic, build) in turn: `build()` kept for the user under the
    versions of "everywhere" and of the topic at `paths` (the units the user holds a role
    in). Two cache round trips when every topic is kept; built afresh when the cache
    server is down."""
    try:
        panel_keys = _panel_keys(user_id, sorted(set(paths)), [topic for topic, _ in topics])
        kept = cache.get_many(list(panel_keys.values()))
    except Exception:
        logger.warning("home panels: cache unavailable, built afresh", exc_info=True)
        return [panel for _topic, build in topics for panel in build()]
    panels, fresh = [], {}
    for topic, build in topics:
        key = panel_keys[topic]
        if key not in kept:
            kept[key] = fresh[key] = build()
        panels.extend(kept[key])
    if fresh:
        try:
            cache.set_many(fresh, timeout=PANELS_TIMEOUT)
        except Exception:
            logger.warning("home panels: cache unavailable, not kept", exc_info=True)
    return panels


def _panel_keys(user_id: int, paths: list[str], topics: list[str]) -> dict[str, str]:
    """The cache key of each topic's panels of the user, from the versions now."""
    everywhere = _version_key(EVERYWHERE)
    wanted = {topic: [everywhere] + [_version_key(p, topic) for p in paths] for topic in topics}
    keys = list(dict.fromkeys(key for keys in wanted.values() for key in keys))
    versions = cache.get_many(keys)
    missing = [key for key in keys if key not in versions]
    if missing:
        for key in missing:
            cache.add(key, secrets.randbits(62), timeout=None)
        versions.update(cache.get_many(missing))
    prefix = f"home:panels-written:{user_id}:{get_language()}:{timezone.localdate().isoformat()}"
    return {
        topic: f"{prefix}:{topic}:"
        + hashlib.sha256(
            ":".join(str(versions.get(k)) for k in wanted[topic]).encode()
        ).hexdigest()[:32]
        for topic in topics
    }


def watch(model, paths: Callable | None = None, *, topic: str = "") -> None:
    """Forget panels when a row of `model` is saved or deleted: the `topic` panels of the
    units `paths(row)` names (a list of unit paths with their ancestors), or everyone's
    when `paths` is None. Many-to-many changes of the model count as changes everywhere."""

    def changed(sender, instance, **kwargs):
        if paths is None:
            changed_everywhere()
        else:
            units_changed(topic, paths(instance))

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
