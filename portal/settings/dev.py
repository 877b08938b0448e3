"""Local development: `make run`. SQLite and database search unless the environment says otherwise."""
from .base import *  # noqa: F403  (settings modules are the one place star imports are the norm)
from .env import env_bool

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# `make run` serves from one process, where the default local-memory cache is shared by all
# requests; django-axes' warning that it is not shared between processes does not apply.
SILENCED_SYSTEM_CHECKS = ["axes.W001"]
