"""The portal's Celery app as the worker test runs it: its own queue and key prefix in
Redis (so that nothing else on the same Redis is touched), and a short visibility timeout
so that tasks of a killed worker are redelivered within seconds instead of an hour."""

import os

from config.celery import app

TRANSPORT_OPTIONS = {
    "visibility_timeout": 3,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
    "global_keyprefix": os.environ.get("REPORTS_TEST_PREFIX", "reports-test:"),
}

app.conf.task_default_queue = os.environ.get("REPORTS_TEST_QUEUE", "reports-test")
app.conf.broker_transport_options = TRANSPORT_OPTIONS
app.conf.task_ignore_result = True
app.conf.result_backend = None
app.conf.worker_hijack_root_logger = False

__all__ = ["TRANSPORT_OPTIONS", "app"]
