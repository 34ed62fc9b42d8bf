"""Settings, read from the environment (see .env.example and the README).

With nothing set the portal runs on SQLite, runs Celery tasks in-process and writes mail
to the console, so `make run` works on a fresh machine. Production sets DATABASE_URL,
REDIS_URL, EMAIL_URL and SECRET_KEY (docker-compose.yml).
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The key anyone can read here signs sessions only on a developer's machine (DEBUG=1).
# `make` writes a random key for each checkout into .env; the tests make their own
# (tests/settings.py); production must set SECRET_KEY, or the portal refuses to start.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-change-me-" + "x" * 20
SECRET_KEY_MIN_LENGTH = 50  # what Django's check --deploy asks for (security.W009)
SECRET_KEY = env("SECRET_KEY", default="") or (DEVELOPMENT_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
if not DEBUG:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production (DEBUG=0) needs its own random key of at "
            f"least {SECRET_KEY_MIN_LENGTH} characters; on a development machine run `make` "
            "(it writes one into .env) or set DEBUG=1."
        )
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "SECRET_KEY is the published development key; set a random key in production."
        )
    if len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak: production needs at least {SECRET_KEY_MIN_LENGTH} "
            "random characters (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS contains '*': production must name the host names it serves."
        )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Behind TLS in production (HTTPS=1): secure cookies, HSTS, redirect.
HTTPS = env.bool("HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Reverse proxies in front of the portal that the portal may believe (0: none, clients
# connect directly). Only then are X-Forwarded-For (portal.http.client_ip) and
# X-Forwarded-Proto read: without a proxy a client could write them itself.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT > 0 else None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portal",
    "units",
    "campaigns",
    "initiatives",
    "research",
    "reports",
    "awards",
    "publication",
    "ninja",
    "api",
]
# Demo data, scale seeding and benchmarks (seed_demo, demo_code, seed_scale, bench_*): a
# development app, installed with DEBUG=1 or DEV_TOOLS=1 and never in production.
DEV_TOOLS = DEBUG or env.bool("DEV_TOOLS", default=False)
if DEV_TOOLS:
    INSTALLED_APPS.append("devtools")
if env("DATABASE_URL", default="").startswith(("postgres", "pgsql")):
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.PrivateResponseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.IdleTimeoutMiddleware",
    "portal.middleware.TwoFactorMiddleware",
    "portal.middleware.RejectNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A connection is kept for CONN_MAX_AGE seconds (production: 60) instead of being opened
# for every request (tens of milliseconds each on PostgreSQL), and checked before it is
# reused after an error. Development (DEBUG=1) closes it after each request.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0 if DEBUG else 60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] != 0
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # The portal's queries are short: compiling one with JIT cost 250 ms on a list's count,
    # several times the query itself.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "units.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Repeated wrong passwords lock that user name from that address for a while; many wrong
# passwords from one address, whatever the user names, lock the address (someone trying
# names one after another). The address limit is higher because a whole office may share
# one public address. portal.signin.LoginThrottle counts both.
AXES_HANDLER = "portal.signin.LoginThrottle"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "portal.http.client_ip"
# A login lasts SESSION_HOURS at most, counted from the login, and ends sooner after
# SESSION_IDLE_MINUTES without a page being opened (portal.middleware.IdleTimeoutMiddleware).
SESSION_COOKIE_AGE = env.int("SESSION_HOURS", default=8) * 3600
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
# Two-factor sign-in (portal.twofactor): the name authenticator apps show for the portal.
OTP_TOTP_ISSUER = "Cổng thi đua"
# The Django admin may delete a user's authenticator (a reset) but never shows its key.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
AUTH_PASSWORD_VALIDATORS = [
    # Also against the person's full name, with and without accents (units/validators.py).
    {"NAME": "units.validators.PersonalInformationSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The API (api/): requests per token per minute, counted in the cache above (shared by
# every worker when it is Redis); beyond it 429 with Retry-After.
API_RATE_LIMIT = env.int("API_RATE_LIMIT", default=120)

# Vietnamese first, English selectable.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")

# Digital signatures (portal/signing.py): the organisation's certificate and key as a
# PKCS#12 file; without it, signing on the server is offered as unavailable. The roots to
# trust when validating signatures: a PEM bundle (e.g. the national root CA and the licensed
# CAs). The demo makes a throwaway certificate into MEDIA_ROOT (seed_demo).
DEMO_SIGNING = Path(MEDIA_ROOT) / "demo-signing"
SIGNING_PKCS12_PATH = env(
    "SIGNING_PKCS12_PATH", default=str(DEMO_SIGNING / "to-chuc.p12") if DEV_TOOLS else ""
)
SIGNING_PKCS12_PASSWORD = env("SIGNING_PKCS12_PASSWORD", default="demo" if DEV_TOOLS else "")
SIGNING_TRUST_ROOTS = env(
    "SIGNING_TRUST_ROOTS", default=str(DEMO_SIGNING / "roots.pem") if DEV_TOOLS else ""
)

# Uploaded and generated files are private: they are served by views that check access,
# never from a public URL. Local folder by default; S3-compatible storage when configured.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
_static_backend = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
    if DEBUG
    else "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
    AWS_DEFAULT_ACL = "private"
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    }
STORAGES = {"default": _default_storage, "staticfiles": {"BACKEND": _static_backend}}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cổng thi đua <no-reply@congthidua.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis as broker and result store when REDIS_URL is set; in-process otherwise.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# Long jobs (generated files, exports, imports; portal/jobs.py): "celery" hands them to a
# worker through the broker; "threads" runs them in a small pool of threads inside the web
# process, after the request's transaction commits, while the page shows their progress
# (`make run`, which has no broker). The test suite sets "celery", i.e. eager without Redis.
JOB_RUNNER = env("JOB_RUNNER", default="celery" if REDIS_URL else "threads")
JOB_THREADS = env.int("JOB_THREADS", default=2)
# The office's "Initiatives at a glance" counts (initiatives/charts.py): younger than this
# many seconds they are shown as they are; older, shown while a job counts them again.
CHARTS_FRESH = env.int("CHARTS_FRESH", default=5 * 60)
REMINDER_HOUR = env.int("REMINDER_HOUR", default=7)
# Yearly report reminders: days before the deadline (0 = on the day), then every N days late.
REPORT_REMINDER_OFFSETS = env.list(
    "REPORT_REMINDER_OFFSETS", cast=int, default=[30, 14, 7, 3, 1, 0]
)
REPORT_REMINDER_OVERDUE_EVERY = env.int("REPORT_REMINDER_OVERDUE_EVERY", default=3)
# The daily digest of the users who chose it, at DIGEST_HOUR:DIGEST_MINUTE Vietnam time.
DIGEST_HOUR = env.int("DIGEST_HOUR", default=16)
DIGEST_MINUTE = env.int("DIGEST_MINUTE", default=30)
# A delivery claimed by a worker that has not finished it after this many seconds is taken
# back by the sweep (a live worker refreshes its claim every few seconds).
DELIVERY_CLAIM_TIMEOUT = env.int("DELIVERY_CLAIM_TIMEOUT", default=30)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
CELERY_BEAT_SCHEDULE = {
    "report-reminders": {
        "task": "reports.tasks.send_due_reminders",
        "schedule": crontab(hour=REMINDER_HOUR, minute=0),
    },
    "close-reporting-cycles": {
        "task": "reports.tasks.close_due_cycles",
        "schedule": crontab(hour=0, minute=5),
    },
    "delivery-sweep": {
        "task": "portal.tasks.sweep_deliveries",
        "schedule": 30.0,
    },
    "daily-digest": {
        "task": "portal.tasks.send_digests",
        "schedule": crontab(hour=DIGEST_HOUR, minute=DIGEST_MINUTE),
    },
}

# Content Security Policy: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Near-copy detection of initiatives: similarity (0-1) from which a match is shown.
SIMILARITY_THRESHOLD = env.float("SIMILARITY_THRESHOLD", default=0.6)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
