# Production image: Django under gunicorn, static files by WhiteNoise, WeasyPrint's libraries
# and the document fonts. The same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libjpeg62-turbo \
        fonts-liberation2 poppler-utils gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
COPY portal ./portal
COPY units ./units
COPY campaigns ./campaigns
COPY initiatives ./initiatives
COPY awards ./awards
COPY reports ./reports
RUN pip install .
COPY . .
RUN python manage.py compilecatalogs \
    && SECRET_KEY=build-only python manage.py collectstatic --noinput

RUN useradd --system --home /app portal && mkdir -p /app/var/media && chown -R portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
