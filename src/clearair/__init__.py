"""clearair: own a mistake and hold the hard conversation that follows.

The public Python API::

    >>> import clearair
    >>> report = clearair.check("Sorry if you were offended.")
    >>> [f.label for f in report.findings]
    ['conditional-apology']

Nothing heavy happens at import time: the rules load on the first check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Finding", "Report", "Sentence", "__version__", "check"]

if TYPE_CHECKING:
    from clearair.language.model import Finding, Report, Sentence


def check(text: str, kind: str = "auto") -> Report:
    """Read ``text`` sentence by sentence and return a :class:`Report`.

    ``kind`` is ``"auto"`` (decide from the text), ``"apology"`` or
    ``"conversation"``; it changes how the message is scored.
    """
    from clearair.language.engine import default_analyzer

    return default_analyzer().check(text, kind=kind)


def __getattr__(name: str) -> Any:
    if name in {"Finding", "Report", "Sentence"}:
        from clearair.language import model

        return getattr(model, name)
    raise AttributeError(f"module 'clearair' has no attribute {name!r}")
