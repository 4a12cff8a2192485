"""Segment, match, and turn matches into findings."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from pathlib import Path

from clearair.language import scoring, segment
from clearair.language.model import Finding, Report
from clearair.language.ruleset import Rule, load_rules

# Typographic quotes become straight ones, one character for one, so the
# rules need only one spelling and every offset stays true.
_NORMALIZE = str.maketrans({"’": "'", "‘": "'", "‛": "'", "“": '"', "”": '"', "′": "'"})

KINDS = ("auto", "apology", "conversation")


class Analyzer:
    """Runs a set of compiled rules over texts."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.by_label = {rule.label: rule for rule in self.rules}

    def sentence_matches(self, sentence: str) -> list[tuple[Rule, int, int]]:
        """Labels of one (normalized) sentence: (rule, span start, span end)."""
        is_question = "?" in sentence
        found: list[tuple[Rule, int, int]] = []
        for rule in self.rules:
            span = self._match(rule, sentence, is_question)
            if span is not None:
                found.append((rule, span[0], span[1]))
        if len(found) > 1:
            suppressed: set[str] = set()
            for rule, _, _ in found:
                suppressed |= rule.suppresses
            if suppressed:
                found = [m for m in found if m[0].label not in suppressed]
        return found

    @staticmethod
    def _match(rule: Rule, sentence: str, is_question: bool) -> tuple[int, int] | None:
        for pattern in rule.patterns:
            if pattern.question is not None and pattern.question != is_question:
                continue
            m = pattern.regex.search(sentence)
            if m is None:
                continue
            if any(u.search(sentence) for u in pattern.unless):
                continue
            if any(u.search(sentence) for u in rule.unless):
                return None
            if "span" in pattern.regex.groupindex and m.group("span") is not None:
                return m.start("span"), m.end("span")
            return m.start(), m.end()
        return None

    def labels(self, text: str) -> set[str]:
        """Every label found in ``text`` (what the quality benchmark compares)."""
        return {f.label for f in self.check(text).findings}

    def check(self, text: str, kind: str = "auto") -> Report:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        normalized = text.translate(_NORMALIZE)
        sentences = segment.sentences(text)
        findings: list[Finding] = []
        per_sentence: list[frozenset[str]] = []
        for sentence in sentences:
            matches = self.sentence_matches(normalized[sentence.start : sentence.end])
            per_sentence.append(frozenset(rule.label for rule, _, _ in matches))
            for rule, start, end in sorted(matches, key=lambda m: (m[1], m[2])):
                findings.append(
                    Finding(
                        label=rule.label,
                        kind=rule.kind,
                        start=sentence.start + start,
                        end=sentence.start + end,
                        sentence=sentence.index,
                        message=rule.message,
                        suggestion=rule.suggestion,
                    )
                )
        message_kind = scoring.message_kind(findings) if kind == "auto" else kind
        score, verdict = scoring.score(findings, message_kind, self.by_label, empty=not sentences)
        return Report(
            text=text,
            kind=message_kind,  # type: ignore[arg-type]
            sentences=sentences,
            findings=tuple(findings),
            score=score,
            verdict=verdict,
            labels_by_sentence=tuple(per_sentence),
        )

    def check_many(self, texts: Iterable[str], kind: str = "auto") -> Iterable[Report]:
        for text in texts:
            yield self.check(text, kind=kind)


@functools.cache
def default_analyzer() -> Analyzer:
    """The analyzer with the built-in rules, loaded once on first use."""
    return Analyzer(load_rules())


def analyzer_from(directory: Path) -> Analyzer:
    """An analyzer with the rule files of ``directory`` (for custom rule packs)."""
    return Analyzer(load_rules(directory))
