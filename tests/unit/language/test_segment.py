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


def test_a_quotation_followed_by_its_speaker_stays_one_sentence() -> None:
    assert [s.text for s in sentences("'Why did you leave?' she asked. Then she left.")] == [
        "'Why did you leave?' she asked.",
        "Then she left.",
    ]
    assert [s.text for s in sentences('The song "Why Me?" was a hit. "Stop!" He ran.')] == [
        'The song "Why Me?" was a hit.',
        '"Stop!"',
        "He ran.",
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


def _reference_is_abbreviation(text: str, dot: int) -> bool:
    """The abbreviation test before its fast path (the plain rule)."""
    from clearair.language.segment import _ABBREVIATIONS

    window = text[max(0, dot - 24) : dot]
    if window.endswith("\n"):
        window = window[:-1]
    if not window or window[-1].isspace():
        return False
    word = window.rsplit(None, 1)[-1].lower().lstrip("(\"'")
    if len(word) == 1 and word.isalpha():
        return True
    return word in _ABBREVIATIONS


def _reference(text: str) -> list[tuple[int, int, str]]:
    """The plain splitter (before the fast paths): each end, then strip the piece."""
    from clearair.language.segment import _END

    out: list[tuple[int, int, str]] = []
    start = 0
    ends = [
        m.end()
        for m in _END.finditer(text)
        if not (m.group() == "." and _reference_is_abbreviation(text, m.start()))
        # a closing quote followed on its line by a lower-case word: the quotation goes on
        and not (m.group()[-1] in "\"'”’" and text[m.end() :].lstrip(" \t")[:1].islower())
    ]
    for end in [*ends, len(text)]:
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((start + lead, start + lead + len(piece.strip()), piece.strip()))
        start = end
    return out


_NEAR_ABBREVIATIONS = st.sampled_from(
    [
        *"aAzZ. \n\t('\"\u00a0",
        "\u0130",
        "\u212a",
        "\u017f",
        "ß",
        "Mr",
        "MRS",
        "e.g",
        "I.E",
        "approx",
        "Sept",
        "cf",
        "ST",
    ]
)


@given(st.lists(_NEAR_ABBREVIATIONS, max_size=30).map("".join))
def test_abbreviations_as_the_plain_rule_tells_them(text: str) -> None:
    from clearair.language.segment import _is_abbreviation

    for dot in (i for i, ch in enumerate(text) if ch == "."):
        assert _is_abbreviation(text, dot) == _reference_is_abbreviation(text, dot), (text, dot)


@given(
    st.lists(
        _PIECES | st.sampled_from(["Mr\n", "(Dr", "\u2003", "é", "İ", "?' she", '!" he', "?”  x", "?'\nso"]),
        max_size=60,
    ).map("".join)
)
def test_same_sentences_as_the_plain_splitter(text: str) -> None:
    assert [(s.start, s.end, s.text) for s in sentences(text)] == _reference(text)
    assert [s.index for s in sentences(text)] == list(range(len(_reference(text))))


@given(st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=0x2FFF), max_size=300))
def test_same_sentences_as_the_plain_splitter_on_any_text(text: str) -> None:
    assert [(s.start, s.end, s.text) for s in sentences(text)] == _reference(text)
