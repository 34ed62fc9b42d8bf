"""Long work off the request: one way to start a job and to report its progress.

A job is a row that a page polls (`portal.models.GeneratedFile`, `units.models.ImportJob`)
and a Celery task that does the work, writing the row's status and progress as it goes.
`job_enqueue` hands the task over once the transaction that wrote the row commits, by the
runner the settings choose (`JOB_RUNNER`):

- ``"celery"``: a Celery worker takes it from the broker (production, with `REDIS_URL`).
  Without a broker Celery runs it eagerly, inside the caller: the test suite uses that, so
  a test sees the outcome as soon as the transaction commits.
- ``"threads"``: a small pool of threads inside the web process runs it (`make run`, which
  has no broker). The request answers at once and the page polls the row, exactly as it
  does when a worker on another machine writes it.
"""

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, connections, transaction

logger = logging.getLogger(__name__)

RUNNERS = ("celery", "threads")

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def runner() -> str:
    name = getattr(settings, "JOB_RUNNER", "celery")
    if name not in RUNNERS:
        raise ValueError(f"JOB_RUNNER must be one of {RUNNERS}, not {name!r}")
    return name


def job_enqueue(task, *args) -> None:
    """Run the Celery `task` with `args` once the current transaction commits."""
    transaction.on_commit(lambda: job_start(task, *args))


def job_start(task, *args) -> None:
    """Run `task` now by the configured runner (outside a transaction: see job_enqueue)."""
    if runner() == "threads":
        _thread_pool().submit(_run_in_thread, task, args)
    else:
        task.delay(*args)


def _thread_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=getattr(settings, "JOB_THREADS", 2), thread_name_prefix="job"
            )
        return _pool


def _run_in_thread(task, args) -> None:
    """One job in a pool thread: its own database connection, closed afterwards."""
    close_old_connections()
    try:
        # apply() runs the task body here, as a worker would, and keeps the exception.
        result = task.apply(args=args)
        if result.failed():
            logger.error("Job %s%r failed: %s", task.name, args, result.result)
    except Exception:
        logger.exception("Job %s%r failed", task.name, args)
    finally:
        connections.close_all()


def threads_wait(timeout: float = 60) -> None:
    """Wait until the jobs already handed to the thread pool have finished (tests, shutdown)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True)


def progress_recorder(model, pk) -> Callable[[int], None]:
    """progress(percent): write a running job's progress, kept between 1 and 99 % (0 is
    "waiting", 100 is "finished": only the job's outcome writes those)."""

    def progress(percent: int) -> None:
        model.objects.filter(pk=pk).update(progress=max(1, min(99, int(percent))))

    return progress


def progress_steps(progress: Callable[[int], None], *, total: int, start: int, end: int):
    """step(done): report `done` of `total` items as a percentage between start and end,
    writing only when the whole percentage changes (a million rows are ~100 writes)."""
    last = [-1]

    def step(done: int) -> None:
        percent = start + (end - start) * min(done, total) // max(total, 1)
        if percent != last[0]:
            last[0] = percent
            progress(percent)

    return step
