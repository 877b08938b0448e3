"""The shared cache (Redis) for every gunicorn worker, and what happens when Redis is down.

Redis holds rate-limit counters, facet counts and page fragments: all of it can be recomputed,
none of it is a record. So an unreachable Redis must not turn into an error page: every
operation that cannot reach it is logged and answers as a cache miss (reads return the
default, writes are dropped). The site keeps serving, more slowly, until Redis is back; the
next request after that caches again, since the client reconnects on its own.

Rate limits fail open while Redis is down (settings.RATELIMIT_FAIL_OPEN): they only guard the
directory exports, which return public data a practitioner may need urgently; refusing every
export during a cache outage would hurt the people the portal serves more than a scraper
getting through for a few minutes would hurt anyone. nginx's own request limit still applies.
"""
import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering as a miss (and logging) when Redis cannot be reached."""

    def _unreachable(self, operation: str, error: Exception) -> None:
        logger.warning("cache unavailable: %s skipped", operation, extra={"error": str(error)})

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("add", error)
            return False

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            self._unreachable("get", error)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("set", error)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as error:
            self._unreachable("delete", error)
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as error:
            self._unreachable("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as error:
            self._unreachable("has_key", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            # None, not an exception: callers (django-ratelimit) read None as "count unknown".
            self._unreachable("incr", error)
            return None

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("set_many", error)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except UNREACHABLE as error:
            self._unreachable("delete_many", error)
            return None

    def clear(self):
        try:
            return super().clear()
        except UNREACHABLE as error:
            self._unreachable("clear", error)
            return False
