"""The errors the workspace raises; every layer above translates them.

The CLI prints their message and exits non-zero; the web app maps them to
HTTP statuses (``NotFoundError`` 404, ``ConflictError`` 409, the rest 422).
"""

from __future__ import annotations


class WorkspaceError(Exception):
    """Base class of every error the workspace raises on purpose."""


class NotFoundError(WorkspaceError):
    """No such record for this owner (an unknown id and another owner's id look the same)."""

    def __init__(self, what: str, ident: object) -> None:
        self.what = what
        self.ident = ident
        super().__init__(f"no {what} with id {ident}")


class ConflictError(WorkspaceError):
    """Someone else changed the record since it was read; nothing was saved."""

    def __init__(self, what: str, ident: object, detail: str = "") -> None:
        self.what = what
        self.ident = ident
        name = f"{what} {ident}".strip()
        msg = f"{name} was changed by someone else since you read it; nothing was saved"
        super().__init__(f"{msg} ({detail})" if detail else msg)


class InvalidTransitionError(WorkspaceError):
    """A status or stage change that the rules do not allow."""


class InvalidInputError(WorkspaceError):
    """Input that parses but breaks a rule; ``field`` names where (dotted path)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)


class AuthenticationError(WorkspaceError):
    """Wrong email or password (deliberately does not say which)."""

    def __init__(self) -> None:
        super().__init__("wrong email or password")


class SchemaOutdatedError(WorkspaceError):
    """The database exists but is behind the code; run ``clearair db upgrade``."""
