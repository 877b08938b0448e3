"""Settings shared by every environment. Everything configurable comes from the environment.

See the README's configuration table for each variable.
"""
import ipaddress
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str
from .logs import LOG_LEVEL, LOGGING  # noqa: F401  (settings: one JSON object per line on stdout, logs.py)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["bsr.localhost", "see.localhost", "tact.localhost", "localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # wagtail-modeltranslation must come first: it patches Wagtail's admin and migrate. Its
    # `migrate` command is portal's (portal/management/commands/migrate.py), which extends it.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "modeltranslation",
    "portal",
    "directory",
    "guidelines",
    "monitoring",
    "search",
    "updates",
    "handbook",
    "offline",
    "translations",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "phonenumber_field",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.tenancy.middleware.TenantMiddleware",
    "portal.tenancy.middleware.TenantLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.AnonymousCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.tenant",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# SQLite is the embedded default; DATABASE_URL=postgres://... switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A kept connection is checked before each request reuses it, so a database restart
        # costs the requests made during it, not a restart of gunicorn.
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Two editors saving at once: the second waits (up to 20 s) for the first to commit
            # instead of failing with "database is locked".
            "timeout": 20,
            # Transactions take the write lock when they begin, not at their first write: a deferred
            # transaction that read and then wants to write while another writes fails at once (the
            # busy timeout cannot help it), and a transaction that checks a version before writing
            # must not be overtaken in between (directory/concurrency.py relies on this).
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# REDIS_URL=redis://host:port/db: one cache shared by every worker and app host (rate limits,
# facet counts, fragments). Without it each process keeps its own, in memory. An unreachable
# Redis reads as a miss, never an error page (portal/cache.py says why).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "trm"),
            # Short: a hung Redis must cost a page a fraction of a second, not the worker's timeout.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": env_str("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
            "LOCATION": env_str("CACHE_LOCATION", "trm-portal"),
        }
    }
# Rendered parts of public pages (portal.tenancy.fragments) have a cache of their own, so that a
# crawler walking every filter of the directory evicts fragments, never log-in lockout counts or rate
# limits. FRAGMENT_CACHE_URL: another Redis (or database number) with its own memory limit; by default
# the same Redis as REDIS_URL.
FRAGMENT_CACHE_URL = env_str("FRAGMENT_CACHE_URL", REDIS_URL)
if FRAGMENT_CACHE_URL:
    CACHES["fragments"] = {"BACKEND": "portal.cache.ResilientRedisCache",
                           "LOCATION": FRAGMENT_CACHE_URL, "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "trm"),
                           "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
else:
    CACHES["fragments"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "trm-portal-fragments",
                           "OPTIONS": {"MAX_ENTRIES": 2000}}
# Rate limits let requests through when their counters cannot be read (portal/cache.py says why).
RATELIMIT_FAIL_OPEN = env_bool("RATELIMIT_FAIL_OPEN", True)
# Seconds anonymous visitors' browsers and shared caches may keep a public page.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 300)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Log-in throttling (django-axes), on both /admin/login/ and /<lang>/login/ ---------------
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user name and client before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failures are counted in the shared cache (Redis in production, see CACHE_BACKEND), so every
# worker process sees the same count; a restart of the cache forgets them, which only errs
# towards letting people in.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "default"
# Counted per user name *and* client address: a guesser gets LOGIN_FAILURE_LIMIT tries per
# cool-off (5 per 15 minutes is under 500 a day, hopeless against a 12-character password),
# while nobody elsewhere can lock a practitioner out just by typing their user name, and a
# colleague behind the same office address is not locked out either (OWASP Authentication
# Cheat Sheet, "Login Throttling"). Five tries leave room for a person's typos.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
# Long enough to make guessing slow, short enough that a locked-out practitioner on duty can
# wait it out without an administrator.
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_TIME <= timedelta(0):
    # Zero would switch throttling off without saying so (a zero cache timeout keeps no count).
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES must be at least 1")
# A successful log-in clears that user's and client's count: typos do not accumulate over weeks.
AXES_RESET_ON_SUCCESS = True
# Our page for both log-in forms (translated, in the tenant's look) instead of axes' plain text.
AXES_LOCKOUT_CALLABLE = "portal.accounts.login_locked_out"
# The client address as the trusted proxies report it (see TRUSTED_PROXIES), never a
# client-supplied X-Forwarded-For taken at its word.
AXES_CLIENT_IP_CALLABLE = "portal.accounts.client_ip_address"
# Addresses or networks of the reverse proxies in front of the application (nginx, Varnish),
# e.g. "127.0.0.1,::1" or "10.0.0.0/8". Empty: the portal is reached directly and the
# connection's address is the client's.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES must list IP addresses or networks, not {_proxy!r}") from _error
# Administrators unlock with `manage.py axes_reset_ip_username <address> <user name>`: the
# lockout log line must therefore name both (the password is never logged).
AXES_SENSITIVE_PARAMETERS = []
# The Wagtail admin is the only admin here; django.contrib.admin is not installed.
AXES_ENABLE_ADMIN = False

# --- Languages -------------------------------------------------------------------------
# The union of the demo tenants' languages; each tenant enables a subset (PortalSettings).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("pl", "Polski"),
    ("lt", "Lietuvių"),
    ("sv", "Svenska"),
    ("bg", "Български"),
    ("ro", "Română"),
    ("sq", "Shqip"),
    ("sr-latn", "Srpski (latinica)"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("uk", "Українська"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Brussels")

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# One slug for every language: the public URL contract is /<lang>/countries/lt/.
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = False
WAGTAILMODELTRANSLATION_LOCALE_PICKER = False

# Kosovo has no ISO 3166 code; XK is the code used by the EU and most registries.
COUNTRIES_OVERRIDE = {"XK": _("Kosovo")}

# --- Static and media ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# S3_BUCKET names a bucket on S3-compatible object storage: uploaded documents and images go
# there (django-storages) instead of MEDIA_ROOT, so several app hosts share them. Documents stay
# served through the portal (WAGTAILDOCS_SERVE_METHOD), which checks who may read them.
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,  # unset: Amazon S3 itself
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX", "media"),
            "default_acl": None,  # private objects: the bucket's policy decides, never public-read
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }

# --- Wagtail ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "TRM Portal"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://bsr.localhost:8000")
WAGTAILDOCS_DOCUMENT_MODEL = "portal.Resource"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "txt"]
WAGTAIL_I18N_ENABLED = False  # languages come from django-modeltranslation, not page copies

# --- Shared HTTP cache (Varnish) ---------------------------------------------------------
# FRONTEND_CACHE_URL=http://127.0.0.1:6081: Wagtail purges a page's URLs there when it is
# published, unpublished or moved (in every language), and portal/frontend_cache.py bans the
# directory, profile, guideline and API responses of the tenants a directory change shows in.
FRONTEND_CACHE_URL = env_str("FRONTEND_CACHE_URL")
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": FRONTEND_CACHE_URL},
    }
# Every interface language: a page's URL is purged under each /<lang>/ prefix.
WAGTAILFRONTENDCACHE_LANGUAGES = [code for code, _name in LANGUAGES]
# Seconds an editor's save waits for the cache to confirm a ban before logging it as failed.
FRONTEND_CACHE_TIMEOUT = env_int("FRONTEND_CACHE_TIMEOUT", 2)

# --- Search ----------------------------------------------------------------------------
# The database (embedded default) unless ELASTICSEARCH_URL names a cluster; then the public
# search (search/) and Wagtail's admin search both use Elasticsearch 8.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "trm")
ELASTICSEARCH_TIMEOUT = env_int("ELASTICSEARCH_TIMEOUT", 5)
# Copies of each index beyond the primary: 0 for a single node, 1 (or more) for a cluster.
ELASTICSEARCH_REPLICAS = env_int("ELASTICSEARCH_REPLICAS", 0)
# Set when the cluster lacks the analysis-common module (Elasticsearch's test distribution):
# Wagtail's admin index then uses analyzers built from what the core ships.
ELASTICSEARCH_BASIC_ANALYSIS = env_bool("ELASTICSEARCH_BASIC_ANALYSIS", False)
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            # Several nodes, comma-separated: the client moves to another when one is down.
            "URLS": ELASTICSEARCH_URL.split(","),
            "INDEX_PREFIX": f"{ELASTICSEARCH_INDEX_PREFIX}-wagtail-",
            "TIMEOUT": ELASTICSEARCH_TIMEOUT,
            "OPTIONS": {},
            "INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": ELASTICSEARCH_REPLICAS}}},
        },
        # Kept up to date as well: the public search falls back to it when Elasticsearch is down.
        "database": {"BACKEND": "search.database_index"},
    }
    if ELASTICSEARCH_BASIC_ANALYSIS:
        _core_only = {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}
        WAGTAILSEARCH_BACKENDS["default"]["INDEX_SETTINGS"] = {
            "settings": {
                "index": {"number_of_replicas": ELASTICSEARCH_REPLICAS},
                "analysis": {
                    "analyzer": {"ngram_analyzer": _core_only, "edgengram_analyzer": _core_only},
                    "tokenizer": {},  # an empty mapping replaces Wagtail's n-gram definitions
                    "filter": {},
                }
            }
        }
else:
    # Wagtail's database search with a bulk write path on PostgreSQL (search/database_index.py).
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.database_index"}}
# Results the directory's free text narrows to, at most (the best-scoring ones).
SEARCH_MAX_DIRECTORY_MATCHES = env_int("SEARCH_MAX_DIRECTORY_MATCHES", 5000)

# --- Tasks -----------------------------------------------------------------------------
# Index updates run as tasks. Immediate (in the request, after commit) unless TASK_BACKEND
# says otherwise; production.py uses the database queue, worked by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env_str("TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- E-mail ----------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "trm-portal@example.org")

# --- Security headers (all environments; production.py tightens transport security) -----
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere on public pages; the tenant's accent colour is a
# stylesheet of its own (portal.views.tenant_css). The Wagtail admin, behind login, needs
# inline styles and scripts, so it is excluded from this strict policy.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Directory -------------------------------------------------------------------------
# Exports per client address (django-ratelimit syntax): enough for people, not for scrapers.
DIRECTORY_EXPORT_RATE = env_str("DIRECTORY_EXPORT_RATE", "20/m")
# Import limits, checked before and while a CSV/XLSX file is read (admin upload and the
# import_contacts command alike), so a hostile file cannot hold a worker (issue 10).
DIRECTORY_IMPORT_MAX_ROWS = env_int("DIRECTORY_IMPORT_MAX_ROWS", 20_000)
DIRECTORY_IMPORT_MAX_COLUMNS = env_int("DIRECTORY_IMPORT_MAX_COLUMNS", 60)
# Characters in one cell; the longest column of the directory holds 255.
DIRECTORY_IMPORT_MAX_CELL_CHARACTERS = env_int("DIRECTORY_IMPORT_MAX_CELL_CHARACTERS", 10_000)
# XLSX is a zip: its members' sizes, as the zip directory declares them, before anything is unpacked.
DIRECTORY_IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("DIRECTORY_IMPORT_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
DIRECTORY_IMPORT_MAX_COMPRESSION_RATIO = env_int("DIRECTORY_IMPORT_MAX_COMPRESSION_RATIO", 100)
