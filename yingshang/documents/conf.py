"""Settings of the documents app, each read with its documented default (do not read settings elsewhere).

UNCONFIRMED rules of ../shared/domain/rules-fees-periods-case-numbers.md §3.3 are settings, so the court can
choose without a release.
"""

from django.conf import settings


def _get(name: str, default):
    return getattr(settings, name, default)


def effective_date_offset_days() -> int:
    """Days after the last day of the last appeal period on which the decision is recorded as effective.
    §3.3: common practice prints "the day after the last expiry" (last day 1-11 → effective 1-12); the statute
    only says "expired without appeal" — UNCONFIRMED which date the court's 生效证明 prints. Default 1; 0 prints
    the last appeal day itself. Both dates are stored on the decision either way."""
    return int(_get("DOCUMENTS_EFFECTIVE_DATE_OFFSET_DAYS", 1))


def court_name() -> str:
    """The court's name printed on generated documents."""
    return str(_get("DOCUMENTS_COURT_NAME", "咸丰县人民法院"))


def court_address() -> str:
    """The sender's address on the mailing pack (fallback service by post)."""
    return str(_get("DOCUMENTS_COURT_ADDRESS", "湖北省恩施土家族苗族自治州咸丰县高乐山镇"))


def court_phone() -> str:
    return str(_get("DOCUMENTS_COURT_PHONE", ""))


def public_base_url() -> str:
    """Scheme and host the public reaches the platform at; printed in QR codes and SMS links. Must be set in
    production (the default only works on the machine itself)."""
    return str(_get("DOCUMENTS_PUBLIC_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def verification_key() -> bytes:
    """Key of the check characters of verification codes (HMAC-SHA256). Defaults to SECRET_KEY; rotating it
    invalidates every printed code, so set it once."""
    return str(_get("DOCUMENTS_VERIFICATION_KEY", settings.SECRET_KEY)).encode()


def upload_max_bytes() -> int:
    """Largest file accepted into the dossier. Default 20 MB."""
    return int(_get("DOCUMENTS_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))


def upload_content_types() -> tuple[str, ...]:
    return tuple(_get("DOCUMENTS_UPLOAD_CONTENT_TYPES",
                      ("application/pdf", "image/jpeg", "image/png", "application/zip",
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       "application/msword", "text/plain", "audio/mpeg", "video/mp4")))
