"""Settings shared by every environment. Everything that differs between machines comes from the
environment (12-factor); the defaults are the embedded mode: SQLite, eager Celery, console email."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env is read when present (never required): handy for developers, ignored by CI.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-embedded-default-only-for-local-use")
DEBUG = env.bool("DEBUG", default=False)
# With DEBUG on, show Django's technical 404 (every URL pattern) instead of the product's page.
SHOW_DEBUG_404 = env.bool("SHOW_DEBUG_404", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address (links in e-mail, calendar feeds). Unset, pages use the address of the request
# and background work the local default (config/site.py).
SITE_URL = env("SITE_URL", default="").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "django_fsm",
    "django_fsm_log",
    "axes",
    "networks",
    "grants",
    "allocation",
    "workflow",
    "reporting",
]

MIDDLEWARE = [
    # The product's 404 page even with DEBUG on, unless SHOW_DEBUG_404 (config/error_views.py).
    "config.error_views.ProjectNotFoundMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Instead of Django's LocaleMiddleware: never picks the language from Accept-Language.
    "networks.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "networks.sessions.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reporting.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Every request runs in one transaction: a failure half-way leaves nothing half-written.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "networks.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # First: refuses a sign-in while its user name or address is locked out (django-axes).
    "networks.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    # OpenID Connect (ID-porten, Ansattporten, Feide); does nothing unless OIDC_ISSUER is set.
    "networks.auth.OidcBackend",
]

# Sessions: signed out after SESSION_IDLE_TIMEOUT_MINUTES without activity. The session row and
# cookie live one hour longer only so the sign-out can be explained (networks.sessions).
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=60)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60 + 3600
# Actions guarded by recent_login_required ask for a new sign-in when the last is older than this.
RECENT_LOGIN_MINUTES = env.int("RECENT_LOGIN_MINUTES", default=15)
# How long an invitation link can be used.
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)

# Lockout after repeated wrong passwords, counted per user name and per client address.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "networks.views.locked_out"

# OpenID Connect: off unless OIDC_ISSUER and OIDC_CLIENT_ID are set. The endpoints are read from
# the issuer's /.well-known/openid-configuration on first use.
OIDC_ISSUER = env("OIDC_ISSUER", default="").rstrip("/")
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", default="")
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", default="ID-porten")
OIDC_RP_SCOPES = env("OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env("OIDC_SIGN_ALGO", default="RS256")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = False
LOGIN_REDIRECT_URL_FAILURE = "login"

# Headers: no inline scripts or styles anywhere (django-csp 4), and no powerful browser features.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nb"
# The default is bokmål whatever the browser asks for (networks.middleware.LanguageMiddleware):
# only a choice made in the switcher (cookie) or kept on the user's profile changes it.
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Files (attachments, letters) go through Django's storage API: the filesystem by default,
# S3-compatible object storage (django-storages) when AWS_STORAGE_BUCKET_NAME is set.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False

# Attachments (vedlegg): the largest file accepted, and the most a zip-based document (DOCX,
# XLSX, ODT) may unpack to, so that a zip bomb is refused before anything is stored.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
ATTACHMENT_MAX_UNPACKED_BYTES = env.int("ATTACHMENT_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024)
# Where the public journal sends requests for access (innsynskrav).
RECORDS_ACCESS_EMAIL = env("RECORDS_ACCESS_EMAIL", default="postmottak@statsforvalteren.example")
# The archive creator named in the Noark 5 extract.
RECORDS_ARCHIVE_CREATOR = env("RECORDS_ARCHIVE_CREATOR", default="Statsforvalteren i Trøndelag")

# Email: console by default; EMAIL_URL (smtp://user:pass@host:port) for real sending.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Kompetanseløftet Trøndelag <ikke-svar@kompetanseloftet.example>"
)

# Celery: with no broker configured, tasks run inline (eager), so the embedded mode needs nothing.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# Nothing waits for task results; with results ignored, .delay() fails fast when Redis is down.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# A task's message is acknowledged when the task has finished, and given back to the broker when
# the worker running it dies (killed, out of memory), so a lost worker loses no work. Every task
# is safe to run twice: its rows say what is left to do (docs/architecture.md, Background work).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A web request must never hang on a broker that is down: fail fast, the sweep catches up later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "socket_connect_timeout": 2}
# Beat (exactly one process per deployment): the reminder sweep every morning at 07:00 Oslo time;
# every 5 minutes a hand-over of reminders left queued for 5 minutes (broker down, message lost;
# workflow.reminders.rules.REQUEUE_AFTER); every 15 minutes the letters of decided vedtak that
# have none yet (the broker was down when the vedtak was made, or making them failed).
CELERY_BEAT_SCHEDULE = {
    "reminders-daily-sweep": {
        "task": "workflow.reminders.tasks.sweep_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "reminders-requeue": {
        "task": "workflow.reminders.tasks.requeue_reminders",
        "schedule": crontab(minute="*/5"),
    },
    "letters-make-missing": {
        "task": "reporting.tasks.make_missing_letters",
        "schedule": crontab(minute="*/15"),
    },
    # The daily digest of notifications (after the reminder sweep, before the working day).
    "notifications-daily-digest": {
        "task": "workflow.notifications.tasks.send_notification_digests",
        "schedule": crontab(hour=7, minute=15),
    },
}

# Uploads: a file larger than this goes to a temporary file on disk instead of memory (Django's
# default, stated here because the head-count import relies on it); other request bodies are
# refused past DATA_UPLOAD_MAX_MEMORY_SIZE.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The head-count import (networks.headcount_import) refuses, with a message saying so, a file
# larger than this, a CSV with more lines or a sheet with more rows, and an XLSX file that
# unpacks to more than this; an XLSX file is refused on what it declares, before it is read.
HEAD_COUNT_IMPORT_MAX_UPLOAD_BYTES = env.int(
    "HEAD_COUNT_IMPORT_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024
)
HEAD_COUNT_IMPORT_MAX_ROWS = env.int("HEAD_COUNT_IMPORT_MAX_ROWS", default=20_000)
HEAD_COUNT_IMPORT_MAX_UNPACKED_BYTES = env.int(
    "HEAD_COUNT_IMPORT_MAX_UNPACKED_BYTES", default=20 * 1024 * 1024
)

# Whether ``import_export`` wraps imports in a transaction (it must: imports are all-or-nothing).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

DJANGO_FSM_LOG_STORAGE_METHOD = "django_fsm_log.backends.SimpleBackend"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
