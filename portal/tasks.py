import datetime

from celery import shared_task

from .models import GeneratedFile


@shared_task(acks_late=True)
def render_generated_file(generated_id: int) -> None:
    from .files import generated_file_render

    generated = GeneratedFile.objects.filter(pk=generated_id).first()
    if generated is None or generated.status == GeneratedFile.Status.DONE:
        return
    generated_file_render(generated=generated)


@shared_task(name="portal.tasks.deliver", acks_late=True)
def deliver(ids: list[int]) -> int:
    """Send a batch of delivery rows over one SMTP connection (rows already sent, or held
    by another worker, are left alone; failures are retried by the rows' own backoff)."""
    from .deliveries import deliver as run

    return run(ids=ids)


@shared_task(name="portal.tasks.sweep_deliveries", acks_late=True)
def sweep_deliveries(now: str | None = None) -> dict:
    """Beat, every 30 s: release claims of dead workers, enqueue what is due."""
    from .deliveries import deliveries_sweep

    return deliveries_sweep(now=datetime.datetime.fromisoformat(now) if now else None)


@shared_task(name="portal.tasks.send_digests", acks_late=True)
def send_digests(now: str | None = None) -> int:
    """Beat, once a day at DIGEST_HOUR: each user's daily digest."""
    from .deliveries import digests_send

    return digests_send(now=datetime.datetime.fromisoformat(now) if now else None)
