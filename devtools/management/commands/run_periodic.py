"""Run the beat schedule's tasks in this process, for `make run` (no broker, no worker).

Production runs `celery beat` and a worker instead (docker-compose `beat` and `worker`).
Here each task of CELERY_BEAT_SCHEDULE runs in-process when it is due: the delivery sweep
every 30 s (emails that failed are retried, those never enqueued are sent), the daily
digest, the reminders and the closing of reporting cycles at their hours.
"""

import datetime
import logging
import time

from celery.schedules import schedule as every
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from config.celery import app

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the periodic tasks (the beat schedule) in this process, for development."

    def add_arguments(self, parser):
        parser.add_argument("--tick", type=float, default=5, help="seconds between checks")

    def handle(self, *args, tick, **options):
        app.loader.import_default_modules()  # the tasks of every app
        entries = {}
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            plan = entry["schedule"]
            if isinstance(plan, int | float):
                plan = every(run_every=datetime.timedelta(seconds=plan), app=app)
            else:
                plan.app = app
            entries[name] = [app.tasks[entry["task"]], plan, app.now()]
        self.stdout.write(f"periodic tasks in this process: {', '.join(entries)}")
        while True:
            for name, entry in entries.items():
                task, plan, last = entry
                if plan.is_due(last).is_due:
                    entry[2] = app.now()
                    close_old_connections()
                    try:
                        task.apply(throw=True)
                    except Exception:
                        logger.exception("periodic task %s failed", name)
            time.sleep(tick)
