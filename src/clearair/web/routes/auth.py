"""Signing in and out: the one-time link (single-user) and passwords (team)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from clearair.web.deps import Csrf, OptionalUser, Sessions, WebDep, current_session
from clearair.web.security import SESSION_COOKIE, OneTimeToken, cookies_secure
from clearair.web.templating import render

router = APIRouter(include_in_schema=False)


def start_session(request: Request, response: Response, user_id: int) -> None:
    """Create a server-side session and hand the browser its HttpOnly cookie."""
    store = request.app.state.sessions
    old = current_session(request)
    if old is not None:
        store.delete(old.id)
    session = store.create(user_id)
    response.set_cookie(
        SESSION_COOKIE,
        session.id,
        httponly=True,
        samesite="lax",
        secure=cookies_secure(request),
        path="/",
    )


@router.get("/login/token")
def token_login(request: Request, web: WebDep, token: str = "") -> Response:
    """Exchange the one-time token in the printed link for a session cookie."""
    if web.team:
        return RedirectResponse("/login", status_code=303)
    link: OneTimeToken = request.app.state.login_link
    if not token or not link.spend(token):
        return render(
            request,
            "login_link.html",
            {"failed": True, "spent": link.spent},
            status_code=403,
        )
    response = RedirectResponse("/", status_code=303)
    local = request.app.state.identity.local_principal()
    start_session(request, response, local.user_id)
    return response


@router.get("/login")
def login_page(request: Request, web: WebDep, user: OptionalUser) -> Response:
    if user is not None:
        return RedirectResponse("/", status_code=303)
    if not web.team:
        return render(request, "login_link.html", {"failed": False, "spent": False})
    return render(request, "login.html", {"error": None, "email": ""})


@router.post("/login", dependencies=[Csrf])
def login(
    request: Request,
    web: WebDep,
    email: str = Form(""),
    password: str = Form(""),
) -> Response:
    if not web.team:
        return RedirectResponse("/login", status_code=303)
    limiter = request.app.state.login_limiter
    client = request.client.host if request.client else "unknown"
    keys = (f"ip:{client}", f"email:{email.strip().lower()}")
    if limiter.blocked(*keys):
        return render(
            request,
            "login.html",
            {
                "error": "Too many failed attempts. Wait a few minutes, then try again.",
                "email": email,
            },
            status_code=429,
        )
    principal = request.app.state.identity.authenticate(email, password)
    if principal is None:
        limiter.fail(*keys)
        return render(
            request,
            "login.html",
            {"error": "That email and password do not match an account.", "email": email},
            status_code=401,
        )
    limiter.reset(f"email:{email.strip().lower()}")
    response = RedirectResponse("/", status_code=303)
    start_session(request, response, principal.user_id)
    return response


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request, sessions: Sessions) -> Response:
    session = current_session(request)
    if session is not None:
        sessions.delete(session.id)
    response = render(request, "logged_out.html", {})
    response.delete_cookie(SESSION_COOKIE, path="/")
    if request.headers.get("hx-request") == "true":
        response.headers["HX-Redirect"] = "/logged-out"
    return response


@router.get("/logged-out")
def logged_out(request: Request) -> Response:
    return render(request, "logged_out.html", {})
