# Production image: Django under gunicorn, static files by WhiteNoise, WeasyPrint's libraries
# and the document fonts. The same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

# pg_dump and pg_restore (manage.py backup / restore) of the server's major version, which
# Debian's own client (15) is not: from the PostgreSQL project's repository.
ARG POSTGRES_MAJOR=16
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libjpeg62-turbo \
        fonts-liberation2 poppler-utils gettext postgresql-client-${POSTGRES_MAJOR} \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The production dependencies at the versions of the lock, each checked against its hash.
COPY requirements-prod.lock ./
RUN pip install --require-hashes -r requirements-prod.lock
COPY pyproject.toml ./
COPY config ./config
COPY portal ./portal
COPY units ./units
COPY campaigns ./campaigns
COPY initiatives ./initiatives
COPY research ./research
COPY awards ./awards
COPY reports ./reports
RUN pip install --no-deps .
COPY . .
# These commands sign nothing: a throwaway key lets the production settings load at build
# time and stays out of the image. The containers get SECRET_KEY from the environment.
RUN export SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    && python manage.py compilecatalogs \
    && python manage.py collectstatic --noinput

RUN useradd --system --home /app portal && mkdir -p /app/var/media && chown -R portal /app/var
USER portal
EXPOSE 8000
# Workers and threads as measured with `make load` (README, "Speed under load"): the
# requests wait on PostgreSQL much of their time, so threads keep the CPUs busy meanwhile.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--threads", "4", "--timeout", "120"]
