"""The contract rules applied to one response, as a verdict listing every violation.

Success (< 400): the status the operation must answer with (D3), a media type the operation
offers, a body valid against that version's schema (strict about extra fields, D8) and the
rate-limit headers. Error (>= 400): the errors envelope, plus the ``type`` strings and
shapes pinned for 401/403/404/413/422/429 (D1, D2).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, Literal

import httpx
from jsonschema import ValidationError
from jsonschema.exceptions import best_match

from tests.contract.spec import JSON, ContractSpec, RouteTable, SpecOperation, media_type

Kind = Literal["success", "error", "extension", "unknown", "unchecked"]

RATE_LIMIT_HEADERS = ("X-RateLimit-Consumed", "X-RateLimit-Remaining", "X-RateLimit-Reset")
ERROR_TYPES = {
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    413: "PayloadLimitError",
    429: "RequestError",
}
RATE_LIMIT_DATA = ("remainingPoints", "msBeforeNext", "consumedPoints")
_ECHO_TRIGGERS = ("triggerError", "triggerMultipleErrors")
_MAX_REPORTED = 20


@dataclass(slots=True)
class Verdict:
    kind: Kind
    method: str
    path: str
    status: int
    operation_id: str | None = None
    template: str | None = None
    version: str | None = None
    violations: list[str] = field(default_factory=list)

    def report(self, content_type: str) -> str:
        where = f"{self.operation_id} ({self.method} {self.template})"
        version = f", {self.version} schema" if self.version else ""
        lines = [
            f"Contract violation: {self.method} {self.path} -> {self.status} {content_type}",
            f"  operation {where}{version}",
        ]
        shown = self.violations[:_MAX_REPORTED]
        lines.extend(f"  - {v}" for v in shown)
        if len(self.violations) > len(shown):
            lines.append(f"  ... and {len(self.violations) - len(shown)} more")
        return "\n".join(lines)


def request_path(response: httpx.Response) -> str:
    """The raw path as sent (percent-encoding kept, so ``%2F`` stays inside one segment)."""
    raw = response.request.url.raw_path.split(b"?", 1)[0]
    return raw.decode("ascii", "replace") or "/"


def check(
    spec: ContractSpec, response: httpx.Response, extensions: RouteTable[str] | None = None
) -> Verdict:
    """The verdict on one response; ``extensions`` routes the operations Patchwire adds.

    An extension's success has no schema to follow (kind ``extension``); its errors come
    from the same renderer, so they are held to the same envelope.
    """
    method = response.request.method.upper()
    path = request_path(response)
    verdict = Verdict("unknown", method, path, response.status_code)
    if method in ("HEAD", "OPTIONS"):
        verdict.kind = "unchecked"  # no body to check, and no operation of its own
        return verdict
    matched = spec.match(method, path)
    if matched is None or matched.target is None:
        extension = extensions.match(method, path) if extensions is not None else None
        if extension is not None and extension.target is not None:
            verdict.kind, verdict.operation_id = "extension", extension.target
            verdict.template = extension.template
            if response.status_code >= 400:
                verdict.kind = "error"
                _check_error(spec, None, response, verdict)
            return verdict
    if matched is None:
        return verdict
    verdict.template = matched.template
    operation = matched.target
    if operation is not None:
        verdict.operation_id = operation.operation_id
    if response.status_code >= 400:
        verdict.kind = "error"
        _check_error(spec, operation, response, verdict)
    elif operation is not None:
        verdict.kind = "success"
        _check_success(operation, response, verdict)
    return verdict


def _check_success(operation: SpecOperation, response: httpx.Response, verdict: Verdict) -> None:
    problems = verdict.violations
    expected = _expected_status(operation, response)
    if response.status_code != expected:
        problems.append(f"status: expected {expected}, got {response.status_code}")
    _check_rate_limit_headers(response, problems)
    content_type = response.headers.get("content-type", "")
    version = operation.version_for(content_type)
    if version is None:
        offered = [media_type(v) for v in operation.versions] + [JSON]
        problems.append(f"Content-Type: expected one of {offered}, got {content_type!r}")
        return
    verdict.version = version
    body = _json(response, problems)
    if body is not _NO_BODY:
        problems.extend(schema_violations(operation.validator(version), body))


def _expected_status(operation: SpecOperation, response: httpx.Response) -> int:
    """D3; echo answers with the 2xx/3xx its ``statusCode`` parameter asks for."""
    if operation.operation_id == "echo":
        asked = _int(response.request.url.params.get("statusCode"))
        if asked is not None and asked < 400:
            return asked
    return operation.success_status


def _check_rate_limit_headers(response: httpx.Response, problems: list[str]) -> None:
    headers = response.headers
    missing = [name for name in RATE_LIMIT_HEADERS if name not in headers]
    if missing:
        problems.append(f"headers: missing {', '.join(missing)} on a success")
        return
    for name in RATE_LIMIT_HEADERS[:2]:
        value = _int(headers[name])
        if value is None or value < 0:
            problems.append(f"headers: {name} must be a count, got {headers[name]!r}")
    try:
        parsedate_to_datetime(headers["X-RateLimit-Reset"])
    except (TypeError, ValueError):
        reset = headers["X-RateLimit-Reset"]
        problems.append(f"headers: X-RateLimit-Reset must be an RFC 5322 date, got {reset!r}")


def _check_error(
    spec: ContractSpec,
    operation: SpecOperation | None,
    response: httpx.Response,
    verdict: Verdict,
) -> None:
    problems = verdict.violations
    content_type = response.headers.get("content-type", "")
    if content_type.split(";", 1)[0].strip().lower() != JSON:
        problems.append(f"Content-Type: expected application/json, got {content_type!r}")
    body = _json(response, problems)
    if body is _NO_BODY:
        return
    found = schema_violations(spec.error_validator, body)
    if found:
        problems.extend(found)
        return
    status = response.status_code
    synthetic = operation is not None and _echo_triggered(operation, response)
    wanted = ERROR_TYPES.get(status)
    for index, entry in enumerate(body["errors"]):
        where = f"$.errors[{index}]"
        if wanted is not None and entry["type"] != wanted:
            problems.append(
                f"{where}.type: expected {wanted!r} for {status}, got {entry['type']!r}"
            )
        if entry["type"] == "input-validation":
            if status != 422:
                problems.append(f"{where}.type: input-validation must be a 422, got {status}")
            if not synthetic and not entry.get("field"):
                problems.append(f"{where}.field: an input-validation error must name its field")
        if status == 429 and not synthetic:
            problems.extend(_rate_limit_data(where, entry))
    if status == 429 and not synthetic and "Retry-After" not in response.headers:
        problems.append("headers: a 429 must carry Retry-After (pinned answer D2)")


def _rate_limit_data(where: str, entry: dict[str, Any]) -> list[str]:
    data = entry.get("data")
    if not isinstance(data, dict):
        return [f"{where}.data: expected an object with {', '.join(RATE_LIMIT_DATA)}"]
    out = []
    for key in RATE_LIMIT_DATA:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            out.append(f"{where}.data.{key}: expected a number, got {_show(value)}")
    return out


def _echo_triggered(operation: SpecOperation, response: httpx.Response) -> bool:
    """Errors echo produces on request carry the caller's message, not a real condition,
    so the per-status shapes (``field`` on 422, ``data`` on 429) do not apply to them."""
    if operation.operation_id != "echo":
        return False
    params = response.request.url.params
    if any(params.get(name, "").lower() in ("true", "1") for name in _ECHO_TRIGGERS):
        return True
    return _int(params.get("statusCode")) == response.status_code >= 400


_NO_BODY: Any = object()


def _json(response: httpx.Response, problems: list[str]) -> Any:
    try:
        return json.loads(response.content)
    except ValueError as exc:
        problems.append(f"body: not JSON ({exc}): {response.content[:80]!r}")
        return _NO_BODY


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def schema_violations(validator: Any, body: Any) -> list[str]:
    """Every way ``body`` breaks the validator's schema, one readable line each, by path."""
    return sorted(line for error in validator.iter_errors(body) for line in describe(error))


def json_path(parts: Any) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


def describe(error: ValidationError) -> list[str]:
    path = list(error.absolute_path)
    where = json_path(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    name = schema.get("title") or "the schema"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(schema.get("properties", {}))
        return [
            f"{json_path([*path, key])}: unexpected field {key!r} "
            f"({name} defines only {', '.join(allowed) or 'no fields'})"
            for key in error.instance
            if key not in allowed
        ]
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [k for k in error.validator_value if k not in error.instance]
        return [f"{json_path([*path, k])}: missing required field ({name})" for k in missing]
    if error.validator == "type":
        return [f"{where}: expected {error.validator_value}, got {_show(error.instance)}"]
    if error.validator == "minItems":
        least = error.validator_value
        return [f"{where}: expected at least {least} item(s), got {_show(error.instance)}"]
    if error.validator == "enum":
        return [f"{where}: expected one of {error.validator_value}, got {_show(error.instance)}"]
    if error.validator in ("anyOf", "oneOf") and error.context:
        return _describe_branches(error)
    return [f"{where}: {error.message}"]


def _describe_branches(error: ValidationError) -> list[str]:
    """A nullable object is ``anyOf: [null, object]``: report what broke the object branch."""
    branches: dict[Any, list[ValidationError]] = {}
    for inner in error.context or ():
        branches.setdefault(inner.relative_schema_path[0], []).append(inner)
    real = [
        errors
        for errors in branches.values()
        if not all(e.validator == "type" and e.validator_value == "null" for e in errors)
    ]
    if len(real) == 1:
        return [line for inner in real[0] for line in describe(inner)]
    inner = best_match(error.context or ())
    return describe(inner) if inner is not None else [f"{json_path(error.absolute_path)}: invalid"]


def _show(value: Any) -> str:
    text = json.dumps(value)
    kind = type(value).__name__ if value is not None else "null"
    return f"{kind} {text[:77] + '...' if len(text) > 80 else text}"
