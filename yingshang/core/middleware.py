"""API responses that Django or django-ninja produce outside our exception handlers (405 Method Not Allowed)
are rewritten as our coded JSON error, so every /api/ error has the same shape."""

import json

from django.http import HttpResponse

_MESSAGES = {405: ("METHOD_NOT_ALLOWED", "该接口不支持此请求方法")}


class ApiErrorShapeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (request.path.startswith("/api/") and response.status_code in _MESSAGES
                and "json" not in response.get("Content-Type", "")):
            code, message = _MESSAGES[response.status_code]
            allowed = response.get("Allow", "")
            body = {"code": code, "message": message, "detail": {"allowed": allowed.split(", ") if allowed else []}}
            shaped = HttpResponse(json.dumps(body, ensure_ascii=False), status=response.status_code,
                                  content_type="application/json")
            if allowed:
                shaped["Allow"] = allowed
            return shaped
        return response
