"""Local development: `make run`. SQLite and database search unless the environment says otherwise."""
from .base import *  # noqa: F403  (settings modules are the one place star imports are the norm)
from .env import env_bool

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
