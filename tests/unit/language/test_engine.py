"""The analyzer understands constructions, not words (the issue's examples)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import clearair
from clearair.language.model import SCHEMA

#: A finding's fields, in order: its JSON keys (the public contract) and
#: the positional order make_finding relies on.
FINDING_FIELDS = ("label", "kind", "start", "end", "sentence", "message", "suggestion")


def labels(text: str) -> set[str]:
    return set(clearair.check(text).labels)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I'm sorry if you were offended.", "conditional-apology"),
        ("I'm sorry you feel that way.", "apology-for-feelings"),
        ("Sorry, but I was swamped.", "excuse"),
        ("Sorry, but you should have told me.", "blame-shift"),
        ("You should have told me.", "blame-shift"),
        ("Why did you do that?", "why-question"),
        ("Don't be upset.", "feeling-policing"),
        ("Mistakes were made.", "evasive-passive"),
        ("I'm really sorry.", "regret"),
        ("This is my mistake.", "responsibility"),
        ("How can I make it up to you?", "repair"),
        ("What would help most right now?", "open-question"),
    ],
)
def test_constructions_are_recognized(text: str, label: str) -> None:
    assert label in labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sorry to hear that.",
        "Sorry, could you repeat that?",
        "Forgive me for asking, but is this seat taken?",
        "Why don't we take five minutes?",
        "You always make us laugh.",
        "If you want, I can call you.",
        "The invoice was approved by Dana.",
        "I'll see you tomorrow.",
        "The summary is in the doc.",
    ],
)
def test_neutral_sentences_are_silent(text: str) -> None:
    assert labels(text) == set()


def test_non_apology_does_not_also_earn_regret() -> None:
    got = labels("I'm sorry if you were offended.")
    assert "regret" not in got


def test_offsets_point_into_the_text_and_sentences() -> None:
    text = "Hello there. I'm sorry if the demo confused people. Thanks!"
    report = clearair.check(text)
    (finding,) = [f for f in report.findings if f.label == "conditional-apology"]
    assert finding.sentence == 1
    sentence = report.sentences[1]
    assert sentence.start <= finding.start < finding.end <= sentence.end
    assert "sorry" in text[finding.start : finding.end].lower()
    assert finding.kind == "problem"
    assert finding.message
    assert finding.suggestion


def test_typographic_apostrophes_match_like_straight_ones() -> None:
    assert labels("I’m sorry if you were offended.") == labels("I'm sorry if you were offended.")


def test_empty_text_is_an_empty_report() -> None:
    report = clearair.check("")
    assert report.findings == ()
    assert report.sentences == ()
    assert report.verdict == "empty"
    assert report.to_dict()["schema"] == SCHEMA


def test_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        clearair.check("Sorry.", kind="letter")


def test_report_document_shape() -> None:
    doc = clearair.check("I'm sorry I missed your call. That's on me.").to_dict()
    assert doc["schema"] == "clearair.check/1"
    assert set(doc) == {"schema", "kind", "score", "verdict", "sentences", "findings"}
    assert isinstance(doc["score"], int)
    assert 0 <= doc["score"] <= 100
    for finding in doc["findings"]:
        assert set(finding) == set(FINDING_FIELDS)


@pytest.mark.parametrize(
    "text",
    [
        'The song "Sorry" was on the radio all summer.',
        "In the film, the father says, \"I'm sorry I wasn't there.\"",
        'She wrote "why did you do that?" on the back of the card, as a joke.',
        '"You should have told me" is the name of their second album.',
    ],
)
def test_words_inside_a_quotation_are_not_the_writers_act(text: str) -> None:
    assert labels(text) == set(), text


def test_a_draft_wrapped_in_quotes_is_still_the_writers_own() -> None:
    """Quotes around the whole sentence are no quotation: the same findings as without them."""
    for text in ["I'm sorry I missed your call.", "Why did you do that?", "Sorry if you were offended."]:
        assert labels(text)
        assert labels(f'"{text}"') == labels(text), text


def test_a_match_only_partly_quoted_still_counts() -> None:
    """Only a span lying wholly inside one quotation is dropped; an unpaired quote opens nothing."""
    assert "conditional-apology" in labels('I\'m sorry if you were offended by my "joke".')
    assert "regret" in labels('I\'m so sorry about the "quick" fix that broke everything.')
    assert "why-question" in labels('Why did you do that? She said "fine".')
    assert "why-question" in labels('I said "fine and then: why did you do that?')


def _corpus_texts() -> list[str]:
    """Every text of the development corpus, in file order."""
    import json
    from pathlib import Path

    data = Path(__file__).resolve().parents[2] / "data" / "corpus"
    return [
        json.loads(line)["text"]
        for path in sorted(data.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def test_fast_paths_never_change_a_result() -> None:
    """Gates, folding and the memo only save work: same findings as the naive engine."""
    from clearair.language.engine import Analyzer, default_analyzer

    fast = default_analyzer()
    slow = Analyzer(fast.rules, fast.model, gating=False, fold=False)
    texts = _corpus_texts()[::3]  # a third of the corpus keeps this to a few seconds
    texts += [t for rule in fast.rules for t in (*rule.flag_examples, *rule.pass_examples)]
    for text in texts:
        assert fast.check(text).findings == slow.check(text).findings, text


def test_a_long_text_gives_each_sentence_what_it_gets_alone() -> None:
    """The batch (pattern by pattern over a text's sentences) keeps each
    sentence's own state: a long text's findings are each sentence's own."""
    from clearair.language.engine import Analyzer, default_analyzer

    rules, model = default_analyzer().rules, default_analyzer().model
    texts = _corpus_texts()[1::20]
    long_text = "\n\n".join(texts)
    report = Analyzer(rules, model).check(long_text)
    alone = Analyzer(rules, model)
    for sentence in report.sentences:
        own = alone.check(sentence.text).findings
        found = [f for f in report.findings if f.sentence == sentence.index]
        assert [(f.label, f.start - sentence.start, f.end - sentence.start) for f in found] == [
            (f.label, f.start, f.end) for f in own
        ], sentence.text


def test_fast_constructors_equal_the_dataclass_constructors() -> None:
    """make_finding/make_sentence build what Finding(...)/Sentence(...) build, frozen alike."""
    import dataclasses

    from clearair.language.model import Finding, Sentence, make_finding, make_sentence

    fields = ("regret", "strength", 3, 9, 1, "a message", "a suggestion")
    fast, slow = make_finding(*fields), Finding(*fields)  # type: ignore[arg-type]
    assert type(fast) is Finding
    assert fast == slow
    assert hash(fast) == hash(slow)
    assert repr(fast) == repr(slow)
    assert fast.to_dict() == slow.to_dict()
    assert make_sentence(2, 5, 9, "Sorry.") == Sentence(2, 5, 9, "Sorry.")
    assert tuple(f.name for f in dataclasses.fields(Finding)) == FINDING_FIELDS
    assert [f.name for f in dataclasses.fields(Sentence)] == ["index", "start", "end", "text"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.start = 4  # type: ignore[misc]


def test_the_memo_gives_what_a_fresh_analysis_gives() -> None:
    """A sentence met again (memo hit, other offsets) gives the same findings, shifted."""
    from clearair.language.engine import default_analyzer

    analyzer = default_analyzer()
    once = analyzer.check("I'm sorry if you were offended. Why did you do that?")
    twice = analyzer.check("Hi. I'm sorry if you were offended. Why did you do that?")
    assert [(f.label, f.start + 4, f.end + 4, f.sentence + 1) for f in once.findings] == [
        (f.label, f.start, f.end, f.sentence) for f in twice.findings
    ]


def test_a_rules_vetoes_hold_for_the_models_findings_too() -> None:
    """The model's finding of a label is dropped where that label's own rule
    vetoes the sentence (narrated speech is not a question to the reader)."""
    from clearair.language.engine import Analyzer, default_analyzer

    class Sure:
        def evaluate(self, text: str, strict: bool) -> tuple[set[str], dict[str, float]]:
            return {"why-question"}, {}

    analyzer = Analyzer(default_analyzer().rules, Sure())  # type: ignore[arg-type]
    assert "why-question" in analyzer.labels("The weather was fine all week.")
    assert "why-question" not in analyzer.labels("'Where did you put the keys?' she asked.")


_texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@given(
    kind=st.sampled_from(["apology", "conversation"]),
    score=st.integers(0, 100),
    verdict=_texts,
    spans=st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 10**9)), max_size=5),
    findings=st.lists(
        st.tuples(_texts, st.sampled_from(["problem", "strength"]), st.integers(0, 10**9), _texts, _texts),
        max_size=6,
    ),
)
def test_to_json_is_json_dumps_of_to_dict(
    kind: str,
    score: int,
    verdict: str,
    spans: list[tuple[int, int]],
    findings: list[tuple[str, str, int, str, str]],
) -> None:
    """The fast writer prints exactly the document json.dumps prints (quotes,
    backslashes, control and non-ASCII characters in any string)."""
    import json

    from clearair.language.model import Finding, Report, Sentence

    report = Report(
        text="",
        kind=kind,  # type: ignore[arg-type]
        sentences=tuple(Sentence(i, s, e, "") for i, (s, e) in enumerate(spans)),
        findings=tuple(
            Finding(label, k, at, at + 3, i, message, suggestion)  # type: ignore[arg-type]
            for i, (label, k, at, message, suggestion) in enumerate(findings)
        ),
        score=score,
        verdict=verdict,
    )
    assert report.to_json() == json.dumps(report.to_dict(), ensure_ascii=False)


def test_to_json_of_a_real_report() -> None:
    import json

    report = clearair.check('Sorry if "that" upset you.\n\tWhy did you leave? I’ll fix it — I promise.')
    assert report.findings
    assert report.to_json() == json.dumps(report.to_dict(), ensure_ascii=False)


def test_a_check_makes_no_reference_cycles() -> None:
    """`clearair check` switches the cycle collector off for its one text: it
    would find nothing (a memo miss, findings of every kind, quotes, JSON)."""
    import gc

    from clearair.language.engine import default_analyzer

    analyzer = default_analyzer()
    text = " ".join(
        [
            'Sorry if you were offended. Why did you do that? She said "fine".',
            "I'm sorry I missed your call, that's on me; I'll call you at 5.",
            "Mistakes were made. Don't be upset. You always do this.",
        ]
        * 50
    )
    gc.collect()
    gc.disable()
    try:
        report = analyzer.check(text)
        assert report.findings
        report.to_json()
        del report
        assert gc.collect() == 0
    finally:
        gc.enable()
