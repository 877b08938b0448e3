"""Rendered parts of public pages, kept in the shared cache until the content under them changes.

The expensive parts of a page (a country profile's contacts, levels and sections; a measure's
steps) are the same for every visitor of one audience, in one language, on one day, until an
editor changes something. `{% cached_fragment %}` (portal_tags) keeps them under a key made of:

- the *content generation*, one counter for everything a public page shows: any save, delete or
  relation change of a model of the content apps bumps it (model signals), and so do bulk
  writers (through `bulk_saved` and the directory's `directory_changed`), changes of
  translation state and the search index taking in updates (search.indexing). It is bumped at
  once and again when the transaction commits, so a reader in between cannot keep a fragment
  rendered from the old rows under the new number. A counter evicted from the cache starts
  again from the clock, never from a number it had before;
- the *release*: a digest of the project's code, templates, catalogues and static files, so a
  deployment never serves fragments rendered by the previous code from a cache that outlived it;
- the site's host, the language, the audience (practitioners-only contacts shown or not), the day
  (contacts become due for review at midnight) and what the template names.

Fragments also expire on their own (timeout(): an hour with a shared cache, 30 seconds when each
process keeps its own), in case a write escaped every signal (`QuerySet.update()`). Logged-in
practitioners bypass the frontend cache (Varnish) but not this one. Fragments live in the
`fragments` cache (settings: FRAGMENT_CACHE_URL), the generation in the default one.

`remembered()` keeps smaller values every page needs (the tenant of a host, the navigation) in
the process's memory under the same generation.
"""
from __future__ import annotations

import functools
import hashlib
import os
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_started
from django.db import transaction
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

GENERATION_KEY = "fragments:generation"
# How long a fragment, and a value a process remembers, may outlive a write that escaped every signal.
TIMEOUT = 3600
# Without a shared cache (no REDIS_URL) each process counts generations of its own and cannot see
# another process's edits: then nothing is kept longer than this.
UNSHARED_TIMEOUT = 30
_UNSHARED_BACKENDS = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")


def timeout() -> int:
    """Seconds a fragment is kept: long with a shared cache, short when each process keeps its own."""
    shared = settings.CACHES.get("default", {}).get("BACKEND") not in _UNSHARED_BACKENDS
    return TIMEOUT if shared else UNSHARED_TIMEOUT


# Apps whose rows public pages show. Models of other apps (the search index, digests'
# subscriptions, sessions, login attempts) change without changing any page.
CONTENT_APPS = frozenset({
    "portal", "directory", "guidelines", "monitoring", "wagtailcore", "wagtaildocs", "wagtailimages", "taggit",
    "wagtailsearchpromotions",  # pages an editor pins to a search
})
# Rows of those apps that no page shows: an import's progress, the reminders sent to editors.
IGNORED_MODELS = frozenset({"directory.contactimport", "directory.reviewreminder"})

# What the release digest reads: the code and what renders pages, not the database or uploads.
_RELEASE_SUFFIXES = (".py", ".html", ".mo", ".txt", ".xml", ".css", ".js", ".svg")
_RELEASE_SKIP = frozenset({".venv", "node_modules", "var", "media", "tests", ".git", "__pycache__", "benchmarks"})


# The generation as this thread's current request read it: one cache read per request, and every
# part of one page rendered from the same generation. Forgotten when a request starts and when
# this thread changes content.
_request = threading.local()


def counter(key: str) -> int:
    """A generation counter kept in the default cache (cache keys carry it; bump() makes new keys).

    Never set, or evicted: it starts again from the clock, a number it cannot have had before, so
    keys made under an earlier value are never read again.
    """
    value = cache.get(key)
    if value is None:
        value = time.time_ns()
        if not cache.add(key, value, timeout=None):
            value = cache.get(key, value)
    return value


def bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not set yet, or evicted
        cache.set(key, time.time_ns(), timeout=None)


def content_generation() -> int:
    """The current content generation (one cache read per request)."""
    generation = getattr(_request, "generation", None)
    if generation is None:
        generation = _request.generation = counter(GENERATION_KEY)
    return generation


def forget_request_generation(**kwargs) -> None:
    _request.generation = None


request_started.connect(forget_request_generation, dispatch_uid="fragments-forget-request-generation")


def _bump() -> None:
    forget_request_generation()
    bump(GENERATION_KEY)


def content_changed(**kwargs) -> None:
    """Something public pages show changed: every fragment rendered before is out of date.

    Usable as a signal receiver and as a plain call (bulk writers)."""
    _bump()
    transaction.on_commit(_bump)


def is_content_model(model) -> bool:
    meta = getattr(model, "_meta", None)
    return meta is not None and meta.app_label in CONTENT_APPS and meta.label_lower not in IGNORED_MODELS


@functools.cache
def release() -> str:
    """A digest of the project's files that render pages (name, size, modification time), read once per process."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name not in _RELEASE_SKIP and not name.startswith("."))
        for name in sorted(files):
            if name.endswith(_RELEASE_SUFFIXES):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{os.path.relpath(os.path.join(folder, name), root)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def fragment_key(name: str, parts, *, host: str, language: str, audience: str) -> str:
    """The cache key of a fragment: its name and parts, the visitor's site, language and audience, today,
    the release and the content generation."""
    identity = "\x1f".join([name, *map(str, parts), host, language, audience, timezone.localdate().isoformat()])
    return f"fragment:{release()}:{content_generation()}:{hashlib.sha256(identity.encode()).hexdigest()[:32]}"


def when_rendered(function, /, *args, **kwargs) -> SimpleLazyObject:
    """A context value computed only if a template reads it: inside a fragment served from the cache
    (`{% cached_fragment %}`), its queries are never run."""
    return SimpleLazyObject(lambda: function(*args, **kwargs))


# Values derived from content (a tenant's site and settings, its navigation, its figures), kept in
# this process while the content generation stays the same: every page needs them, none changes
# without an edit.
_process: dict = {"generation": None, "values": {}, "until": 0.0}


def remembered(key: tuple, compute):
    """compute(), or the value it gave in this process for `key` under the current content generation
    (and for at most timeout() seconds)."""
    generation = content_generation()
    now = time.monotonic()
    if _process["generation"] != generation or now > _process["until"]:
        _process.update(generation=generation, values={}, until=now + timeout())
    values = _process["values"]
    if key not in values:
        values[key] = compute()
    return values[key]
