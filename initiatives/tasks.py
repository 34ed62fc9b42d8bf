from celery import shared_task

from units.models import User


@shared_task(acks_late=True)
def refresh_initiative_charts(user_id: int) -> None:
    """Count again the "Initiatives at a glance" of a user's scope (a stale entry was shown)."""
    from .charts import charts_counts_refresh

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    charts_counts_refresh(user=user)
