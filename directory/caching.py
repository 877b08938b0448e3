"""A version number for the directory's data, so derived values (facet counts) can be cached safely.

Any change to contacts, their phones, organisations or tenants' member countries bumps the
version; cache keys include it, so a change is visible on the next request. Bulk writers
that bypass model signals (the importer, the demo loader) call `directory_changed()` themselves.
"""

from portal.tenancy import fragments

VERSION_KEY = "directory:version"
# Cached values also expire on their own, in case a write escaped the signals.
CACHE_SECONDS = 300


def directory_version() -> int:
    return fragments.counter(VERSION_KEY)


def directory_changed(**kwargs) -> None:
    """Signal receiver (and plain function): the directory's data changed (and so did the pages showing it)."""
    fragments.content_changed()
    fragments.bump(VERSION_KEY)


def cache_key(*parts) -> str:
    return ":".join(["directory", str(directory_version()), *map(str, parts)])
