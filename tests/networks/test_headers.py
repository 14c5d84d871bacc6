"""Security headers: a Content-Security-Policy with no inline scripts or styles, and a
Permissions-Policy; in production settings as well. The templates contain nothing inline."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
#: Templates rendered as web pages (e-mail templates may style inline: no CSP applies to mail).
PAGE_TEMPLATES = [
    path
    for path in ROOT.glob("**/templates/**/*.html")
    if ".venv" not in path.parts and "node_modules" not in path.parts and "email" not in path.parts
]
INLINE = re.compile(r"""\sstyle\s*=|<style\b|<script(?![^>]*\ssrc=)|\son[a-z]+\s*=""", re.I)


def test_pages_carry_a_strict_csp_and_a_permissions_policy(demo, client, login):
    for response in (client.get(reverse("login")), login("sekretariat").get(reverse("people"))):
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        policy = response.headers["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy


def test_no_template_has_inline_scripts_styles_or_event_handlers():
    assert len(PAGE_TEMPLATES) > 20
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for path in PAGE_TEMPLATES
        for match in INLINE.finditer(path.read_text())
    ]
    assert not offenders, offenders


def test_production_headers_include_the_csp(tmp_path):
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/', secure=True);"
        "print(json.dumps({'status': r.status_code, 'headers': dict(r.headers)}))"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "x7#Qp2!vL9zR4mW8kT1sY6bN3cF0hJ5gD-production-like-secret-value",
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'headers.sqlite3'}",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    headers = answer["headers"]
    assert answer["status"] == 302  # to the sign-in page
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "Permissions-Policy" in headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Frame-Options"] == "DENY"
