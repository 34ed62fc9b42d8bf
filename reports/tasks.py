"""Celery doors of the reports app: take ids or dates, call the services."""

import datetime

from celery import shared_task


@shared_task(name="reports.tasks.send_due_reminders", acks_late=True)
def send_due_reminders(today: str | None = None) -> dict:
    """Daily (beat, Asia/Ho_Chi_Minh): close due cycles, decide today's reminders (the
    delivery outbox sends them)."""
    from .reminders import send_due_reminders as run

    day = datetime.date.fromisoformat(today) if today else None
    return run(today=day)


@shared_task(name="reports.tasks.close_due_cycles", acks_late=True)
def close_due_cycles(today: str | None = None) -> int:
    """Daily (beat): close the cycles whose automatic closing day has come."""
    from django.utils import timezone

    from .services import cycles_close_due

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return len(cycles_close_due(today=day))
