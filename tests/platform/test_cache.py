"""The production cache (kontum_it.cache): Django's Redis cache, sharing one client."""

import uuid

import pytest
import redis

from kontum_it.cache import RedisCache

SERVER = "redis://127.0.0.1:6379/7"


def cache(location=SERVER):
    return RedisCache(location, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": {"socket_timeout": 1}})


def redis_up() -> bool:
    try:
        return redis.Redis.from_url(SERVER, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        return False


@pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_it_stores_reads_and_forgets_with_one_client():
    shared = cache()
    assert shared.get("figures") is None
    shared.set("figures", {"servers": 106}, timeout=60)
    assert shared.get("figures") == {"servers": 106}
    assert shared.get_or_set("version", "a") == "a"
    assert shared.get_or_set("version", "b") == "a"
    shared.delete("figures")
    assert shared.get("figures", "gone") == "gone"
    client = shared._cache.get_client("figures")
    assert shared._cache.get_client("other", write=True) is client  # one pool, one client


def test_a_redis_that_is_down_raises_as_djangos_does():
    down = cache("redis://127.0.0.1:1/0")  # nothing listens on port 1
    with pytest.raises(redis.ConnectionError):
        down.get("figures")
