"""Segment, match, and turn matches into findings."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

from clearair.language import scoring, segment
from clearair.language.gates import Gatekeeper, bits, gates_for
from clearair.language.model import Finding, Kind, Report, make_finding
from clearair.language.ngram import STRICT, NgramModel, load_builtin
from clearair.language.ruleset import Pattern, Regex, Rule, load_rules, rule_files

# Typographic quotes become straight ones, one character for one, so the
# rules need only one spelling and every offset stays true.
_NORMALIZE = str.maketrans({"’": "'", "‘": "'", "‛": "'", "“": '"', "”": '"', "′": "'"})
# Characters whose case rules differ between str.lower() and re.IGNORECASE;
# a sentence containing one runs every pattern (no pre-check).
_CASE_ODDITIES = frozenset("\u017f\u212a\u0130\u0131\ufb05\ufb06")

KINDS = ("auto", "apology", "conversation")
#: How many distinct sentences' matches the analyzer keeps in memory.
MEMO_SIZE = 20_000

Match = tuple[Rule, int, int]
Finder = Callable[[str], "re.Match[str] | None"]
#: A match as the memo keeps it: start, end (in the sentence), label, kind, message, suggestion.
Entry = tuple[int, int, str, Kind, str, str]


class Analyzer:
    """Runs a set of compiled rules (and optionally the n-gram model) over texts."""

    def __init__(
        self,
        rules: Sequence[Rule],
        model: NgramModel | None = None,
        *,
        gating: bool = True,
        fold: bool = True,
    ) -> None:
        self.rules = tuple(rules)
        self.by_label = {rule.label: rule for rule in self.rules}
        self._order = {rule.label: i for i, rule in enumerate(self.rules)}
        self.model = model
        self.gating = gating
        self.fold = fold
        # every pattern, in rule order then pattern order, with its rule
        self._patterns: list[tuple[int, Pattern]] = [
            (r, pattern) for r, rule in enumerate(self.rules) for pattern in rule.patterns
        ]
        # The "unless" expressions (vetoes), each distinct source once: a macro
        # such as NARRATED vetoes many rules and is searched at most once per
        # sentence. Their gates join the patterns' in one gatekeeper, so a
        # veto that cannot match is not searched at all.
        first_veto = len(self._patterns)
        ids: dict[str, int] = {}
        self._vetoes: list[Regex] = []
        for rule in self.rules:
            for regex in (*rule.unless, *(u for p in rule.patterns for u in p.unless)):
                if regex.source not in ids:
                    ids[regex.source] = first_veto + len(self._vetoes)
                    self._vetoes.append(regex)
        # each pattern's and each rule's vetoes as bits (by gatekeeper index)
        self._pattern_vetoes = [bits(ids[u.source] for u in p.unless) for _, p in self._patterns]
        self._rule_vetoes = [bits(ids[u.source] for u in rule.unless) for rule in self.rules]
        self._first_veto = first_veto
        self._all = list(range(first_veto))  # every pattern (without the gatekeeper)
        gates = [p.gate for _, p in self._patterns]
        gates.extend(gates_for(regex.source for regex in self._vetoes))
        self._gatekeeper = Gatekeeper(gates)
        # Sentences recur (greetings, sign-offs, a draft re-checked while it is
        # typed); their matches are kept in memory, never anywhere else.
        self._memo: dict[str, tuple[tuple[Entry, ...], float]] = {}
        # the folded expression's search, by gatekeeper index (patterns, then
        # vetoes), taken on first use: no Python call between the loop and re
        self._finders: list[Finder | None] = [None] * (first_veto + len(self._vetoes))

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (in the analyzer cache) without the sentence memo and the compiled searches."""
        state = self.__dict__.copy()
        state["_memo"] = {}
        state["_finders"] = [None] * len(self._finders)
        return state

    def _regex(self, index: int) -> Regex:
        """The expression of pattern or veto ``index`` (gatekeeper numbering)."""
        if index < self._first_veto:
            return self._patterns[index][1].regex
        return self._vetoes[index - self._first_veto]

    def _finder(self, index: int) -> Finder:
        """The search of the folded expression ``index``, compiled on first use."""
        finder = self._finders[index] = self._regex(index).compiled.search
        return finder

    def _results(self, sentences: Sequence[str]) -> dict[str, tuple[tuple[Entry, ...], float]]:
        """Each distinct sentence's matches, ready to become findings, and its
        leaning points: from the memo, or worked out now, all new ones in one batch."""
        memo = self._memo
        results = {}
        new = []
        for sentence in dict.fromkeys(sentences):
            found = memo.get(sentence)
            if found is None:
                new.append(sentence)
            else:
                results[sentence] = found
        for sentence, found in zip(new, self._batch(new), strict=True):
            results[sentence] = found
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[sentence] = found
        return results

    def _batch(self, sentences: Sequence[str]) -> list[tuple[tuple[Entry, ...], float]]:
        """Run the patterns (then the model) over distinct sentences; for each,
        the entries in report order and its leaning points.

        Each pattern is searched in every sentence that needs it before the
        next pattern is (pattern by pattern, not sentence by sentence): one
        expression's program stays in the processor's caches while it runs,
        which makes the searches of a long text about a third faster. Within
        a sentence the patterns still run in their order, and each sentence
        keeps its own state, so the results are those of one sentence at a time.
        """
        count = len(sentences)
        first_veto = self._first_veto
        gatekeeper = self._gatekeeper
        finders = self._finders
        texts: list[str] = []
        lowereds: list[str] = []
        folds: list[bool] = []
        questions: list[bool] = []
        quotes: list[tuple[tuple[int, int], ...]] = []
        # the vetoes that may match (all of them without the gatekeeper), and
        # of those already searched, the ones that matched (bits, per sentence)
        live: list[int] = []
        searched = [0] * count
        hits = [0] * count
        # the sentences each pattern is worth searching, by pattern
        needed: dict[int, list[int]] = {}
        for k, sentence in enumerate(sentences):
            if sentence.isascii():
                # no typographic quote to straighten; lower-casing keeps every offset
                text = sentence
                lowered = sentence.lower()
                simple = True
            else:
                text = sentence.translate(_NORMALIZE)
                lowered = text.lower()
                # The fast path searches lower-cased text with the folded expressions;
                # it needs lower-casing to keep every offset (one character for one).
                simple = len(lowered) == len(text) and not _CASE_ODDITIES.intersection(text)
            texts.append(text)
            lowereds.append(lowered)
            folds.append(self.fold and simple)
            questions.append("?" in text)
            # the spans between double quotes ("..."): what is said there is quoted
            quotes.append(_quotations(text) if '"' in text else ())
            if self.gating and simple:
                # the patterns worth running; a veto is asked about only when needed
                passing = gatekeeper.check(lowered)
                live.append(passing)
                candidates = gatekeeper.among(passing, first_veto)
            else:
                live.append(-1)
                candidates = self._all
            for i in candidates:
                wanting = needed.get(i)
                if wanting is None:
                    needed[i] = [k]
                else:
                    wanting.append(k)

        def veto(k: int, mask: int) -> bool:
            mask &= live[k]
            if mask & hits[k]:
                return True
            mask &= ~searched[k]
            while mask:
                low = mask & -mask
                searched[k] |= low
                v = low.bit_length() - 1
                if folds[k]:
                    hit = (finders[v] or self._finder(v))(lowereds[k])
                else:
                    hit = self._regex(v).search_ci(texts[k])
                if hit is not None:
                    hits[k] |= low
                    return True
                mask ^= low
            return False

        found: list[list[Match]] = [[] for _ in range(count)]
        decided = [-1] * count  # per sentence, the last rule that already gave (or vetoed) a finding
        patterns = self._patterns
        rule_vetoes = self._rule_vetoes
        for i in sorted(needed):
            r, pattern = patterns[i]
            question = pattern.question
            pattern_mask = self._pattern_vetoes[i]
            rule_mask = rule_vetoes[r]
            search = finders[i] or self._finder(i)
            for k in needed[i]:
                if decided[k] == r or (question is not None and question != questions[k]):
                    continue
                m = search(lowereds[k]) if folds[k] else pattern.regex.search_ci(texts[k])
                if m is None:
                    continue
                if "span" in m.re.groupindex and m.group("span") is not None:
                    start, end = m.span("span")
                else:
                    start, end = m.span()
                if quotes[k] and _quoted(quotes[k], start, end):
                    continue  # someone else's words, a title: not the writer's act
                if pattern_mask and veto(k, pattern_mask):
                    continue
                decided[k] = r
                if rule_mask and veto(k, rule_mask):
                    continue
                found[k].append((self.rules[r], *_whole_words(texts[k], start, end)))
        results = []
        for k in range(count):
            text = texts[k]
            matches = found[k]
            leaning = 0.0
            if self.model is not None:
                # On a sentence the rules leave silent the model must be surer.
                confident, leans = self.model.evaluate(text, strict=not matches)
                if quotes[k] and 2 * sum(b - a for a, b in quotes[k]) > len(text):
                    confident = set()  # a sentence mostly quoted: the model judges the quotation
                if confident or leans:
                    have = {rule.label for rule, _, _ in matches}
                    for label in sorted(confident - have):
                        rule = self.by_label.get(label)
                        if rule is None or (rule.suppresses & have and leans[label] < STRICT):
                            # it would overturn what the rules found (their regret
                            # into a non-apology): only when the model is sure
                            continue
                        # the rule's own vetoes hold for the model too ("'Why?' she asked")
                        if not veto(k, rule_vetoes[self._order[label]]):
                            matches.append((rule, 0, len(text)))
                    # What it only leans to nudges the score (never a finding).
                    for label, p in leans.items():
                        leaned = self.by_label.get(label)
                        if leaned is not None and label not in confident and label not in have:
                            leaning += p * leaned.weight * (1 if leaned.kind == "strength" else -1)
            results.append((_entries(matches, self._order), leaning))
        return results

    def labels(self, text: str) -> set[str]:
        """Every label found in ``text`` (what the quality benchmark compares)."""
        return set(self.check(text).labels)

    def check(self, text: str, kind: str = "auto") -> Report:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        sentences = segment.sentences(text)
        findings: list[Finding] = []
        add = findings.append
        leaning = 0.0
        results = self._results([sentence.text for sentence in sentences])
        for sentence in sentences:
            entries, lean = results[sentence.text]
            leaning += lean
            if entries:
                at, index = sentence.start, sentence.index
                for start, end, label, rule_kind, message, suggestion in entries:
                    add(make_finding(label, rule_kind, at + start, at + end, index, message, suggestion))
        message_kind = scoring.message_kind(findings) if kind == "auto" else kind
        score, verdict = scoring.score(
            findings, message_kind, self.by_label, empty=not sentences, leaning=leaning
        )
        return Report(
            text=text,
            kind=message_kind,  # type: ignore[arg-type]
            sentences=sentences,
            findings=tuple(findings),
            score=score,
            verdict=verdict,
        )


def _quotations(text: str) -> tuple[tuple[int, int], ...]:
    """The spans inside pairs of double quotes (the first with the second, the
    third with the fourth, ...); an unpaired last quote opens nothing. A pair
    around the whole sentence is no quotation: that is the writer's own
    sentence in quotes (a draft pasted as "I'm sorry I missed it.")."""
    at = [i for i, c in enumerate(text) if c == '"']
    found = []
    for a, b in zip(at[::2], at[1::2], strict=False):
        whole = not text[:a].strip() and not any(c.isalnum() for c in text[b + 1 :])
        if not whole:
            found.append((a + 1, b))
    return tuple(found)


def _quoted(quotes: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    """Whether ``start:end`` lies inside one quotation."""
    return any(a <= start and end <= b for a, b in quotes)


def _entries(found: list[Match], order: dict[str, int]) -> tuple[Entry, ...]:
    """A sentence's matches as the memo keeps them, in the order of the report:
    by offsets, then rule order (each rule at most once)."""
    if not found:
        return ()
    kept = sorted(_suppress(found), key=lambda m: (m[1], m[2], order[m[0].label]))
    return tuple(
        (start, end, rule.label, rule.kind, rule.message, rule.suggestion) for rule, start, end in kept
    )


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so it never starts or ends in the middle of a word."""
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and end > 0 and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def _suppress(matches: list[Match]) -> list[Match]:
    """Drop the labels that another label of the same sentence suppresses."""
    if len(matches) < 2:
        return matches
    suppressed: set[str] = set()
    for rule, _, _ in matches:
        suppressed |= rule.suppresses
    return [m for m in matches if m[0].label not in suppressed] if suppressed else matches


@functools.cache
def default_analyzer() -> Analyzer:
    """The analyzer with the built-in rules and model, loaded once on first use.

    The whole analyzer (rules, model and gatekeeper) is cached like the rules
    (:mod:`clearair.language.cache`), keyed by the rule and model files' bytes,
    so a fresh process skips building the gatekeeper too.
    """
    from clearair.language import cache
    from clearair.language.ngram import model_file

    model = model_file()
    files = [*rule_files(), *([(model.name, model.read_bytes())] if model.is_file() else [])]
    key = cache.key_for(files, "analyzer")
    cached = cache.load(key)
    if isinstance(cached, Analyzer):
        return cached
    analyzer = Analyzer(load_rules(), load_builtin())
    cache.store(key, analyzer)
    return analyzer
