from celery import shared_task

from .models import ImportJob


@shared_task(acks_late=True)
def run_import_job(job_id: int) -> None:
    from .importing import import_job_run

    job = ImportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.finished:
        return
    import_job_run(job=job)
