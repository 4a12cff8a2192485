"""Team mode on PostgreSQL: the same app, the same privacy, on the team's database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from clearair.settings import Settings
from clearair.web.app import create_app
from clearair.web.config import WebSettings
from tests.conftest import require
from tests.web.conftest import API_TOKEN, BASE, LOGIN_TOKEN, Browser, invite_member, setup_admin
from tests.web.test_conversations import new_conversation
from tests.web.test_mistakes import new_mistake

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_team_app(tmp_path: Path) -> Iterator[FastAPI]:
    require(
        os.environ.get("CLEARAIR_TEST_POSTGRES_URL") is not None,
        "CLEARAIR_TEST_POSTGRES_URL is not set (PostgreSQL tests skipped)",
    )
    from tests.integration.conftest import _postgres_database

    with _postgres_database() as url:
        web = WebSettings(
            settings=Settings(home=tmp_path, database_url=url),
            team=True,
            login_token=LOGIN_TOKEN,
            api_token=API_TOKEN,
        )
        app = create_app(web)  # creates the schema on the empty database
        yield app
        app.state.db.close()


def test_team_on_postgres_keeps_each_members_data_private(pg_team_app: FastAPI) -> None:
    with TestClient(pg_team_app, base_url=BASE) as a, TestClient(pg_team_app, base_url=BASE) as b:
        ana = setup_admin(Browser(a))
        ben = invite_member(ana, Browser(b), "ben@example.org", "Ben")
        cid = new_conversation(ana, title="Ana's private talk")
        mid = new_mistake(ana, title="Ana's mistake")
        assert ana.get(f"/conversations/{cid}").status_code == 200
        assert ben.get(f"/conversations/{cid}").status_code == 404
        assert ben.api("GET", f"/api/v1/conversations/{cid}").status_code == 404
        assert ben.api("PATCH", f"/api/v1/mistakes/{mid}", json={"shared": True}).status_code == 404
        assert ben.api("GET", "/api/v1/board").json() == []
        assert ana.api("PATCH", f"/api/v1/mistakes/{mid}", json={"shared": True}).status_code == 200
        board = ben.api("GET", "/api/v1/board").json()
        assert [item["title"] for item in board] == ["Ana's mistake"]
        assert "private_notes" not in board[0]
        assert ben.api("GET", "/api/v1/conversations").json() == []
