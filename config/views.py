"""The home page: the project wiring composes what each app has waiting for the user."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import render
from django.template.loader import render_to_string

from awards import home as awards_home
from campaigns import home as campaigns_home
from initiatives import home as initiatives_home
from portal import home_cache
from reports import home as reports_home
from units import access

# Each app may offer panels of what waits for the user: `<app>.home.panels(user)`, kept
# under its topic (`portal.home_cache`).
HOME_PANEL_MODULES = (
    ("campaigns", campaigns_home),
    ("initiatives", initiatives_home),
    ("reports", reports_home),
    ("awards", awards_home),
)


def _written(module, user) -> list[str]:
    """An app's panels of the user, written: what is kept is the HTML, so a visit with every
    panel kept joins it instead of running the template over each panel again."""
    panels = module.panels(user)
    return [render_to_string("portal/_panels.html", {"panels": panels})] if panels else []


def _kept_panels(user) -> list[str]:
    """The panels, kept written until a row they read changes (`portal.home_cache`): the
    superuser's read everything, so they are built afresh."""
    if user.is_superuser:
        return [html for _topic, module in HOME_PANEL_MODULES for html in _written(module, user)]
    paths = [a.unit.path for a in access.assignments(user)]
    topics = [(topic, partial(_written, module, user)) for topic, module in HOME_PANEL_MODULES]
    return home_cache.panels_kept(user_id=user.pk, paths=paths, topics=topics)


@transaction.non_atomic_requests  # reads only: no BEGIN and COMMIT round trips
@login_required
def home(request):
    context = {
        "panels": _kept_panels(request.user),
        "assignments": access.assignments(request.user),
    }
    return render(request, "portal/home.html", context)
