from django.conf import settings


def public_query_per_minute() -> int:
    """Public-query rate limit per client address (issue 7 §4)."""
    return int(getattr(settings, "CREDIT_PUBLIC_QUERY_PER_MINUTE", 20))
