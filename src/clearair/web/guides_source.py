"""The guide cards the Guides page shows: the same data as ``clearair guide``."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast


def load_cards() -> list[dict[str, Any]]:
    """Every card from ``clearair.guides.load_cards()``, as plain dicts."""
    module = importlib.import_module("clearair.guides")
    load = cast(Callable[[], Iterable[Any]], module.load_cards)
    cards: list[dict[str, Any]] = []
    for card in load():
        if isinstance(card, Mapping):
            cards.append(dict(card))
        elif hasattr(card, "model_dump"):
            cards.append(card.model_dump())
        else:
            cards.append(dict(vars(card)))
    return cards
