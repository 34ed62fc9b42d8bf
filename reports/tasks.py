"""Celery doors of the reports app: take ids or dates, call reports.reminders."""

import datetime

from celery import shared_task


@shared_task(name="reports.tasks.send_due_reminders", acks_late=True)
def send_due_reminders(today: str | None = None) -> dict:
    """Daily (beat, Asia/Ho_Chi_Minh): decide and enqueue today's reminders."""
    from .reminders import send_due_reminders as run

    day = datetime.date.fromisoformat(today) if today else None
    return run(today=day)


@shared_task(
    name="reports.tasks.send_reminder",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=10,
)
def send_reminder(log_id: int) -> bool:
    """Send one reminder row (re-fetched and locked; returns quietly if already sent)."""
    from .reminders import reminder_send

    return reminder_send(log_id=log_id)
