"""The portal's Celery app as the worker tests run it: its own queue and key prefix in
Redis (so that nothing else on the same Redis is touched). The visibility timeout is the
production one (an hour) unless WORKER_VISIBILITY_TIMEOUT says otherwise: what a killed
worker held is sent again by the delivery outbox's sweep, not by the broker."""

import os

from config.celery import app

TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("WORKER_VISIBILITY_TIMEOUT", "3600")),
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
