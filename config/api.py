"""The one NinjaAPI at /api/v1. Mounts every app's router (yingshang.<app>.api.router, discovered), maps every
error to 4xx JSON {"code", "message", "detail"} with a Chinese message."""

import importlib
import json
import logging

from django.apps import apps
from django.conf import settings
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from yingshang.core.errors import CoreError, DomainError

logger = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    """Authorization: Bearer <key> — keys issued by org.services.api_token_create."""

    def authenticate(self, request, token):
        from yingshang.org.services import api_token_authenticate

        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class OptionalSession(SessionAuth):
    """Session auth for the pages' own calls (CSRF-checked on unsafe methods).

    Only a logged-in session is CSRF-checked: without one there is nothing to forge, and the caller must get
    the 401 (or try its bearer token), not a CSRF refusal."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


def _refuse_nul(value, path: str = "") -> None:
    """PostgreSQL text cannot hold NUL (0x00): refuse it at the door instead of failing in the database."""
    if isinstance(value, str):
        if "\x00" in value:
            raise DomainError(CoreError.VALIDATION_ERROR, "请求数据不合法：文本中不能含有空字符（\\u0000）",
                              {"errors": [{"field": path, "message": "文本中不能含有空字符", "type": "nul_character"}]},
                              status=422)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key, path)
            _refuse_nul(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_nul(item, f"{path}.{index}" if path else str(index))


class StrictParser(Parser):
    """The default JSON parser, refusing NUL characters in the body and the query string."""

    def parse_body(self, request):
        data = super().parse_body(request)
        _refuse_nul(data)
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        _refuse_nul(result)
        return result


api = NinjaAPI(
    parser=StrictParser(),
    title="营商 Yingshang API",
    version="1.0",
    description="咸丰县人民法院法治化营商环境平台 — JSON API. 错误统一为 {code, message, detail}。",
    urls_namespace="api",
    # Bearer first: an API client sending a token never has a CSRF cookie, and must not be refused for it.
    auth=[BearerToken(), OptionalSession()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)

# Pydantic error types → Chinese messages.
_VALIDATION_MESSAGES = {
    "missing": "必填项缺失",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_parsing": "应为布尔值",
    "string_type": "应为文本",
    "date_parsing": "日期不正确，应为 YYYY-MM-DD 的有效日期",
    "date_from_datetime_parsing": "日期不正确，应为 YYYY-MM-DD 的有效日期",
    "date_from_datetime_inexact": "日期不正确，应为 YYYY-MM-DD 的有效日期",
    "date_type": "日期不正确，应为 YYYY-MM-DD 的有效日期",
    "datetime_parsing": "时间不正确，应为 ISO 8601 格式",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "greater_than": "数值过小",
    "string_too_long": "文本过长",
    "string_too_short": "文本过短",
    "model_attributes_type": "请求体应为 JSON 对象",
    "dict_type": "请求体应为 JSON 对象",
    "list_type": "应为列表",
    "value_error": "取值不正确",
    "json_invalid": "JSON 格式不正确",
}


def error_body(code: str, message: str, detail=None) -> dict:
    return {"code": str(code), "message": message, "detail": detail or {}}


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return api.create_response(request, error_body(exc.code, exc.message, exc.detail), status=exc.status)


def _body_shape_error(request) -> str | None:
    """A JSON body that is not an object (``[1, 2]``, ``null``, a bare string) or is missing altogether."""
    if request.method not in ("POST", "PUT", "PATCH") or "json" not in request.content_type:
        return None
    if not request.body.strip():
        return "请求体不能为空，应为 JSON 对象"
    try:
        parsed = json.loads(request.body)
    except ValueError:
        return None
    return None if isinstance(parsed, dict) else "请求体应为 JSON 对象"


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    shape = _body_shape_error(request)
    if shape:
        return api.create_response(request, error_body(CoreError.VALIDATION_ERROR, shape), status=422)
    fields = []
    for err in exc.errors:
        loc = ".".join(str(part) for part in err.get("loc", ()) if part not in ("body", "payload", "data"))
        message = _VALIDATION_MESSAGES.get(err.get("type", "")) or err.get("msg") or "取值不正确"
        ctx_msg = err.get("ctx", {}).get("error") if isinstance(err.get("ctx"), dict) else None
        if isinstance(ctx_msg, DomainError):
            message = ctx_msg.message
        elif err.get("type") == "value_error" and err.get("msg"):
            message = str(err["msg"]).removeprefix("Value error, ")
        fields.append({"field": loc, "message": message, "type": err.get("type", "")})
    summary = "；".join(f"{f['field']}：{f['message']}" if f["field"] else f["message"] for f in fields[:5])
    return api.create_response(request, error_body(CoreError.VALIDATION_ERROR, f"请求数据不合法：{summary}",
                                                   {"errors": fields}), status=422)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return api.create_response(request, error_body(CoreError.AUTH_REQUIRED, "请先登录或提供有效的 API 令牌"),
                               status=401)


@api.exception_handler(AuthorizationError)
def on_authz_error(request, exc):
    return api.create_response(request, error_body(CoreError.PERMISSION_DENIED, "您无权执行此操作"), status=403)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, DomainError):  # a refusal raised while parsing the body (StrictParser)
        return on_domain_error(request, exc.__cause__)
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return api.create_response(request, error_body(CoreError.MALFORMED_JSON, "请求体不是有效的 JSON"), status=400)
    if exc.status_code == 403 and str(exc).startswith("CSRF"):
        return api.create_response(request, error_body("CSRF_FAILED", "页面已过期或缺少 CSRF 令牌，请刷新页面后重试"),
                                   status=403)
    return api.create_response(request, error_body(f"HTTP_{exc.status_code}", str(exc)), status=exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, error_body(CoreError.NOT_FOUND, "未找到该记录，或您无权查看"), status=404)


@api.exception_handler(Exception)
def on_unexpected(request, exc):  # pragma: no cover - a bug, logged; still JSON with a code
    logger.exception("unhandled API error", exc_info=exc)
    if settings.DEBUG and getattr(settings, "API_RAISE_UNEXPECTED", False):
        raise exc
    return api.create_response(request, error_body("INTERNAL_ERROR", "系统内部错误，请联系信息管理部门"), status=500)


def not_found_view(request, *args, **kwargs):
    """Any path under /api/ that no router serves: the same JSON 404 as every other API error."""
    from django.http import JsonResponse

    return JsonResponse(error_body(CoreError.NOT_FOUND, "接口不存在，请查阅 /api/v1/docs"), status=404)


def _mount_app_routers() -> None:
    """Mount yingshang.<app>.api.router at the prefix the module declares (PREFIX, default /<label>)."""
    for config in apps.get_app_configs():
        if not config.name.startswith("yingshang."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.api":
                continue
            raise
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(getattr(module, "PREFIX", f"/{config.label}"), router)


_mount_app_routers()
