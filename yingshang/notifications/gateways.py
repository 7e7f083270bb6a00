"""Outbound channels that leave the building: the pluggable SMS gateway (China Mobile 云MAS implemented) and
e-mail through Django's mail. The in-app inbox is a database write and lives in dispatch.py.

An SMS gateway is any class with this shape (selected by settings.NOTIFICATIONS_SMS_GATEWAY):

    name: str
    honours_idempotency_key: bool      # a repeated call with the same key is not sent twice
    status() -> ChannelStatus          # enabled, or disabled with the reason (missing settings …)
    send(*, idempotency_key, mobile, content, template_code, params) -> domain.SendResult
    parse_receipts(data) -> list[domain.Receipt]
"""

import hashlib
import http.client
import logging
import smtplib
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

from yingshang.notifications import conf, domain
from yingshang.notifications.domain import SendOutcome, SendResult

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChannelStatus:
    enabled: bool
    reason: str = ""


def sms_gateway():
    """The configured SMS gateway instance (settings are read now, so they can change between runs)."""
    return import_string(conf.sms_gateway_path())()


class CloudMasGateway:
    """China Mobile 云MAS, HTTP interface (sms-cloud-mas.md): Base64(JSON) body, MD5 ``mac``, ``msgGroup`` reply.

    Codes with a templateId in SMS_MAS_TEMPLATE_IDS go out as 模板短信 (/sms/tmpsubmit), others as 普通短信
    (/sms/norsubmit). The idempotency key travels as an X-Idempotency-Key header; the platform itself does not
    de-duplicate, so honours_idempotency_key follows the setting (default False)."""

    name = "cloud_mas"

    def __init__(self, settings: conf.MasSettings | None = None):
        self.settings = settings or conf.mas()
        self.honours_idempotency_key = self.settings.honours_idempotency_key

    def status(self) -> ChannelStatus:
        missing = self.settings.missing
        if missing:
            return ChannelStatus(False, f"短信通道未启用：未配置 {'、'.join(missing)}（云MAS 接口地址与账号）")
        return ChannelStatus(True, f"云MAS {self.settings.base_url}")

    def _account(self) -> domain.MasAccount:
        s = self.settings
        return domain.MasAccount(ec_name=s.ec_name, ap_id=s.ap_id, secret_key=s.secret_key, sign=s.sign,
                                 add_serial=s.add_serial, secret_key_in_body=s.secret_key_in_body)

    def request_for(self, *, mobile: str, content: str, template_code: str, params: list[str]) -> tuple[str, bytes]:
        """(URL, raw body) for one message."""
        template_id = self.settings.template_ids.get(template_code)
        if template_id:
            payload = domain.mas_template_payload(self._account(), template_id=str(template_id),
                                                  mobiles=[mobile], params=params)
            path = self.settings.template_path
        else:
            payload = domain.mas_plain_payload(self._account(), mobiles=[mobile], content=content)
            path = self.settings.plain_path
        return self.settings.base_url + path, domain.mas_encode_body(payload)

    def send(self, *, idempotency_key: str, mobile: str, content: str, template_code: str,
             params: list[str]) -> SendResult:
        status = self.status()
        if not status.enabled:
            return SendResult(SendOutcome.REJECTED, raw_code="DISABLED", reason=status.reason)
        url, body = self.request_for(mobile=mobile, content=content, template_code=template_code, params=params)
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": self.settings.content_type, "X-Idempotency-Key": idempotency_key})
        context = None
        if url.startswith("https:"):
            context = ssl.create_default_context(cafile=self.settings.ca_file or None)
        return _http_submit(request, timeout=self.settings.timeout_seconds, context=context)

    def parse_receipts(self, data) -> list[domain.Receipt]:
        return domain.mas_parse_reports(data)


def _http_submit(request, *, timeout: float, context) -> SendResult:
    """POST and classify: not connected → retryable; connected but no answer → uncertain (it may have been
    queued at the platform). The decoded body is never logged (it holds the mac and, optionally, the key)."""
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
            return domain.mas_parse_submit_response(response.status, response.read())
    except urllib.error.HTTPError as exc:
        return domain.mas_parse_submit_response(exc.code, exc.read() or b"")
    except urllib.error.URLError as exc:
        # Raised while connecting (refused, DNS, TLS handshake, connect timeout): nothing was sent.
        return SendResult(SendOutcome.RETRYABLE, raw_code="CONNECT_ERROR", reason=f"无法连接短信平台：{exc.reason}")
    except (TimeoutError, socket.timeout, http.client.RemoteDisconnected, ConnectionResetError) as exc:
        return SendResult(SendOutcome.UNCERTAIN, raw_code="NO_ANSWER",
                          reason=f"短信平台未应答（{type(exc).__name__}），无法确定是否已受理")
    except (OSError, http.client.HTTPException) as exc:
        return SendResult(SendOutcome.UNCERTAIN, raw_code="IO_ERROR", reason=f"与短信平台通信中断：{exc}")


def email_message_id(idempotency_key: str) -> str:
    """A Message-ID derived from the idempotency key: a resent copy carries the same id, so mail servers and
    clients that de-duplicate by Message-ID show it once."""
    return f"<{hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]}@yingshang.notifications>"


def email_status() -> ChannelStatus:
    if not conf.email_enabled():
        return ChannelStatus(False, "电子邮件通道未启用（NOTIFICATIONS_EMAIL_ENABLED=False）")
    return ChannelStatus(True, "Django 邮件")


def email_send(*, idempotency_key: str, to: str, subject: str, body: str) -> SendResult:
    """Send one e-mail through Django's configured backend."""
    mail = EmailMessage(subject=f"【{conf.court_name()}】{subject}", body=body, from_email=conf.email_from(),
                        to=[to], headers={"Message-ID": email_message_id(idempotency_key),
                                          "X-Idempotency-Key": idempotency_key})
    try:
        mail.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        return SendResult(SendOutcome.REJECTED, raw_code="RECIPIENT_REFUSED", reason=f"邮件服务器拒收：{exc}")
    except (ConnectionRefusedError, socket.gaierror, smtplib.SMTPConnectError) as exc:
        return SendResult(SendOutcome.RETRYABLE, raw_code="CONNECT_ERROR", reason=f"无法连接邮件服务器：{exc}")
    except (smtplib.SMTPException, OSError) as exc:
        return SendResult(SendOutcome.UNCERTAIN, raw_code="SMTP_ERROR", reason=f"邮件发送中断：{exc}")
    return SendResult(SendOutcome.ACCEPTED, gateway_message_id=email_message_id(idempotency_key).strip("<>")[:64],
                      raw_code="OK", reason="已交邮件服务器")
