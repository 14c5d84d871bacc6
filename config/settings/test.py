"""Settings for the test suite. PostgreSQL and Redis are used when DATABASE_URL and REDIS_URL are
set (as in CI); otherwise SQLite and eager Celery."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="test-only-secret-key-not-for-production-use-0123456789")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
# Where the file backend writes (the real-worker test reads the worker's emails from there).
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default="/tmp/kompetanseloftet-test-mail")
# Tests decide per test whether they want a real worker; by default tasks run inline. The worker
# that test starts sets these from the environment (a queue of its own, no inline tasks).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
MEDIA_ROOT = env.path("MEDIA_ROOT", default="/tmp/kompetanseloftet-test-media")
ALLOWED_HOSTS = ["*"]

# Serve static files straight from the apps and static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests move the clock days ahead while a person stays signed in; the idle timeout and its tests
# set their own values. Lockout stays on (as in production); the test client's login() passes no
# request, which the lockout backend leaves alone.
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=60 * 24 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60 + 3600
