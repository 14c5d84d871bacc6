"""Settings come from the environment; production settings pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _settings_value(expr: str, **env) -> str:
    code = f"import django, os; django.setup(); from django.conf import settings; print({expr})"
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.local", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_embedded_default_is_sqlite_eager_console():
    assert _settings_value("settings.DATABASES['default']['ENGINE']") == (
        "django.db.backends.sqlite3"
    )
    assert _settings_value("settings.CELERY_TASK_ALWAYS_EAGER") == "True"
    assert _settings_value("settings.EMAIL_BACKEND") == (
        "django.core.mail.backends.console.EmailBackend"
    )


def test_database_and_broker_come_from_the_environment():
    env = {
        "DATABASE_URL": "postgres://kl:pw@db.example:5433/kl",
        "REDIS_URL": "redis://cache.example:6379/2",
        "EMAIL_URL": "smtp://mailer.example:2525",
    }
    assert _settings_value("settings.DATABASES['default']['HOST']", **env) == "db.example"
    assert _settings_value("settings.DATABASES['default']['PORT']", **env) == "5433"
    assert _settings_value("settings.CELERY_BROKER_URL", **env) == "redis://cache.example:6379/2"
    assert _settings_value("settings.CELERY_TASK_ALWAYS_EAGER", **env) == "False"
    assert _settings_value("settings.EMAIL_HOST", **env) == "mailer.example"


def test_production_settings_pass_check_deploy():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x7#Qp2!vL9zR4mW8kT1sY6bN3cF0hJ5gD-production-like-secret-value",
        "ALLOWED_HOSTS": "kompetanseloftet.example",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", "ALLOWED_HOSTS": "x"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_files_go_to_the_filesystem_by_default_and_to_s3_when_the_environment_says_so():
    expr = "settings.STORAGES['default']['BACKEND']"
    assert _settings_value(expr) == "django.core.files.storage.FileSystemStorage"
    env = {"AWS_STORAGE_BUCKET_NAME": "vedlegg", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}
    assert _settings_value(expr, **env) == "storages.backends.s3.S3Storage"
    storage = "__import__('django.core.files.storage').core.files.storage.default_storage"
    assert _settings_value(f"{storage}.bucket_name", **env) == "vedlegg"
