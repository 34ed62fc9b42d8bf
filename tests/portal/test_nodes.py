"""Several nodes: two web processes (gunicorn) and two Celery workers share PostgreSQL, Redis
and S3-compatible storage (moto's S3 server). The compiled report asked for through web
node A is rendered by a worker into the bucket and downloaded, signed in, through node B.

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): the processes share the test
database by name; skipped otherwise.
"""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from portal.models import GeneratedFile
from reports.compiled import PDF
from tests.factories import CampaignFactory
from tests.reports.factories import ReportingCycleFactory

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
BUCKET = "portal-nodes-test"

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))
        or not os.environ.get("REDIS_URL"),
        reason="several nodes need PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)",
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    data = connection.settings_dict
    auth = quote(data["USER"] or "", safe="")
    if data["PASSWORD"]:
        auth += ":" + quote(data["PASSWORD"], safe="")
    return f"postgres://{auth}@{data['HOST'] or '127.0.0.1'}:{data['PORT'] or 5432}/{data['NAME']}"


def start(command, env, log_path):
    log = open(log_path, "ab")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    process.log, process.log_path = log, log_path
    return process


def stop(process) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    process.log.close()


def logs(processes) -> str:
    return "\n".join(
        f"--- {p.log_path.name} ---\n{p.log_path.read_text(errors='replace')[-3000:]}"
        for p in processes
    )


def wait_until(predicate, timeout, what, processes):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if predicate():
                return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}\n{logs(processes)}")


@pytest.fixture
def s3_server():
    """moto's S3 in server mode on a free port, with an empty private bucket."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    yield endpoint, client
    server.stop()


def test_a_report_rendered_by_a_worker_downloads_through_the_other_web_node(
    transactional_db, users, org, client, s3_server, tmp_path
):
    import requests

    endpoint, s3 = s3_server
    cycle = ReportingCycleFactory(campaign=CampaignFactory(issuing_unit=org["department"]))
    # One signed-in session (two factors verified), kept in the shared database.
    client.force_login(users["office"])
    session_id = client.cookies[settings.SESSION_COOKIE_NAME].value

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "DATABASE_URL": database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "JOB_RUNNER": "celery",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "MEDIA_ROOT": str(tmp_path / "no-local-media"),
        "EMAIL_URL": "consolemail://",
        "PYTHONPATH": str(ROOT),
    }
    # Production settings serve static files from the collected, hashed copies.
    env["STATIC_ROOT"] = str(tmp_path / "static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    ports = {"A": free_port(), "B": free_port()}
    processes = []
    try:
        for name, port in ports.items():
            command = [
                str(BIN / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "120",
            ]
            processes.append(start(command, env, tmp_path / f"web-{name}.log"))
        for n in (1, 2):
            command = [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "-l",
                "info",
                "-c",
                "1",
                "-n",
                f"nodes-test-{n}@%h",
                "--without-gossip",
                "--without-mingle",
            ]
            processes.append(start(command, env, tmp_path / f"worker-{n}.log"))

        def node(name) -> requests.Session:
            session = requests.Session()
            session.cookies.set(settings.SESSION_COOKIE_NAME, session_id, domain="127.0.0.1")
            session.base = f"http://127.0.0.1:{ports[name]}"
            return session

        a, b = node("A"), node("B")
        page = reverse("reports:compiled", args=[cycle.pk])
        for web in (a, b):
            wait_until(
                lambda web=web: web.get(web.base + page, timeout=30).status_code == 200,
                90,
                "the web nodes to answer",
                processes,
            )
        wait_until(
            lambda: all("ready" in p.log_path.read_text(errors="replace") for p in processes[2:]),
            90,
            "the workers to be ready",
            processes,
        )

        # Node A: ask for the compiled report (PDF) with the form's CSRF token.
        form = a.get(a.base + page, timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        asked = a.post(
            a.base + page,
            data={"csrfmiddlewaretoken": token, "kind": PDF},
            headers={"Referer": a.base + page},
            allow_redirects=False,
            timeout=30,
        )
        assert asked.status_code == 302, asked.text[:2000]
        generated = GeneratedFile.objects.get(kind=PDF)

        # A worker renders it into the bucket; node B's status block polls until it is done.
        status_url = b.base + f"/files/{generated.pk}/"
        wait_until(
            lambda: "?download=1" in b.get(status_url, headers={"HX-Request": "true"}).text,
            180,
            "a worker to render the report",
            processes,
        )
        generated.refresh_from_db()
        assert generated.status == GeneratedFile.Status.DONE
        rendered_by = [
            p.log_path.name
            for p in processes[2:]
            if "render_generated_file[" in p.log_path.read_text(errors="replace")
            and "succeeded" in p.log_path.read_text(errors="replace")
        ]
        assert len(rendered_by) == 1, logs(processes)

        download = b.get(status_url + "?download=1", timeout=60)
        assert download.status_code == 200
        stored = s3.get_object(Bucket=BUCKET, Key=generated.file.name)["Body"].read()
        assert download.content.startswith(b"%PDF-")
        assert download.content == stored
        assert generated.filename in download.headers["Content-Disposition"]
        # Nothing was written to a node's own disk.
        assert not (tmp_path / "no-local-media").exists()

        # Signed out, node B gives nothing.
        anonymous = requests.get(status_url + "?download=1", allow_redirects=False, timeout=30)
        assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    finally:
        for process in processes:
            stop(process)
