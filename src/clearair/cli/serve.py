"""``clearair serve``: the web app, for one person (default) or a team."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        port: int = typer.Option(8765, "--port", help="Port to listen on."),
        team: bool = typer.Option(
            False,
            "--team",
            help="Team mode: accounts, passwords, invitations, a shared mistake board. "
            "Required for any address other than loopback.",
        ),
        secure_cookies: bool = typer.Option(
            False,
            "--secure-cookies",
            help="Mark cookies Secure (set this when the app is served over HTTPS).",
        ),
    ) -> None:
        """Start the web app and print the address to open."""
        import os
        import sys

        import uvicorn

        from clearair.settings import Settings
        from clearair.web.app import create_app
        from clearair.web.config import WebSettings, new_token
        from clearair.web.runtime import write_runtime_file

        try:
            web = WebSettings(
                settings=Settings.from_env(),
                host=host,
                port=port,
                team=team,
                secure_cookies=secure_cookies,
                api_token=os.environ.get("CLEARAIR_API_TOKEN") or new_token(),
            )
        except ValueError as exc:
            typer.echo(f"clearair serve: {exc}", err=True)
            raise typer.Exit(2) from exc
        application = create_app(web)
        if team:
            typer.echo(f"clearair (team mode) is running at {web.base_url}/")
            if application.state.setup_token is not None:
                typer.echo("No admin yet. Create the admin account with this link (it works once):")
                typer.echo(f"    {web.base_url}/setup?token={web.login_token}")
        else:
            runtime = write_runtime_file(web)
            typer.echo(f"clearair is running at {web.base_url}/")
            typer.echo("Open this link to sign in (it works once, in one browser):")
            typer.echo(f"    {web.base_url}/login/token?token={web.login_token}")
            typer.echo(f"Scripts can call /api/v1 with the bearer token in {runtime}")
        typer.echo("Press Ctrl+C to stop.")
        sys.stdout.flush()  # the link must show even when stdout is a pipe
        uvicorn.run(
            application,
            host=host.strip("[]"),
            port=port,
            access_log=False,  # request lines can carry tokens; user text is never logged
            log_level="warning",
            server_header=False,
        )
