"""The guide cards are data: all load, validate, and a malformed card is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearair.guides import ORDER, CardError, get_card, load_cards


def test_every_topic_has_a_card_in_order() -> None:
    cards = load_cards()
    assert [c.slug for c in cards] == list(ORDER)
    assert all(c.points for c in cards)
    poems = get_card("poems")
    assert [p.term for p in poems.points][:5] == [
        "Prepare",
        "Open",
        "Explore",
        "Make it safe",
        "Summarize",
    ]
    assert len(get_card("derailers").points) == 5
    assert len(get_card("techniques").points) == 5
    with pytest.raises(KeyError, match="topics: apology"):
        get_card("nope")


def test_a_malformed_card_names_the_file_and_field(tmp_path: Path) -> None:
    (tmp_path / "apology.yaml").write_text(
        "slug: apology\ntitle: A\nsummary: S\npoints:\n  - term: x\n", encoding="utf-8"
    )
    with pytest.raises(CardError, match=r"apology\.yaml: points\.0\.text"):
        load_cards(tmp_path)
    (tmp_path / "apology.yaml").write_text("slug: apology\ntitle: [\n", encoding="utf-8")
    with pytest.raises(CardError, match="not valid YAML"):
        load_cards(tmp_path)
    (tmp_path / "apology.yaml").write_text(
        "slug: apology\ntitle: A\nsummary: S\npoints: [{text: t}]\nsee_also: [nowhere]\n",
        encoding="utf-8",
    )
    with pytest.raises(CardError, match="unknown card 'nowhere'"):
        load_cards(tmp_path)
