"""Jinja2 rendering: full pages, and fragments (templates starting with ``_``) for htmx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

from clearair.web.deps import ANON_CSRF_COOKIE, csrf_token_for, resolve_user
from clearair.web.security import cookies_secure
from clearair.web.views import label_title, segment_class

TEMPLATES_DIR = Path(__file__).parent / "templates"

#: The main navigation: (path, label). Add an area's page with one line.
NAV_ITEMS: tuple[tuple[str, str], ...] = (
    ("/", "Home"),
    ("/check", "Check"),
    ("/conversations", "Conversations"),
    ("/rehearse", "Rehearse"),
    ("/mistakes", "Mistakes"),
    ("/guides", "Guides"),
    ("/settings", "Settings"),
)


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the package; no stat() per render
    )
    env.globals["seg_class"] = segment_class
    env.globals["label_title"] = label_title
    return Jinja2Templates(env=env)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render ``name`` with the context every template may use."""
    templates: Jinja2Templates = request.app.state.templates
    web = request.app.state.web
    csrf = csrf_token_for(request)
    ctx: dict[str, Any] = {
        "user": resolve_user(request),
        "team": web.team,
        "csrf_token": csrf,
        "htmx": is_htmx(request),
        "path": request.url.path,
        "nav_items": NAV_ITEMS,
    }
    ctx.update(context or {})
    response = templates.TemplateResponse(request, name, ctx, status_code=status_code, headers=headers)
    anon = getattr(request.state, "anon_csrf", None)
    if anon:
        response.set_cookie(
            ANON_CSRF_COOKIE,
            anon,
            httponly=True,
            samesite="strict",
            secure=cookies_secure(request),
            path="/",
        )
    return response
