"""gunicorn settings for the portal (deploy/systemd/trm-portal.service, scripts/stack.sh).

Read from the environment so one file serves every host: GUNICORN_BIND, GUNICORN_WORKERS.
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: a page is CPU and database work; (2 x cores) + 1 is gunicorn's own advice.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200
# Only Varnish and nginx on this host may say a request came over HTTPS.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
