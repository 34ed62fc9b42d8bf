"""Celery doors of the awards app: take ids, re-fetch, return quietly if the row is gone.

Importing this module (Celery autodiscovers it in the worker) also registers the dossier's
generated-file kind, so the worker can render it.
"""

from celery import shared_task

from . import dossier
from .models import AwardRound


@shared_task
def dossier_refresh(round_id: int, user_id: int | None = None) -> int | None:
    """Ask for the round's dossier (a new version only if its data changed)."""
    from units.models import User

    award_round = AwardRound.objects.filter(pk=round_id).select_related("campaign").first()
    if award_round is None:
        return None
    by = User.objects.filter(pk=user_id).first() if user_id else None
    return dossier.dossier_request(round=award_round, by=by).pk
