"""The reference cards, stored as data (``cards/*.yaml``).

``clearair guide`` and the web app's Guides page show the same cards::

    >>> from clearair.guides import load_cards, get_card
    >>> [c.slug for c in load_cards()][:3]
    ['apology', 'trust', 'mistakes']

Each card file is validated when loaded (:class:`Card`); a malformed card is a
:class:`CardError` naming the file and the field.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

CARDS_DIR = Path(__file__).parent / "cards"

#: The order cards are listed in (every card file must be in it).
ORDER: tuple[str, ...] = (
    "apology",
    "trust",
    "mistakes",
    "mindset",
    "derailers",
    "poems",
    "techniques",
)


class Point(BaseModel):
    """One point of a card: an optional term in bold and its text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str = ""
    text: str = Field(min_length=1)


class Card(BaseModel):
    """A short reference card."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: str = Field(pattern=r"^[a-z][a-z-]*$")
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    points: tuple[Point, ...] = Field(min_length=1)
    see_also: tuple[str, ...] = ()


class CardError(ValueError):
    """A card file that does not parse or does not validate."""


def _load_file(path: Path) -> Card:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CardError(f"{path.name}: not valid YAML: {exc}") from None
    try:
        card = Card.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise CardError(f"{path.name}: {loc}: {err['msg']}") from None
    if card.slug != path.stem:
        raise CardError(f"{path.name}: slug {card.slug!r} does not match the file name")
    return card


def load_cards(directory: Path | None = None) -> list[Card]:
    """Every card, in :data:`ORDER` (validated; cross-references checked)."""
    if directory is None:
        return list(_default_cards())
    return _load_dir(directory)


@lru_cache(maxsize=1)
def _default_cards() -> tuple[Card, ...]:
    return tuple(_load_dir(CARDS_DIR))


def _load_dir(directory: Path) -> list[Card]:
    cards = {c.slug: c for c in (_load_file(p) for p in sorted(directory.glob("*.yaml")))}
    unknown = set(cards) - set(ORDER)
    if unknown:
        raise CardError(f"cards not in the guide order: {', '.join(sorted(unknown))}")
    for card in cards.values():
        for ref in card.see_also:
            if ref not in cards:
                raise CardError(f"{card.slug}.yaml: see_also names an unknown card {ref!r}")
    return [cards[s] for s in ORDER if s in cards]


def get_card(slug: str) -> Card:
    """One card by its slug (``KeyError`` listing the topics if there is none)."""
    for card in load_cards():
        if card.slug == slug:
            return card
    raise KeyError(f"no guide {slug!r}; topics: {', '.join(ORDER)}")
