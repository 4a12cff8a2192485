from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clearair.language.segment import sentences


def texts(text: str) -> list[str]:
    return [s.text for s in sentences(text)]


def test_splits_on_terminal_punctuation_and_line_breaks() -> None:
    assert texts("I'm sorry. It was my fault!\nCan we talk? ok") == [
        "I'm sorry.",
        "It was my fault!",
        "Can we talk?",
        "ok",
    ]


def test_keeps_abbreviations_and_initials_inside_the_sentence() -> None:
    assert texts("Mr. Lee and Dr. J. Smith met at 3 p.m. today. Then we left.") == [
        "Mr. Lee and Dr. J. Smith met at 3 p.m. today.",
        "Then we left.",
    ]


def test_texting_without_capitals_still_splits() -> None:
    assert texts("sorry i was late. traffic was bad lol") == [
        "sorry i was late.",
        "traffic was bad lol",
    ]


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert sentences("") == ()
    assert sentences("  \n\n\t ") == ()


@given(st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=0x2FFF), max_size=300))
def test_offsets_are_exact_ordered_and_trimmed(text: str) -> None:
    previous_end = 0
    for index, sentence in enumerate(sentences(text)):
        assert sentence.index == index
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end


_PIECES = st.sampled_from([*"ab .!?…\n\"')]”\t\u00a0", "Mr", "e.g", "J"])


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_every_visible_character_lies_in_one_sentence(text: str) -> None:
    covered = [False] * len(text)
    for sentence in sentences(text):
        for i in range(sentence.start, sentence.end):
            assert not covered[i]
            covered[i] = True
    assert all(covered[i] for i, ch in enumerate(text) if not ch.isspace())
