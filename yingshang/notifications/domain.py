"""Pure rules of the notification outbox: template rendering (Chinese dates), channel choice, retry backoff,
and the China Mobile 云MAS HTTP protocol (request body, ``mac`` signature, responses, delivery reports).

No ORM, no settings, no clock: values in, result or DomainError out.

Sources: the vendor's 「云MAS平台 HTTP（Java）接口文档」 (rev. 2025-05-15) as summarised in
../shared/domain/sms-cloud-mas.md §§3–7; plan measure 15 (执行节点告知) for the node templates; dates written as
in court documents (2024年5月6日).
"""

import base64
import hashlib
import json
import string
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from yingshang.core.errors import DomainError
from yingshang.notifications.errors import NotificationError

# --- Templates --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """One notice text. ``text`` uses {name} placeholders; every placeholder is a required context key.
    ``audience`` is who it is written for (party / staff), for the catalogue page and defaults."""

    code: str
    title: str
    text: str
    audience: str = "party"
    description: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        """The placeholders in order of first appearance (also the order of 云MAS template ``params``)."""
        return template_fields(self.text)


def template_fields(text: str) -> tuple[str, ...]:
    names: list[str] = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"template placeholder must be a plain name: {{{name}}}")
        if name not in names:
            names.append(name)
    return tuple(names)


def format_chinese_date(value: date) -> str:
    """2024-05-06 → 「2024年5月6日」 (no leading zeros, as court documents write it)."""
    return f"{value.year}年{value.month}月{value.day}日"


def format_value(value: Any) -> str:
    """A context value as it appears in the text: dates in Chinese, moments as 「2024年5月6日 09:30」 (the caller
    passes local time), everything else with str(). None and "" are refused by render()."""
    if isinstance(value, datetime):
        return f"{format_chinese_date(value.date())} {value:%H:%M}"
    if isinstance(value, date):
        return format_chinese_date(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    values: dict[str, str]          # the formatted values of the template's fields, JSON-safe
    params: list[str]               # the same values in placeholder order (云MAS template params)


def render(template: Template, context: dict) -> Rendered:
    """Fill a template. A missing (or empty) key is refused with a coded error so nothing is queued."""
    missing = [name for name in template.fields if name not in context or context[name] in (None, "")]
    if missing:
        raise DomainError(NotificationError.CONTEXT_KEY_MISSING,
                          f"通知模板「{template.code}」缺少必填内容：{'、'.join(missing)}",
                          {"template_code": template.code, "missing": missing})
    values = {name: format_value(context[name]) for name in template.fields}
    return Rendered(subject=template.title, body=template.text.format_map(values), values=values,
                    params=[values[name] for name in template.fields])


def template_lookup(catalogue: dict[str, Template], code: str) -> Template:
    try:
        return catalogue[code]
    except KeyError:
        raise DomainError(NotificationError.TEMPLATE_UNKNOWN, f"未知的通知模板：{code}", {"template_code": code})


# --- Channels ---------------------------------------------------------------------------------------------------

CHANNELS = ("sms", "email", "inbox")


@dataclass(frozen=True)
class Reachability:
    """What the recipient can be reached on: a valid mobile, an e-mail address, portal accounts."""

    phone: str = ""
    email: str = ""
    inbox_user_count: int = 0

    def can_reach(self, channel: str) -> bool:
        return {"sms": bool(self.phone), "email": bool(self.email), "inbox": self.inbox_user_count > 0}[channel]


def channels_check(channels: list[str]) -> list[str]:
    """Known channels, de-duplicated, in the given order."""
    unknown = [c for c in channels if c not in CHANNELS]
    if unknown:
        raise DomainError(NotificationError.CHANNEL_UNKNOWN, f"未知的通知渠道：{'、'.join(unknown)}",
                          {"unknown": unknown, "allowed": list(CHANNELS)})
    return list(dict.fromkeys(channels))


def channels_resolve(*, requested: list[str] | None, chosen: list[str] | None, defaults: list[str],
                     reach: Reachability) -> list[str]:
    """The channels a notice goes out on.

    - ``requested`` (the calling service names channels): every one must be reachable, else a coded error —
      the caller asked for something impossible.
    - otherwise the recipient's own choice (``chosen``), or the defaults: the reachable ones among them. An empty
      answer means "cannot be reached"; the service turns that into a follow-up task, it does not refuse the
      caller's change.
    """
    if requested is not None:
        wanted = channels_check(requested)
        if not wanted:
            raise DomainError(NotificationError.CHANNELS_EMPTY, "至少指定一个通知渠道")
        unreachable = [c for c in wanted if not reach.can_reach(c)]
        if unreachable:
            raise DomainError(NotificationError.CHANNEL_NOT_ADDRESSABLE,
                              f"收件人没有可用于以下渠道的联系方式：{'、'.join(unreachable)}",
                              {"channels": unreachable})
        return wanted
    wanted = channels_check(chosen if chosen is not None else defaults)
    return [c for c in wanted if reach.can_reach(c)]


def email_normalise(value: str) -> str:
    """A plain mailbox address (one @, a dot in the domain, no spaces); lower-cased domain."""
    text = (value or "").strip()
    local, at, domain = text.rpartition("@")
    if not at or not local or "." not in domain.strip(".") or any(ch.isspace() for ch in text) or "@" in local:
        raise DomainError(NotificationError.EMAIL_INVALID, "电子邮箱地址不正确", {"email": value})
    return f"{local}@{domain.lower()}"


def message_key(group_key: str, channel: str) -> str:
    """The idempotency key of one message: the caller's key (one notice) + the channel."""
    return f"{group_key}:{channel}"


# --- Retries ----------------------------------------------------------------------------------------------------

def backoff_seconds(*, failed_attempts: int, base_seconds: int, max_seconds: int) -> int:
    """Exponential backoff: after the n-th failed attempt wait base × 2^(n−1) seconds, at most max_seconds.
    60 s base → 60, 120, 240, 480 …"""
    if failed_attempts < 1:
        raise ValueError("failed_attempts starts at 1")
    return min(base_seconds * 2 ** (failed_attempts - 1), max_seconds)


@dataclass(frozen=True)
class RetryDecision:
    retry: bool
    next_attempt_at: datetime | None


def retry_decide(*, failed_attempts: int, max_attempts: int, failed_at: datetime, base_seconds: int,
                 max_seconds: int) -> RetryDecision:
    """After a retryable failure: retry at failed_at + backoff, unless max_attempts are used up."""
    if failed_attempts >= max_attempts:
        return RetryDecision(retry=False, next_attempt_at=None)
    delay = backoff_seconds(failed_attempts=failed_attempts, base_seconds=base_seconds, max_seconds=max_seconds)
    return RetryDecision(retry=True, next_attempt_at=failed_at + timedelta(seconds=delay))


class SendOutcome(StrEnum):
    ACCEPTED = "accepted"        # the gateway took it (SMS: queued at the platform; inbox/e-mail: handed over)
    RETRYABLE = "retryable"      # certainly not sent (connection refused, 502/503, throttled): try again later
    REJECTED = "rejected"        # refused for good (bad credentials, bad number …): no retry
    UNCERTAIN = "uncertain"      # may or may not have been sent (timeout after the request went out, 500/504)


@dataclass(frozen=True)
class SendResult:
    outcome: SendOutcome
    gateway_message_id: str = ""
    raw_code: str = ""
    reason: str = ""


# --- 云MAS (China Mobile cloud MAS) HTTP interface --------------------------------------------------------------

def mas_mac_plain(*, ec_name: str, ap_id: str, secret_key: str, mobiles: str, content: str, sign: str,
                  add_serial: str) -> str:
    """``mac`` of a 普通短信 request: lowercase hex MD5 over the UTF-8 bytes of
    ecName + apId + secretKey + mobiles + content + sign + addSerial, no separator (sms-cloud-mas.md §4)."""
    concat = f"{ec_name}{ap_id}{secret_key}{mobiles}{content}{sign}{add_serial}"
    return hashlib.md5(concat.encode("utf-8")).hexdigest()


def mas_mac_template(*, ec_name: str, ap_id: str, secret_key: str, template_id: str, mobiles: str, params: str,
                     sign: str, add_serial: str) -> str:
    """``mac`` of a 模板短信 request: MD5 over ecName + apId + secretKey + templateId + mobiles + params + sign +
    addSerial, with ``params`` exactly the string sent (§4)."""
    concat = f"{ec_name}{ap_id}{secret_key}{template_id}{mobiles}{params}{sign}{add_serial}"
    return hashlib.md5(concat.encode("utf-8")).hexdigest()


def mas_params_string(values: list[str]) -> str:
    """Template variables as the JSON array *string* the platform expects: compact, UTF-8 kept (§3–4).
    No variables → "[]" (the vendor example; UNCONFIRMED against the field table's [""])."""
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class MasAccount:
    ec_name: str
    ap_id: str
    secret_key: str
    sign: str
    add_serial: str = ""
    secret_key_in_body: bool = False


def mas_plain_payload(account: MasAccount, *, mobiles: list[str], content: str) -> dict:
    """The JSON object of a 普通短信 request, fields in the vendor's order, mac included."""
    mobiles_text = ",".join(mobiles)
    payload = {"ecName": account.ec_name, "apId": account.ap_id}
    if account.secret_key_in_body:
        payload["secretKey"] = account.secret_key
    payload.update({"mobiles": mobiles_text, "content": content, "sign": account.sign,
                    "addSerial": account.add_serial})
    payload["mac"] = mas_mac_plain(ec_name=account.ec_name, ap_id=account.ap_id, secret_key=account.secret_key,
                                   mobiles=mobiles_text, content=content, sign=account.sign,
                                   add_serial=account.add_serial)
    return payload


def mas_template_payload(account: MasAccount, *, template_id: str, mobiles: list[str], params: list[str]) -> dict:
    """The JSON object of a 模板短信 request; ``params`` is a string holding a JSON array."""
    mobiles_text = ",".join(mobiles)
    params_text = mas_params_string(params)
    payload = {"ecName": account.ec_name, "apId": account.ap_id}
    if account.secret_key_in_body:
        payload["secretKey"] = account.secret_key
    payload.update({"templateId": template_id, "mobiles": mobiles_text, "params": params_text,
                    "sign": account.sign, "addSerial": account.add_serial})
    payload["mac"] = mas_mac_template(ec_name=account.ec_name, ap_id=account.ap_id, secret_key=account.secret_key,
                                      template_id=template_id, mobiles=mobiles_text, params=params_text,
                                      sign=account.sign, add_serial=account.add_serial)
    return payload


def mas_encode_body(payload: dict) -> bytes:
    """The raw HTTP body: Base64 of the UTF-8 JSON (compact, Chinese unescaped) — §3."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(text.encode("utf-8"))


def mas_decode_body(body: bytes) -> dict:
    """The inverse of mas_encode_body (used by the loopback fake platform in tests)."""
    return json.loads(base64.b64decode(body).decode("utf-8"))


# rspcod → (explanation, outcome). Any code not listed is a non-retryable failure, kept raw (§5).
MAS_RESPONSE_CODES: dict[str, tuple[str, SendOutcome]] = {
    "success": ("已通过校验并提交网关", SendOutcome.ACCEPTED),
    "IllegalMac": ("mac 校验失败（配置或编码错误）", SendOutcome.REJECTED),
    "IllegalSignId": ("签名编码无效（请核对 SMS_MAS_SIGN）", SendOutcome.REJECTED),
    "InvalidMessage": ("报文无法解析（Base64/JSON/编码错误）", SendOutcome.REJECTED),
    "InvalidUsrOrPwd": ("接口账号或密钥错误（或集团名称不符）", SendOutcome.REJECTED),
    "NoSignId": ("未匹配到签名", SendOutcome.REJECTED),
    "TooManyMobiles": ("号码数超过 5000", SendOutcome.REJECTED),
}


def mas_parse_submit_response(status: int, body: bytes) -> SendResult:
    """Interpret the synchronous answer (plain JSON ``{"msgGroup","rspcod","success"}``, §5).

    HTTP 502/503/429 mean the request was not processed → retryable; 500/504 may hide a processed request →
    uncertain; other non-200 → rejected. ``success`` only means "validated and queued"; delivery comes later."""
    if status in (429, 502, 503):
        return SendResult(SendOutcome.RETRYABLE, raw_code=f"HTTP {status}", reason=f"短信平台暂不可用（HTTP {status}）")
    if status in (500, 504):
        return SendResult(SendOutcome.UNCERTAIN, raw_code=f"HTTP {status}",
                          reason=f"短信平台返回 HTTP {status}，无法确定是否已受理")
    if status != 200:
        return SendResult(SendOutcome.REJECTED, raw_code=f"HTTP {status}", reason=f"短信平台拒绝请求（HTTP {status}）")
    try:
        data = json.loads(body.decode("utf-8"))
        rspcod = str(data.get("rspcod", ""))
        msg_group = str(data.get("msgGroup") or data.get("mgsGroup") or "")
        success = data.get("success") is True
    except (UnicodeDecodeError, ValueError, AttributeError):
        return SendResult(SendOutcome.UNCERTAIN, raw_code="UNPARSEABLE", reason="短信平台应答无法解析，无法确定是否已受理")
    if success and rspcod == "success" and msg_group:
        return SendResult(SendOutcome.ACCEPTED, gateway_message_id=msg_group, raw_code=rspcod,
                          reason=MAS_RESPONSE_CODES["success"][0])
    explanation, outcome = MAS_RESPONSE_CODES.get(rspcod, (f"短信平台返回未知代码 {rspcod or '（空）'}", SendOutcome.REJECTED))
    if outcome == SendOutcome.ACCEPTED:  # "success" without a msgGroup or success flag: not trustworthy
        outcome, explanation = SendOutcome.UNCERTAIN, "短信平台应答不完整（无 msgGroup）"
    return SendResult(outcome, raw_code=rspcod, reason=f"{rspcod}：{explanation}")


@dataclass(frozen=True)
class Receipt:
    gateway_message_id: str
    mobile: str
    delivered: bool
    raw_code: str                   # reportStatus, plus errorCode when not delivered
    received_at: datetime | None = field(default=None)


def mas_parse_reports(data: Any) -> list[Receipt]:
    """Delivery reports pushed by the platform (§7): one object per mobile, or a list of them.
    ``DELIVRD`` = delivered; anything else failed (carrier code kept raw). Dates yyyyMMddHHmmss, naive
    (Beijing time assumed; the caller makes them aware)."""
    items = data if isinstance(data, list) else [data]
    receipts = []
    for item in items:
        if not isinstance(item, dict) or not item.get("msgGroup") or not item.get("reportStatus"):
            raise DomainError(NotificationError.RECEIPT_INVALID, "短信状态报告缺少 msgGroup 或 reportStatus")
        mobiles = item.get("mobile")
        mobiles = mobiles if isinstance(mobiles, list) else [mobiles or ""]
        status = str(item["reportStatus"])
        error_code = str(item.get("errorCode") or "")
        received = None
        raw_date = str(item.get("receiveDate") or "")
        try:
            received = datetime.strptime(raw_date, "%Y%m%d%H%M%S") if raw_date else None
        except ValueError:
            received = None
        for mobile in mobiles:
            receipts.append(Receipt(gateway_message_id=str(item["msgGroup"]), mobile=str(mobile),
                                    delivered=status == "DELIVRD",
                                    raw_code=status if status == "DELIVRD" or not error_code
                                    else f"{status}/{error_code}",
                                    received_at=received))
    return receipts
