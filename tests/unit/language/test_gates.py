"""Gates only ever skip patterns that cannot match.

Three kinds of evidence: what is derived from small hand-written regexes;
random regexes searched in random texts (a match must always pass the
gate); and every built-in pattern searched in sentences made of the rules'
own words and examples, cut up and recombined (the analyzer with gates must
also agree with the naive one there).
"""

from __future__ import annotations

import pickle
import re
from functools import cache
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearair.language.engine import _CASE_ODDITIES, _NORMALIZE, Analyzer, default_analyzer
from clearair.language.gates import Gatekeeper, gate_for, terms
from clearair.language.ruleset import fold_source, load_macros


def passes(source: str, text: str) -> bool:
    """Whether ``text`` passes the gate of ``source`` (as the engine checks it)."""
    return Gatekeeper([gate_for(source)]).candidates(text.lower()) == [0]


def matches(source: str, text: str) -> bool:
    """Whether ``source`` matches ``text`` the way the engine searches."""
    return re.search(fold_source(source), text.lower()) is not None


# ---------------------------------------------------------------- derivation


def test_a_whole_word_is_required_as_a_whole_word() -> None:
    assert gate_for(r"\bsorry\b") == "sorry"
    assert terms("sorry") == ((("sorry",),),)
    assert passes(r"\bsorry\b", "So SORRY!")
    assert not passes(r"\bsorry\b", "I'm sorr y")


def test_a_literal_without_word_edges_is_a_piece() -> None:
    assert gate_for(r"apolog") == "*apolog"
    assert passes(r"apolog", "my apologies")


def test_each_alternative_is_a_term_of_its_own() -> None:
    source = r"\b(?:water\s+under\s+the\s+bridge|bury\s+the\s+hatchet)\b"
    assert len(terms(gate_for(source))) == 2
    assert passes(source, "It's water under the bridge")
    assert passes(source, "let's bury the hatchet")
    # a word of each alternative is not enough: one alternative must hold whole
    assert not passes(source, "the water is under the hatchet")


def test_optional_parts_give_every_spelling() -> None:
    source = r"\bwe'?re\s+sorry"
    for text in ("we're sorry", "were sorry"):
        assert matches(source, text)
        assert passes(source, text)
    assert not passes(source, "we are sorry")
    source = r"\b(?:so+\s+)?sorry\b"
    for text in ("sorry", "so sorry", "sooooo sorry"):
        assert passes(source, text)


def test_the_rounds_every_match_makes_are_read() -> None:
    source = r"\bsor+y{2,}\b"
    assert "soryy" in gate_for(source).split(";")  # one r and two y's: a whole word
    for text in ("soryy", "sorryyy", "sorrrryy"):
        assert passes(source, text)
    assert not passes(source, "sorry")
    assert passes(r"x(?:ab){4,}", "xabababab")


def test_a_short_letter_class_forks_and_longer_ones_do_not() -> None:
    assert passes(r"apologi[sz]e", "I apologise")
    assert passes(r"apologi[sz]e", "I apologize")
    assert not passes(r"apologi[sz]e", "I apologi-e")
    assert passes(r"\bsorr[a-z]\b", "sorry")


def test_lookaheads_add_what_they_require() -> None:
    source = r"^(?=.*?\bsorry\b).*?\bok\b"
    assert passes(source, "sorry, ok?")
    assert not passes(source, "ok then")
    assert not passes(source, "sorry then")
    assert passes(r"(?<=sorry )\bnow\b", "sorry now")
    # a negative one adds nothing (the text must still pass)
    assert passes(r"(?!sorry)\bnow\b", "now")


def test_short_words_count_only_between_word_edges() -> None:
    source = r"\bu\s+ok\b"
    assert gate_for(source) in ("ok&u", "u&ok")
    assert passes(source, "u ok?")
    assert not passes(source, "you okay?")
    assert not passes(source, "u okay?")
    # "i'm" is the words "i" and "m"
    assert passes(r"\bi'm\b", "I'm sorry")
    assert passes(r"^so\b", "So, are we good")


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (r"\b(?:u|you)r\b", "ur late"),  # "u" is followed by a letter: not a word
        (r"\bso", "sorry"),  # no edge after
        (r"so\b", "also"),  # no edge before
        (r"[a-z]so\b", "also"),
        (r"\Bso\b", "also"),
        (r"\w*so\b", "also"),
        (r"\bso\w*", "sooo"),
        (r"\bso\s*rry", "sorry"),  # an optional space may be absent: "sorry" is one word
        (r"_so_", "x_so_y"),  # "_" is not [a-z0-9]: "so" is a word of the text
        (r"\bcaf\B", "café"),  # "é" is a word character but not [a-z0-9]
        (r"\bcaf[éè]", "café"),
        (r"\b2\s+days\b", "2 days late"),
        (r"(a)\1", "aa"),  # a back-reference reads unknown text
        (r"\b(?:i|we)\b.*\bdid\b", "we really did"),
        (r"\bi\b(?=.*sorry)", "i am sorry"),
    ],
)
def test_gates_pass_what_the_regex_matches(source: str, text: str) -> None:
    assert matches(source, text)
    assert passes(source, text)


def test_no_gate_when_nothing_can_be_required() -> None:
    assert gate_for(r".*") == ""
    assert gate_for(r"\w+\s+\w+") == ""
    assert gate_for(r"\b(?:so|u)") == ""  # two letters without an edge after them
    assert gate_for(r"(?i:sorry)") == ""  # inline flags are not modelled


def test_terms_read_back_what_is_written() -> None:
    assert terms("") == ()
    assert terms("sorry&i,we;*apolog") == ((("sorry",), ("i", "we")), (("*apolog",),))


def test_gatekeeper_reads_patterns_below_an_index_and_one_at_a_time() -> None:
    keeper = Gatekeeper(["sorry", "", "ok&u", "*apolog;we"])
    passing = keeper.check("u ok, we apologise")
    assert keeper.among(passing) == keeper.candidates("u ok, we apologise") == [1, 2, 3]
    assert keeper.among(passing, 3) == [1, 2]
    assert keeper.among(passing, 1) == []
    assert [keeper.holds(passing, i) for i in range(4)] == [False, True, True, True]
    assert keeper.candidates("you ok?") == [1]


# words and pieces that overlap ("sorry" holds "*sor" and "*orr"), and
# texts that split them in every way the gatekeeper must read: ASCII
# punctuation, non-ASCII letters, digits
_WORDS = ["i", "u", "we", "so", "sorry", "sor", "apologise", "apology", "ok", "it", "s", "2day", "caf"]
_PIECES = ["*sor", "*orr", "*apolog", "*log", "*ise", "*day", "*caf", "*ok2"]
_ATOM = st.sampled_from(_WORDS + _PIECES)
_CLAUSE = st.lists(_ATOM, min_size=1, max_size=3, unique=True).map(",".join)
_TERM = st.lists(_CLAUSE, min_size=1, max_size=3).map("&".join)
_GATE = st.one_of(st.just(""), st.lists(_TERM, min_size=1, max_size=4).map(";".join))
_PLAIN = st.lists(
    st.sampled_from([*_WORDS, " ", " ", "'", ".", "é", "\u2019", "ok2", "xsorry", "apologised", "caf\u00e9"]),
    max_size=10,
).map("".join)


def _holds(gate: str, text: str) -> bool:
    """A plain evaluation of a gate: some term whose every clause has an atom
    the text holds (a word of it, or a piece inside one of its words)."""
    if not gate:
        return True
    words = re.findall(r"[a-z0-9]+", text)

    def held(atom: str) -> bool:
        return any(atom[1:] in w for w in words) if atom.startswith("*") else atom in words

    return any(all(any(held(atom) for atom in clause) for clause in term) for term in terms(gate))


@settings(max_examples=300, deadline=None)
@given(st.lists(_GATE, min_size=1, max_size=8), st.lists(_PLAIN, min_size=1, max_size=6))
def test_gatekeeper_agrees_with_a_plain_evaluation(gates: list[str], texts: list[str]) -> None:
    keeper = Gatekeeper(gates)
    copy = pickle.loads(pickle.dumps(keeper))
    for _ in range(2):  # the second time from what the groups remember
        for text in texts:
            expected = [i for i, gate in enumerate(gates) if _holds(gate, text)]
            for k in (keeper, copy):
                passing = k.check(text)
                assert k.among(passing) == expected, (gates, text)
                assert [k.holds(passing, i) for i in range(len(gates))] == [
                    i in expected for i in range(len(gates))
                ]
                upto = len(gates) // 2
                assert k.among(passing, upto) == [i for i in expected if i < upto]


def test_gatekeeper_reads_words_as_runs_of_ascii_letters_and_digits() -> None:
    keeper = Gatekeeper(["caf", "sorry&i", "*apolog&u", "2day"])
    assert keeper.candidates("caf\u00e9, i\u2019m sorry") == [0, 1]
    assert keeper.candidates("u_apologise 2day") == [2, 3]
    assert keeper.candidates("") == []
    assert keeper.among(0) == []
    assert not keeper.holds(0, 1)
    assert Gatekeeper(["", "ok"]).among(0) == [0]


def test_derivation_does_not_depend_on_set_order() -> None:
    source = r"\b(?:we|i)\s+(?:so+\s+)?(?:apologi[sz]e|regret|am\s+sorry)\b(?:\s+for\s+(?:it|that|this))?"
    assert gate_for(source) == gate_for(source)


# ---------------------------------------------------------------- random regexes

_LEAVES = [
    *("a", "b", "c", " ", "'", "ab", "abc", "cab", "_", "é", ".", r"\b", r"\B", r"\s", r"\w", r"\W"),
    *("[ab]", "[^a]", "[a-c]", "[ab]c", r"\b[bc]", r"\bab", r"ab\b", r"\bc\b"),
]


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda t: t[0] + t[1]),
        pair.map(lambda t: f"(?:{t[0]}|{t[1]})"),
        children.map(lambda c: f"(?:{c})?"),
        children.map(lambda c: f"(?:{c})*"),
        children.map(lambda c: f"(?:{c})+"),
        children.map(lambda c: f"(?:{c}){{2}}"),
        children.map(lambda c: f"(?:{c}){{0,2}}?"),
        children.map(lambda c: f"(?={c})"),
        children.map(lambda c: f"(?!{c})"),
        children.map(lambda c: f"(?<=a)(?:{c})"),
        children.map(lambda c: f"({c})"),
    )


_REGEX = st.tuples(
    st.sampled_from(["", "^"]),
    st.recursive(st.sampled_from(_LEAVES), _extend, max_leaves=10),
    st.sampled_from(["", "$"]),
).map("".join)


# texts made of the same bits as the regexes, and texts the regex matches
_TEXT = st.lists(
    st.sampled_from(["a", "b", "c", "ab", "abc", "cab", "bab", "AB", " ", " ", "'", "_", "é", ".", "\n"]),
    max_size=8,
).map("".join)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_REGEX, st.data())
def test_random_regexes_never_lose_a_match(source: str, data: st.DataObject) -> None:
    folded = fold_source(source)
    keeper = Gatekeeper([gate_for(source)])
    # texts as short as _TEXT's: a random regex may backtrack exponentially on a long one
    matching = st.from_regex(folded).map(lambda text: text[:24])
    texts = data.draw(st.lists(st.one_of(_TEXT, matching), min_size=1, max_size=6))
    for text in texts:
        if re.search(folded, text):
            assert keeper.candidates(text) == [0], (source, text, gate_for(source))


# ---------------------------------------------------------------- the built-in rules


@cache
def _analyzers() -> tuple[Analyzer, Analyzer]:
    fast = default_analyzer()
    return fast, Analyzer(fast.rules, fast.model, gating=False, fold=False)


@cache
def _vocabulary() -> tuple[list[str], list[str]]:
    """The rules' example sentences, and the words of the examples and lexicons."""
    fast, _ = _analyzers()
    examples = sorted({t for rule in fast.rules for t in (*rule.flag_examples, *rule.pass_examples)})
    words = {w for t in examples for w in t.split()}
    root = resources.files("clearair.language") / "rules"
    for path in root.iterdir():
        if path.name.startswith("_lexicon"):
            for fragment in load_macros(path).values():
                words.update(re.findall(r"[a-z]+(?:'[a-z]+)?", fragment))
    return examples, sorted(words)


@st.composite
def _sentences(draw: st.DrawFn) -> str:
    examples, words = _vocabulary()
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            example = draw(st.sampled_from(examples))
            start = draw(st.integers(0, len(example)))
            end = draw(st.integers(start, len(example)))
            parts.append(example[start:end])
        else:
            parts.append(" ".join(draw(st.lists(st.sampled_from(words), min_size=1, max_size=8))))
    text = draw(st.sampled_from([" ", ", ", ". ", "! ", "? ", "", " so "])).join(parts)
    if draw(st.booleans()):
        text = text.replace("'", "\u2019")
    if draw(st.booleans()):
        text = text.upper() if draw(st.booleans()) else text.capitalize()
    return text


def _gates_hold(text: str) -> None:
    fast, slow = _analyzers()
    normal = text.translate(_NORMALIZE)
    lowered = normal.lower()
    if len(lowered) == len(normal) and not _CASE_ODDITIES.intersection(normal):
        candidates = set(fast._gatekeeper.candidates(lowered))
        for i, (_, pattern) in enumerate(fast._patterns):
            if pattern.regex.search(lowered):
                assert i in candidates, (text, pattern.name)
    assert fast.check(text).findings == slow.check(text).findings, text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_sentences())
def test_rule_gates_never_skip_a_pattern_that_matches(text: str) -> None:
    _gates_hold(text)


def test_every_rule_example_passes_the_gates_of_the_patterns_it_matches() -> None:
    examples, _ = _vocabulary()
    for text in examples:
        _gates_hold(text)
