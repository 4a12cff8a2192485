"""``create_app(settings)``: build the FastAPI application for ``clearair serve``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from clearair import __version__
from clearair.domain.errors import WorkspaceError
from clearair.web.config import WebSettings
from clearair.web.deps import CsrfError, ForbiddenError, NotAuthenticatedError, resolve_user
from clearair.web.errors import NotFoundError, api_error, validation_errors, workspace_status
from clearair.web.identity import Identity
from clearair.web.routes import routers
from clearair.web.security import (
    OneTimeToken,
    RateLimiter,
    SecurityHeadersMiddleware,
    SessionStore,
)
from clearair.web.templating import is_htmx, make_templates, render

STATIC_DIR = Path(__file__).parent / "static"


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(web: WebSettings) -> FastAPI:
    """The whole app for one server: settings in, ASGI app out.

    Opens (and on a fresh install creates) the database named by
    ``web.settings``; it is closed when the server shuts down.
    """
    from clearair.storage.database import open_database

    db = open_database(web.settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        db.close()

    app = FastAPI(
        lifespan=lifespan,
        title="clearair",
        version=__version__,
        description="Own a mistake and hold the hard conversation that follows.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.web = web
    app.state.templates = make_templates()
    app.state.sessions = SessionStore(idle_seconds=web.session_idle_seconds)
    app.state.login_limiter = RateLimiter(web.login_attempts_per_window, web.login_window_seconds)
    app.state.db = db
    app.state.identity = Identity(db, team=web.team)
    app.state.login_link = OneTimeToken(web.login_token)
    app.state.setup_token = OneTimeToken(web.login_token) if app.state.identity.needs_admin() else None

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in routers():
        app.include_router(router)
    _install_error_handlers(app)
    app.add_middleware(SecurityHeadersMiddleware, allowed_hosts=web.allowed_hosts)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotAuthenticatedError)
    async def not_authenticated(request: Request, exc: NotAuthenticatedError) -> Response:
        if _wants_json(request):
            return api_error(401, "Not signed in: send the session cookie or the API token.")
        if is_htmx(request):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(CsrfError)
    async def csrf_failed(request: Request, exc: CsrfError) -> Response:
        message = "The form's security token is missing or out of date; reload the page."
        if _wants_json(request):
            return api_error(403, message, field="X-CSRF-Token")
        return render(request, "error.html", {"status": 403, "message": message}, status_code=403)

    @app.exception_handler(ForbiddenError)
    async def forbidden(request: Request, exc: ForbiddenError) -> Response:
        message = "Only an admin can do this."
        if _wants_json(request):
            return api_error(403, message)
        return render(request, "error.html", {"status": 403, "message": message}, status_code=403)

    @app.exception_handler(WorkspaceError)
    async def workspace_error(request: Request, exc: WorkspaceError) -> Response:
        status, field, message = workspace_status(exc)
        if _wants_json(request):
            return api_error(status, message, field=field)
        if is_htmx(request):
            return render(request, "_error.html", {"message": message}, status_code=status)
        return render(request, "error.html", {"status": status, "message": message}, status_code=status)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return _not_found(request, str(exc) or "Not found.")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = validation_errors(exc.errors())
        if _wants_json(request):
            first = errors[0]
            return api_error(422, first["message"], field=first["field"], errors=errors)
        message = "; ".join(e["message"] for e in errors)
        if is_htmx(request):
            return render(request, "_error.html", {"message": message}, status_code=422)
        return render(request, "error.html", {"status": 422, "message": message}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404:
            return _not_found(request, "Not found.")
        detail: Any = exc.detail
        message = detail if isinstance(detail, str) else "Request failed."
        if _wants_json(request):
            return api_error(exc.status_code, message)
        return render(
            request,
            "error.html",
            {"status": exc.status_code, "message": message},
            status_code=exc.status_code,
        )

    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def starlette_error(request: Request, exc: StarletteHTTPException) -> Response:
        return await http_error(request, HTTPException(exc.status_code, exc.detail))


def _not_found(request: Request, message: str) -> Response:
    if _wants_json(request):
        if resolve_user(request) is None:  # no route map for strangers: every call is 401
            return api_error(401, "Not signed in: send the session cookie or the API token.")
        return api_error(404, message)
    return render(request, "error.html", {"status": 404, "message": message}, status_code=404)


__all__ = ["create_app"]
