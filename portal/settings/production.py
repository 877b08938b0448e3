"""Production: base settings with transport security tightened. Nothing here is a default to rely on."""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY or SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters in production.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

# Uploads keep the storage base.py chose (local disk, or S3 when S3_BUCKET is set); static files
# get hashed names, so nginx can let browsers keep them for a year.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}  # noqa: F405

# Index updates leave the request: the database queue, worked by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env_str("TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}
