"""What operators and browsers rely on: health, robots, security headers, caching, error pages."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.smoke
def test_healthz_reports_database_and_search_backend(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"]["ok"] is True
    assert body["search"]["backend"] == "database"


def test_robots_txt_points_to_the_tenants_sitemap(get):
    text = get("see", "/robots.txt").content.decode()
    assert "Sitemap: http://see.localhost/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_public_pages_carry_security_headers_and_a_strict_csp(get):
    response = get("bsr", "/en/countries/lt/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_pages_have_no_inline_script_or_style(get):
    import re

    html = get("tact", "/ar/countries/ma/").content.decode()
    assert "<style" not in html and " style=" not in html
    # Scripts only as files of the portal's own (the offline app), never inline code.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts == [(' src="/static/offline/offline.js" defer', "")]
    assert html.count("<script") == 1


def test_anonymous_visitors_get_cacheable_pages_and_editors_do_not(client, get, admin_user):
    response = get("bsr", "/en/countries/")
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    client.force_login(admin_user)
    response = client.get("/en/countries/", HTTP_HOST="bsr.localhost")
    assert "public" not in response.get("Cache-Control", "")


def test_tenant_stylesheet_carries_the_tenants_accent_colour(get):
    assert "--accent: #0b6157" in get("tact", "/tenant.css").content.decode()


def test_404_page_is_translated_and_in_the_tenants_look(get):
    response = get("tact", "/fr/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "TACT" in html and '<html lang="fr"' in html
    assert "Page not found" not in html  # French, not English


def test_production_settings_pass_the_deployment_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 20 + "production-check-secret-key-that-is-long-enough-0123456789",
        "ALLOWED_HOSTS": "trm.example.org",
        # Production has a cache shared by every worker (the README's Operations): log-in
        # throttling counts there, and axes.W001 rightly fails the check on a local-memory one.
        "CACHE_BACKEND": "django.core.cache.backends.redis.RedisCache",
        "CACHE_LOCATION": "redis://cache.example.org:6379/1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_real_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.production", "SECRET_KEY": ""}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_logs_are_one_json_object_per_line(caplog):
    import logging

    from django.conf import settings
    from pythonjsonlogger.json import JsonFormatter

    formatter = JsonFormatter(**{k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"})
    record = logging.LogRecord("portal.test", logging.WARNING, __file__, 1, "referral %s", ("checked",), None)
    line = formatter.format(record)
    assert json.loads(line)["message"] == "referral checked"
    assert json.loads(line)["level"] == "WARNING"
