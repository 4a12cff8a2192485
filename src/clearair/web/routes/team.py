"""Team mode: the first admin's setup link, invitations, and joining with one."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from clearair.domain.errors import InvalidInputError
from clearair.domain.schemas import AdminCreate, InviteAccept, InviteCreate, Role
from clearair.services import accounts
from clearair.web.deps import AdminUser, Csrf, Uow, WebDep
from clearair.web.errors import NotFoundError
from clearair.web.forms import validate
from clearair.web.routes.auth import start_session
from clearair.web.security import OneTimeToken, tokens_match
from clearair.web.templating import render

router = APIRouter(include_in_schema=False)


def _setup_token(request: Request, web: WebDep) -> OneTimeToken:
    token: OneTimeToken | None = request.app.state.setup_token
    if not web.team or token is None or token.spent:
        raise NotFoundError("There is nothing to set up: sign in instead.")
    return token


@router.get("/setup")
def setup_page(request: Request, web: WebDep, token: str = "") -> Response:
    _setup_token(request, web)
    return render(request, "setup.html", {"token": token, "error": None, "form": {}})


@router.post("/setup", dependencies=[Csrf])
def setup(
    request: Request,
    web: WebDep,
    uow: Uow,
    token: str = Form(""),
    email: str = Form(""),
    display_name: str = Form(""),
    password: str = Form(""),
) -> Response:
    one_time = _setup_token(request, web)
    if not tokens_match(token, web.login_token):
        return render(
            request,
            "setup.html",
            {"token": "", "error": "token: this setup link is not valid", "form": {}},
            status_code=403,
        )
    form = {"email": email, "display_name": display_name}
    try:
        data = validate(AdminCreate, {"email": email, "display_name": display_name, "password": password})
        if not one_time.spend(token):
            raise InvalidInputError("token", "this setup link has just been used")
        admin = accounts.create_admin(uow, data)
    except InvalidInputError as exc:
        return render(
            request, "setup.html", {"token": token, "error": str(exc), "form": form}, status_code=422
        )
    response = RedirectResponse("/", status_code=303)
    start_session(request, response, admin.id)
    return response


@router.get("/team")
def team_page(request: Request, user: AdminUser, uow: Uow) -> Response:
    return render(
        request,
        "team.html",
        {"users": accounts.list_users(uow), "invite": None, "error": None},
    )


@router.post("/team/invites", dependencies=[Csrf])
def invite(
    request: Request,
    user: AdminUser,
    uow: Uow,
    email: str = Form(""),
    role: str = Form("member"),
) -> Response:
    error = None
    link = None
    try:
        data = validate(InviteCreate, {"email": email, "role": role or Role.MEMBER})
        created = accounts.invite(uow, user.user_id, data)
        link = f"{str(request.base_url).rstrip('/')}/invite/{created.token}"
    except InvalidInputError as exc:
        error = str(exc)
    return render(
        request,
        "team.html",
        {"users": accounts.list_users(uow), "invite": link, "error": error, "email": email},
        status_code=422 if error else 200,
    )


@router.get("/invite/{token}")
def invite_page(request: Request, web: WebDep, token: str) -> Response:
    if not web.team:
        raise NotFoundError("Invitations exist only in team mode.")
    return render(request, "invite.html", {"token": token, "error": None, "form": {}})


@router.post("/invite/{token}", dependencies=[Csrf])
def accept(
    request: Request,
    web: WebDep,
    uow: Uow,
    token: str,
    display_name: str = Form(""),
    password: str = Form(""),
) -> Response:
    if not web.team:
        raise NotFoundError("Invitations exist only in team mode.")
    try:
        data = validate(InviteAccept, {"token": token, "display_name": display_name, "password": password})
        user = accounts.accept_invite(uow, data)
    except InvalidInputError as exc:
        return render(
            request,
            "invite.html",
            {"token": token, "error": str(exc), "form": {"display_name": display_name}},
            status_code=422,
        )
    response = RedirectResponse("/", status_code=303)
    start_session(request, response, user.id)
    return response
