"""Settings of the notifications app, each with its documented default (read with getattr, so the app works
before the lead adds env-driven entries to config/settings/base.py).

SMS via China Mobile 云MAS (../shared/domain/sms-cloud-mas.md): the address and the credentials are given per
account at onboarding, so there is no default — with any of SMS_MAS_BASE_URL / _EC_NAME / _AP_ID / _SECRET_KEY /
_SIGN unset, the SMS channel is *disabled* (messages get status 通道未启用 and a follow-up task), never faked.
Values marked UNCONFIRMED in the rule book are settings with the rule book's default.
"""

from dataclasses import dataclass

from django.conf import settings


def _get(name: str, default):
    return getattr(settings, name, default)


# --- Dispatcher -------------------------------------------------------------------------------------------------

def max_attempts() -> int:
    """Attempts per message before it fails for good (and becomes a follow-up task for the clerk)."""
    return int(_get("NOTIFICATIONS_MAX_ATTEMPTS", 5))


def backoff_base_seconds() -> int:
    """Delay after the first failed attempt; doubles with each further failure (60 s, 120 s, 240 s …)."""
    return int(_get("NOTIFICATIONS_BACKOFF_BASE_SECONDS", 60))


def backoff_max_seconds() -> int:
    """Ceiling of the retry delay."""
    return int(_get("NOTIFICATIONS_BACKOFF_MAX_SECONDS", 6 * 3600))


def lease_seconds() -> int:
    """How long a claimed message belongs to one dispatcher. After that (the dispatcher died) another may take it.
    Must be far longer than the gateway timeout."""
    return int(_get("NOTIFICATIONS_LEASE_SECONDS", 300))


def batch_limit() -> int:
    """Messages handled per dispatcher pass when --limit is not given."""
    return int(_get("NOTIFICATIONS_BATCH_LIMIT", 200))


def dispatch_on_commit() -> bool:
    """Kick a dispatch of the new messages when the enqueuing transaction commits (in-process when no Celery
    broker is configured, otherwise a Celery task)."""
    return bool(_get("NOTIFICATIONS_DISPATCH_ON_COMMIT", True))


def celery_eager() -> bool:
    return bool(_get("CELERY_TASK_ALWAYS_EAGER", True))


def default_channels_party() -> list[str]:
    """Channels for a party that has not chosen: SMS to the phone on file, plus the portal inbox when the party
    has a portal account."""
    return list(_get("NOTIFICATIONS_DEFAULT_CHANNELS_PARTY", ["sms", "inbox"]))


def default_channels_user() -> list[str]:
    """Channels for a user (court staff, lawyers …) who has not chosen: the in-app inbox."""
    return list(_get("NOTIFICATIONS_DEFAULT_CHANNELS_USER", ["inbox"]))


# --- E-mail -----------------------------------------------------------------------------------------------------

def email_enabled() -> bool:
    return bool(_get("NOTIFICATIONS_EMAIL_ENABLED", True))


def email_from() -> str:
    return str(_get("NOTIFICATIONS_EMAIL_FROM", settings.DEFAULT_FROM_EMAIL))


def court_name() -> str:
    """Shown in e-mail subjects."""
    return str(_get("NOTIFICATIONS_COURT_NAME", "咸丰县人民法院"))


# --- SMS: the pluggable gateway and 云MAS ------------------------------------------------------------------------

def sms_gateway_path() -> str:
    """Dotted path of the SMS gateway class (pluggable: Alibaba/Tencent adapters would sit here)."""
    return str(_get("NOTIFICATIONS_SMS_GATEWAY", "yingshang.notifications.gateways.CloudMasGateway"))


@dataclass(frozen=True)
class MasSettings:
    base_url: str
    ec_name: str
    ap_id: str
    secret_key: str
    sign: str
    add_serial: str
    plain_path: str
    template_path: str
    template_ids: dict
    secret_key_in_body: bool
    content_type: str
    timeout_seconds: float
    ca_file: str
    honours_idempotency_key: bool
    report_token: str
    report_allowed_ips: tuple

    @property
    def missing(self) -> list[str]:
        """Names of the required settings that are empty."""
        required = {"SMS_MAS_BASE_URL": self.base_url, "SMS_MAS_EC_NAME": self.ec_name,
                    "SMS_MAS_AP_ID": self.ap_id, "SMS_MAS_SECRET_KEY": self.secret_key, "SMS_MAS_SIGN": self.sign}
        return [name for name, value in required.items() if not value]


def mas() -> MasSettings:
    return MasSettings(
        base_url=str(_get("SMS_MAS_BASE_URL", "")).rstrip("/"),
        ec_name=str(_get("SMS_MAS_EC_NAME", "")),
        ap_id=str(_get("SMS_MAS_AP_ID", "")),
        secret_key=str(_get("SMS_MAS_SECRET_KEY", "")),
        # The signature *code* from 『签名下载』 (e.g. DWItALe3A), not the 【…】 text.
        sign=str(_get("SMS_MAS_SIGN", "")),
        # "" when the service code is 精确匹配.
        add_serial=str(_get("SMS_MAS_ADD_SERIAL", "")),
        plain_path=str(_get("SMS_MAS_PLAIN_PATH", "/sms/norsubmit")),
        template_path=str(_get("SMS_MAS_TEMPLATE_PATH", "/sms/tmpsubmit")),
        # {template_code: MAS templateId}: codes listed here go out as 模板短信 (preferred by the rule book).
        template_ids=dict(_get("SMS_MAS_TEMPLATE_IDS", {})),
        # UNCONFIRMED (§3): the vendor's field table omits secretKey from the body, its examples include it.
        secret_key_in_body=bool(_get("SMS_MAS_SECRET_KEY_IN_BODY", False)),
        # UNCONFIRMED (§3): application/json and text/plain both reported to work.
        content_type=str(_get("SMS_MAS_CONTENT_TYPE", "application/json")),
        timeout_seconds=float(_get("SMS_MAS_TIMEOUT_SECONDS", 10)),
        # HTTPS endpoints are addressed by IP: trust a configured CA bundle instead of disabling checks.
        ca_file=str(_get("SMS_MAS_CA_FILE", "")),
        # 云MAS has no idempotency key. Set True only behind a relay that de-duplicates on X-Idempotency-Key;
        # otherwise a send whose outcome is unknown is NOT repeated (at most once) and goes to the clerk.
        honours_idempotency_key=bool(_get("SMS_MAS_HONOURS_IDEMPOTENCY_KEY", False)),
        # Delivery reports are pushed without authentication (§7): accept them only on a secret path …
        report_token=str(_get("SMS_MAS_REPORT_TOKEN", "")),
        # … and, when listed, only from these source IPs (UNCONFIRMED: the platform's addresses).
        report_allowed_ips=tuple(_get("SMS_MAS_REPORT_ALLOWED_IPS", ())),
    )
