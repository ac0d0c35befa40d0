"""The OpenAPI document with plain component names: a generic page is `EmployeeSummaryPage`,
not `Page_EmployeeSummary_` (pydantic names parametrized models after their origin)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

GENERIC = re.compile(r"(?P<origin>[A-Za-z0-9]+)_(?P<arg>[A-Za-z0-9]+)_")
REF = "#/components/schemas/"


def plain_names(spec: dict[str, Any]) -> dict[str, Any]:
    """Rename `Origin_Arg_` components to `ArgOrigin` and every reference to them."""
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    renamed = {
        old: f"{m['arg']}{m['origin']}"
        for old in schemas
        if (m := GENERIC.fullmatch(old)) is not None
    }
    if not renamed:
        return spec
    spec["components"]["schemas"] = {renamed.get(k, k): v for k, v in schemas.items()}

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(REF) and ref[len(REF) :] in renamed:
                node = {**node, "$ref": REF + renamed[ref[len(REF) :]]}
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(spec)  # type: ignore[no-any-return]


def install(app: FastAPI) -> None:
    """Serve the document with plain names (built once, like FastAPI's own)."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = plain_names(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
