"""A fixed-window rate limit on Django's cache (per client address and minute) for the public query."""

from django.core.cache import cache

from yingshang.core.clock import court_now
from yingshang.core.errors import DomainError
from yingshang.credit import conf
from yingshang.credit.errors import CreditError


def check_public_query_rate(request) -> None:
    address = request.META.get("REMOTE_ADDR", "unknown")
    key = f"credit-public-query:{address}:{court_now():%Y%m%d%H%M}"
    if cache.add(key, 1, timeout=70):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=70)
            count = 1
    if count > conf.public_query_per_minute():
        raise DomainError(CreditError.RATE_LIMITED, "查询过于频繁，请一分钟后再试", status=429)
