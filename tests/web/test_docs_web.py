"""docs/web.md tells the truth: every API call, page area and serve option is in it."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.routing import APIRoute

from clearair.cli.main import build_app
from tests.web.conftest import api_routes

DOC = (Path(__file__).resolve().parents[2] / "docs" / "web.md").read_text(encoding="utf-8")


def _doc_path(path: str) -> str:
    """``/api/v1/agreements/{agreement_id}`` → ``/api/v1/agreements/{id}`` as the doc writes it."""
    return re.sub(r"\{[a-z_]*id\}", "{id}", path)


def test_every_api_call_is_documented(app: FastAPI) -> None:
    missing = []
    for route in api_routes(app):
        if isinstance(route, APIRoute) and route.path.startswith("/api/v1/") and (
            route.include_in_schema
        ):
            for method in route.methods - {"HEAD"}:
                if f"`{method} {_doc_path(route.path)}`" not in DOC:
                    missing.append(f"{method} {route.path}")
    assert not missing, f"API calls missing from docs/web.md: {missing}"


def test_every_page_area_is_documented(app: FastAPI) -> None:
    areas = {
        "/" + route.path.strip("/").split("/")[0]
        for route in api_routes(app)
        if not route.path.startswith(("/api/", "/rehearse"))  # rehearsal has its own doc
    }
    missing = [a for a in sorted(areas) if f"`{a}" not in DOC]
    assert not missing, f"pages missing from docs/web.md: {missing}"


def test_every_serve_option_is_documented() -> None:
    app = build_app()
    serve = next(c for c in app.registered_commands if c.name == "serve")
    assert serve.callback is not None
    import inspect

    for param in inspect.signature(serve.callback).parameters.values():
        option = param.default
        for decl in getattr(option, "param_decls", ()):
            assert f"`{decl}`" in DOC, f"clearair serve {decl} is not in docs/web.md"
    assert "`CLEARAIR_API_TOKEN`" in DOC
