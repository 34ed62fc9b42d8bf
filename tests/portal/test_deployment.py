"""docker-compose.yml cannot be run here (no Docker engine), so its consistency with the
settings is checked by reading it: services, environment names, commands."""

import ast
import re
from pathlib import Path

import yaml
from django.conf import settings

BASE = Path(settings.BASE_DIR)


def _compose():
    return yaml.safe_load((BASE / "docker-compose.yml").read_text())


def _names_settings_read() -> set[str]:
    """Every environment variable config/settings.py reads through django-environ."""
    tree = ast.parse((BASE / "config" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        is_env_call = (isinstance(func, ast.Name) and func.id == "env") or (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "env"
        )
        first = node.args[0]
        if is_env_call and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


def test_compose_has_the_production_services():
    assert set(_compose()["services"]) == {
        "proxy",
        "postgres",
        "redis",
        "web",
        "worker",
        "beat",
        "mailpit",
    }


def test_only_the_proxy_publishes_ports():
    services = _compose()["services"]
    published = {name: service["ports"] for name, service in services.items() if "ports" in service}
    assert published == {"proxy": ["80:80", "443:443", "443:443/udp"]}
    # The database, Redis and Mailpit sit on a network with no way out.
    backend = {"postgres", "redis", "mailpit"}
    assert _compose()["networks"]["backend"] == {"internal": True}
    for name in backend:
        assert services[name]["networks"] == ["backend"]
    assert services["proxy"]["networks"] == ["frontend"]


def test_proxy_terminates_tls_and_forwards_to_web_only():
    proxy = _compose()["services"]["proxy"]
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    lines = [
        line.strip()
        for line in (BASE / "deploy" / "Caddyfile").read_text().splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    assert lines[0] == "{$SITE_DOMAIN} {"
    directives = [line.split()[0] for line in lines]
    assert directives.count("reverse_proxy") == 1
    assert "reverse_proxy web:8000" in lines
    assert not {"file_server", "root", "respond", "redir"} & set(directives)
    assert set(_compose()["services"]["web"]["networks"]) >= set(proxy["networks"])
    assert _compose()["services"]["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"


def test_no_secret_is_written_in_the_compose_file():
    compose = _compose()
    postgres = compose["services"]["postgres"]["environment"]
    assert postgres["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    for name in ("web", "worker", "beat"):
        env = compose["services"][name]["environment"]
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
        assert env["AWS_SECRET_ACCESS_KEY"] == "${AWS_SECRET_ACCESS_KEY:-}"
    text = (BASE / "docker-compose.yml").read_text()
    secret_keys = r"^\s*[A-Z_]*(?:PASSWORD|SECRET)[A-Z_]*:\s*(?!\$\{)\S"
    assert re.findall(secret_keys, text, re.M) == []
    assert re.findall(r"://\w+:(?!\$\{)[^@/\s]+@", text) == []  # user:password@ in URLs


def test_app_services_only_set_variables_the_settings_read():
    read = _names_settings_read()
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "EMAIL_URL", "HTTPS"} <= read
    for name in ("web", "worker", "beat"):
        environment = set(_compose()["services"][name]["environment"])
        assert environment - read == set(), f"{name} sets variables nothing reads"
        assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "EMAIL_URL"} <= environment


def test_web_and_worker_share_the_file_storage_settings():
    """A file a worker renders is read by the web node: both get every storage variable the
    settings read (the bucket, its endpoint, region and keys), unset by default."""
    storage = {name for name in _names_settings_read() if name.startswith("AWS_")}
    assert {"AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME"} <= storage
    services = _compose()["services"]
    for name in ("web", "worker"):
        environment = services[name]["environment"]
        assert {key: environment.get(key) for key in storage} == {
            key: f"${{{key}:-}}" for key in storage
        }, name
    assert "media:/app/var/media" in services["web"]["volumes"]
    assert services["web"]["volumes"] == services["worker"]["volumes"]


def test_app_services_point_at_the_compose_backends():
    compose = _compose()
    env = compose["services"]["web"]["environment"]
    postgres = compose["services"]["postgres"]["environment"]
    database = re.match(r"postgres://(\w+):(\$\{\w+)[^}]*\}@(\w+):5432/(\w+)", env["DATABASE_URL"])
    assert database.groups() == (
        postgres["POSTGRES_USER"],
        "${POSTGRES_PASSWORD",
        "postgres",
        postgres["POSTGRES_DB"],
    )
    assert env["CONN_MAX_AGE"] == "${CONN_MAX_AGE:-60}"
    assert env["REDIS_URL"].startswith("redis://redis:6379/")
    assert env["EMAIL_URL"] == "${EMAIL_URL:-smtp://mailpit:1025}"


def test_processes_run_the_project_modules():
    services = _compose()["services"]
    assert "gunicorn config.wsgi:application" in services["web"]["command"]
    assert "migrate" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    dockerfile = (BASE / "Dockerfile").read_text()
    assert "fonts-liberation2" in dockerfile
    assert "libpango" in dockerfile
    assert "config.wsgi:application" in dockerfile
    assert "pip install --require-hashes -r requirements-prod.lock" in dockerfile
    assert "pip install --no-deps ." in dockerfile
    assert ".env" in (BASE / ".dockerignore").read_text().splitlines()


def test_image_can_back_up_the_compose_database():
    """pg_dump refuses a server newer than itself: the image's client is the server's major."""
    server_major = _compose()["services"]["postgres"]["image"].removeprefix("postgres:")
    dockerfile = (BASE / "Dockerfile").read_text()
    assert f"ARG POSTGRES_MAJOR={server_major}\n" in dockerfile
    assert "postgresql-client-${POSTGRES_MAJOR}" in dockerfile


def test_env_example_documents_every_variable():
    documented = set(
        re.findall(r"^# ?([A-Z][A-Z0-9_]+)=", (BASE / ".env.example").read_text(), re.M)
    )
    assert _names_settings_read() - documented == set()


def test_readme_documents_every_variable():
    readme = (BASE / "README.md").read_text()
    assert {name for name in _names_settings_read() if f"`{name}`" not in readme} == set()
