"""The tuned programs find exactly what ``re.compile`` finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearair.language import fastre


def tuned(source: str) -> re.Pattern[str]:
    program = fastre.program(source)
    assert program is not None, source
    return fastre.load(program)


def same(source: str, text: str) -> None:
    expected = re.compile(source).search(text)
    found = tuned(source).search(text)
    assert (found is None) == (expected is None), (source, text)
    if expected is not None and found is not None:
        assert found.span() == expected.span(), (source, text)
        assert found.groups() == expected.groups(), (source, text)
        assert [found.span(g) for g in range(1, found.re.groups + 1)] == [
            expected.span(g) for g in range(1, expected.re.groups + 1)
        ], (source, text)


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (r"\bsorry", "im sorry"),
        (r"\bsorry", "imsorry"),
        (r"\bsorry", "sorry"),
        (r"\bsorry", "_sorry"),
        (r"\bsorry", "ésorry"),
        (r"\b(?:i|we)\s+forgot", "so we forgot"),
        (r"\b(?:i|we)\s+forgot", "swe forgot, i forgot"),
        (r"(?P<span>\b(?:sorry|sorrow|apology)\b)", "an apology, sorrow"),
        (r"(?:sorry|sorrow|s\w+|sorr)", "sorrow"),  # the class keeps its place
        (r"(?:ab|\w+|ac)", "ac"),
        (r"(?:ab|\w|ac)", "ac"),  # "ac" may not jump ahead of \w
        (r"(?:ab|[a-c]|ac)", "ac"),
        (r"(?:ab|\b|ac)", "ac"),  # nor ahead of what can match nothing
        (r"(?:ab|(?=a)|ac)", "ac"),
        (r"(?:ab|(?:ac|ad)|ae)x", "adx aex"),
        (r"(?:x|(?:y|z))+q", "zyxq"),
        (r"(?P<span>^\W*(?:ok|k)\W*$|^well)", "  ok!"),
        (r"(?P<span>^\W*(?:ok|k)\W*$|^well)", "so ok!"),
        (r"(?:^a|^b)|c", "xc"),
        (r"(?<=\bab)c", "abc xabc"),
        (r"(?i:SORRY)|sorry", "Sorry"),
        (r"\b[sz]orry|\b[0-9]+", "zorry 42"),
        (r"(?:a|)b|ab", "ab"),
        (r"\b(?:a|b)?c", "xc c"),
    ],
)
def test_known_cases(source: str, text: str) -> None:
    same(source, text)


def _code(source: str) -> list[int]:
    from array import array

    program = fastre.program(source)
    assert program is not None
    code = array("I")
    code.frombytes(program[1])
    return code.tolist()


def test_the_rewrites_happen() -> None:
    """The header names the first characters; ``^`` in every alternative anchors."""
    from re import _compiler, _parser  # type: ignore[attr-defined]
    from re import _constants as sre  # type: ignore[attr-defined]

    source = r"(?P<span>\b(?:sorry|sorrow|apology)\b)"
    plain = _compiler._code(_parser.parse(source), 0)
    assert not plain[2] & sre.SRE_INFO_CHARSET
    assert _code(source)[2] & sre.SRE_INFO_CHARSET
    anchored = _code(r"(?P<span>^a|^\W*b)")
    assert anchored[anchored[1] + 1 : anchored[1] + 3] == [sre.AT, sre.AT_BEGINNING]


def test_what_cannot_be_tuned_is_still_compiled() -> None:
    assert fastre.program("(") is None
    assert fastre.program(r"(a)\1") is not None  # back-references are left alone
    same(r"(a)\1", "aa")


_LEAVES = [
    *("a", "b", "c", " ", "'", "ab", "abc", "ac", "ba", "_", "é", ".", r"\b", r"\B", r"\s", r"\w", r"\W"),
    *("[ab]", "[^a]", "[a-c]", "[ab]c", r"\b[bc]", r"\bab", r"ab\b", r"\bc\b", "^", "$", r"\d", "1"),
]


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    several = st.lists(children, min_size=2, max_size=5)
    return st.one_of(
        pair.map(lambda t: t[0] + t[1]),
        pair.map(lambda t: f"(?:{t[0]}|{t[1]})"),
        several.map(lambda c: "(?:" + "|".join(c) + ")"),
        several.map(lambda c: "|".join(c)),
        children.map(lambda c: f"(?:{c})?"),
        children.map(lambda c: f"(?:{c})*"),
        children.map(lambda c: f"(?:{c})+?"),
        children.map(lambda c: f"(?:{c}){{2}}"),
        children.map(lambda c: f"(?={c})"),
        children.map(lambda c: f"(?!{c})"),
        children.map(lambda c: f"(?<=a)(?:{c})"),
        children.map(lambda c: f"(?<!\\b[ab])(?:{c})"),
        children.map(lambda c: f"({c})"),
        children.map(lambda c: rf"\b({c})"),
        children.map(lambda c: f"(?>{c})"),
    )


_REGEX = st.recursive(st.sampled_from(_LEAVES), _extend, max_leaves=12)
# alternations whose alternatives mostly share a first letter, with classes between
_PARTS = ["a", "ab", "abc", "ac", "b", "ba", r"\w", r"\w+", "[ab]", r"\bab", r"\b", "", "(?=a)", "a?b"]
_ALTERNATION = st.lists(
    st.sampled_from(_PARTS),
    min_size=2,
    max_size=6,
).map(lambda alternatives: "(?:" + "|".join(alternatives) + ")")
_TEXT = st.lists(
    st.sampled_from(["a", "b", "c", "ab", "abc", "ac", "ba", " ", " ", "'", "_", "é", ".", "\n", "1", "x"]),
    max_size=10,
).map("".join)


@settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_REGEX, _ALTERNATION, st.tuples(_ALTERNATION, _REGEX).map("".join)), st.data())
def test_random_expressions_find_the_same_matches(source: str, data: st.DataObject) -> None:
    try:
        re.compile(source)
    except re.error:
        return
    texts = data.draw(st.lists(st.one_of(_TEXT, st.from_regex(source)), min_size=1, max_size=6))
    for text in texts:
        same(source, text)


@pytest.mark.parametrize(
    ("source", "parts"),
    [
        ("(?:a|(?:b|c))", ["a", "b", "c"]),
        ("(?P<span>x|y)", ["x", "y"]),
        ("(?P<span>x|y)z", ["(?P<span>x|y)z"]),
        ("[|]|b", ["[|]", "b"]),
        (r"\|a|b", [r"\|a", "b"]),
        ("(?=a|b)", ["(?=a|b)"]),
        ("(?i)a|b", ["(?i)a|b"]),
        (r"(a)\1|b", [r"(a)\1|b"]),
        ("(?:[)|]|q)", ["[)|]", "q"]),
    ],
)
def test_alternatives(source: str, parts: list[str]) -> None:
    assert fastre.alternatives(source) == parts


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_REGEX, _ALTERNATION), st.lists(_TEXT, min_size=1, max_size=4))
def test_an_expression_matches_where_one_of_its_alternatives_does(source: str, texts: list[str]) -> None:
    try:
        whole = re.compile(source)
        parts = [re.compile(part) for part in fastre.alternatives(source)]
    except re.error:
        return
    for text in texts:
        assert (whole.search(text) is not None) == any(p.search(text) for p in parts), (source, text)
