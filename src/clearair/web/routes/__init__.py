"""The app's routers, one module per area, each exposing ``router``.

To add an area, write ``routes/<name>.py`` with ``router = APIRouter(...)``
and add its name to :data:`ROUTER_MODULES` (one line).
"""

from __future__ import annotations

import importlib

from fastapi import APIRouter

#: Router modules, in the order they are matched (the API and the busiest
#: pages first: every request is matched against the routes in this order).
ROUTER_MODULES: tuple[str, ...] = (
    "api",
    "api_conversations",
    "api_mistakes",
    "home",
    "check",
    "plans",
    "conversations",
    "mistakes",
    "auth",
    "team",
    "guides",
    "settings",
    "calendar",
    "rehearsal",
)


def routers() -> list[APIRouter]:
    """Import each module in :data:`ROUTER_MODULES` and return its router."""
    result: list[APIRouter] = []
    for name in ROUTER_MODULES:
        module = importlib.import_module(f"clearair.web.routes.{name}")
        result.append(module.router)
    return result
