"""Who calls the API: a bearer token, checked, stamped and rate-limited."""

import time

from django.conf import settings
from django.core.cache import cache
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from .tokens import token_for_secret, token_touch

WINDOW = 60  # seconds: API_RATE_LIMIT requests per token per minute


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`: the call acts as the token's account, with its roles
    and scope."""

    def authenticate(self, request, token):
        found = token_for_secret(token)
        if found is None:
            return None
        token_touch(found)
        request.user = found.user
        return found


class TokenRateThrottle(BaseThrottle):
    """At most `settings.API_RATE_LIMIT` requests per token in each minute (a counter in the
    cache, Redis in production, so every worker shares it); beyond it 429 with Retry-After."""

    def allow_request(self, request) -> bool:
        token = getattr(request, "auth", None)
        if token is None:
            return True
        window = int(time.time() // WINDOW)
        key = f"api:rate:{token.pk}:{window}"
        cache.add(key, 0, timeout=WINDOW * 2)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW * 2)
            count = 1
        return count <= settings.API_RATE_LIMIT

    def wait(self) -> float:
        return WINDOW - (time.time() % WINDOW)
