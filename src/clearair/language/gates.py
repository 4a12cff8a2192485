"""Cheap pre-checks that let the engine skip regexes that cannot match.

For every pattern we derive, from its parsed regular expression, the literal
strings that any match must contain: a list of sets, where a match contains
at least one string of *every* set. Each literal is reduced to a *piece*, its
longest run of ``[a-z0-9]``, which then lies inside one word of the text.
The engine splits each sentence into words once, looks up which pieces they
contain (cached per word), and runs a pattern only when every one of its sets
has a piece in the sentence. This never changes a result (a test compares
the gated and ungated engines on the whole corpus); it only skips work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

#: Pieces shorter than this are too common to be worth checking.
MIN_PIECE = 3
_RUN = re.compile(r"[a-z0-9]+")

Gate = tuple[frozenset[str], ...]


def _piece(literal: str) -> str | None:
    runs = _RUN.findall(literal.lower())
    best = max(runs, key=len, default="")
    return best if len(best) >= MIN_PIECE else None


def _leads(items: Iterable[tuple[Any, Any]], limit: int = 64) -> set[str]:
    """The literal strings a sequence can start with ({""} when unknown)."""
    heads = {""}
    for op, av in items:
        if op is sre.LITERAL:
            heads = {h + chr(av).lower() for h in heads}
            continue
        if op is sre.SUBPATTERN:
            tails = _leads(av[3], limit)
        elif op is sre.BRANCH:
            tails = set().union(*(_leads(branch, limit) for branch in av[1]))
        else:
            break
        if "" in tails or len(heads) * len(tails) > limit:
            break
        return {h + t for h in heads for t in tails}
    return heads


def _requirements(items: Iterable[tuple[Any, Any]]) -> list[set[str]]:
    """Sets of literals; any match contains one literal of every set."""
    found: list[set[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            found.append({"".join(run)})
            run.clear()

    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av).lower())
            continue
        if run and op in (sre.BRANCH, sre.SUBPATTERN):
            # "so" followed by (rry|z): the match holds "sorry" or "soz"
            tails = _leads([(op, av)])
            if "" not in tails:
                found.append({"".join(run) + tail for tail in tails})
        flush()
        if op is sre.SUBPATTERN:
            found.extend(_requirements(av[3]))
        elif op is sre.ATOMIC_GROUP:
            found.extend(_requirements(av))
        elif op is sre.BRANCH:
            alternatives = [_best(_requirements(branch)) for branch in av[1]]
            if all(alternatives):
                found.append(set().union(*alternatives))  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            found.extend(_requirements(av[2]))
        elif op is sre.ASSERT:
            # a positive lookahead/lookbehind must hold too: "^(?=.*?sorry)..."
            found.extend(_requirements(av[1]))
    flush()
    return found


def _best(requirements: list[set[str]]) -> set[str] | None:
    """The most selective single requirement (for one branch of an alternation)."""
    usable = [r for r in requirements if all(_piece(lit) for lit in r)]
    if not usable:
        return None
    return max(usable, key=lambda r: (min(len(_piece(x) or "") for x in r), -len(r)))


def gate_for(source: str, flags: int = re.IGNORECASE) -> Gate:
    """The gate of a pattern: sets of pieces; () when nothing can be required."""
    try:
        tree = sre_parse.parse(source, flags)
    except Exception:
        return ()
    sets: list[frozenset[str]] = []
    for requirement in _requirements(tree):
        pieces = [_piece(lit) for lit in requirement]
        if all(pieces):
            sets.append(frozenset(p for p in pieces if p))
    # keep the distinct sets, most selective first, at most four
    unique = sorted(set(sets), key=lambda s: (-min(map(len, s)), len(s)))
    return tuple(unique[:4])


class Gatekeeper:
    """Which patterns can possibly match a sentence, from the words it contains."""

    def __init__(self, gates: Sequence[Gate]) -> None:
        self.ungated = [i for i, gate in enumerate(gates) if not gate]
        self.needed = [len(gate) for gate in gates]
        self.index: dict[str, list[tuple[int, int]]] = {}
        for i, gate in enumerate(gates):
            for k, pieces in enumerate(gate):
                for piece in pieces:
                    self.index.setdefault(piece, []).append((i, k))
        self.by_trigram: dict[str, list[str]] = {}
        for piece in self.index:
            self.by_trigram.setdefault(piece[:3], []).append(piece)
        self._word_cache: dict[str, tuple[str, ...]] = {}

    def _pieces(self, word: str) -> tuple[str, ...]:
        cached = self._word_cache.get(word)
        if cached is None:
            found = []
            by_trigram = self.by_trigram
            for i in range(len(word) - 2):
                for piece in by_trigram.get(word[i : i + 3], ()):
                    if word.startswith(piece, i):
                        found.append(piece)
            cached = tuple(found)
            if len(self._word_cache) < 200_000:
                self._word_cache[word] = cached
        return cached

    def candidates(self, lowered: str) -> list[int]:
        """Indexes (sorted) of the patterns worth running on this sentence."""
        satisfied: dict[int, set[int]] = {}
        index = self.index
        for word in set(_RUN.findall(lowered)):
            for piece in self._pieces(word):
                for i, k in index[piece]:
                    satisfied.setdefault(i, set()).add(k)
        needed = self.needed
        out = [i for i, ks in satisfied.items() if len(ks) == needed[i]]
        out.extend(self.ungated)
        out.sort()
        return out
