"""Domain errors raised on purpose; no HTTP knowledge here (api/problems.py maps them)."""

from __future__ import annotations

from typing import Any, ClassVar


class TalentMarketError(Exception):
    """Base of errors raised on purpose."""

    code: ClassVar[str] = "internal-error"
    title: ClassVar[str] = "Internal error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(TalentMarketError):
    """The resource does not exist."""

    code = "not-found"
    title = "Not found"


class Conflict(TalentMarketError):
    """The request conflicts with the current state (duplicate key, state rule)."""

    code = "conflict"
    title = "Conflict"


class InvalidRequest(TalentMarketError):
    """The request is well-formed but asks for something that cannot be done."""

    code = "invalid-request"
    title = "Invalid request"


class PayloadTooLarge(TalentMarketError):
    """The request body or text is larger than the service accepts."""

    code = "payload-too-large"
    title = "Payload too large"


class Forbidden(TalentMarketError):
    """The caller may not do this."""

    code = "forbidden"
    title = "Forbidden"


class ImportFormatError(TalentMarketError):
    """A taxonomy file has a row that cannot be imported; names file and line (line 0: the
    file or folder as a whole, e.g. missing)."""

    code = "import-format-error"
    title = "Import failed"

    def __init__(self, file: str, line: int, message: str) -> None:
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {message}", file=file, line=line)
        self.file = file
        self.line = line
        self.message = message


class TooManyRequests(TalentMarketError):
    """The caller has used up its rate limit for this kind of request; retry later."""

    code = "too-many-requests"
    title = "Too many requests"


class ServiceUnavailable(TalentMarketError):
    """A needed component (model, index) is not ready."""

    code = "service-unavailable"
    title = "Service unavailable"


class MalformedInput(TalentMarketError):
    """A parameter or payload field is malformed (bad cursor, unknown filter value)."""

    code = "validation-error"
    title = "Malformed request"

    def __init__(self, detail: str, *, field: str = "", **extra: Any) -> None:
        super().__init__(detail, field=field, **extra)
        self.field = field
