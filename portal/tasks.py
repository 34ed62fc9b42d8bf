from celery import shared_task

from .models import GeneratedFile


@shared_task(acks_late=True)
def render_generated_file(generated_id: int) -> None:
    from .files import generated_file_render

    generated = GeneratedFile.objects.filter(pk=generated_id).first()
    if generated is None or generated.status == GeneratedFile.Status.DONE:
        return
    generated_file_render(generated=generated)
