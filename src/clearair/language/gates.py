"""Cheap, exact pre-checks that let the engine skip regexes that cannot match.

A pattern's *gate* is a condition on a sentence that every match of the
pattern implies, so a pattern whose gate fails is skipped without changing
any result (tests compare the gated and ungated engines on the corpus, the
rule examples and random sentences built from the rules' own words).

What a gate talks about. The engine lower-cases a sentence and splits it into
*words*, its maximal runs of ``[a-z0-9]`` ("i've" is "i" and "ve"). A gate is
made of *atoms* of two kinds:

* a whole word, written ``"sorry"``: the sentence has that word;
* a piece, written ``"*apolog"``: the sentence contains that string (always
  three or more characters of ``[a-z0-9]``, so it lies inside one word).

A *clause* is a tuple of atoms of which at least one holds, a *term* a tuple
of clauses that all hold, and a gate a tuple of terms of which at least one
holds (disjunctive normal form); the empty gate ``()`` means "always run".

How a gate is derived (at rule-compile time, then kept in the rule cache).
:func:`gate_for` walks the parse tree of the pattern's folded form (the one
the engine searches in lower-cased text) and follows its paths: every
alternative of an alternation, with and without an optional part, is a
separate path carrying what a match along it must contain. Along a path it
keeps the literal run of letters just read and whether its left side is
proven to be a word edge (after ``^``, a ``\\b`` followed by a letter, or a
character that can only be a non-``[a-z0-9]`` one such as ``\\s`` or ``'``).
A run that ends at a proven edge on both sides (``\\b``, ``$``, a non-word
character) is a whole word of the text, so even short words ("so", "u",
"ok") are usable; a run without proven edges only gives a piece, and only
when it is three characters or longer. Positive lookaheads and lookbehinds
add what they require; negative ones and anything not understood add
nothing (and forget the run), which can only make a gate weaker, never
wrong. When combining two parts would multiply paths past :data:`CAP`, the
cheaper side is merged into one path that keeps what its paths share plus
one clause made of each path's rarest clause. Each final path becomes a
term with at most :data:`MAX_CLAUSES` clauses, rarest first, judged by a
small built-in table of common English words (:func:`rarity`).

How a gate is checked (:class:`Gatekeeper`, per sentence). Every term is
filed under the atoms of its first (rarest) clause, its *trigger*. For each
distinct word of the sentence the keeper looks up (and caches) the terms it
triggers, as a whole word or by containing a piece; a triggered term whose
other clauses all hold makes its pattern a candidate. A term triggered by a
common word is thus only one whose every clause is common.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

#: Pieces (substrings that need not be whole words) shorter than this say too little.
MIN_PIECE = 3
#: At most this many paths when two parts of a pattern are combined.
CAP = 64
#: At most this many paths after any part of a pattern (beyond, paths are merged).
LIMIT = 256
#: At most this many clauses per path while deriving (the rarest ones).
KEEP = 6
#: At most this many clauses per term (the rarest ones).
MAX_CLAUSES = 3

_RUN = re.compile(r"[a-z0-9]+")
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")

Atom = str  # "word" (a whole word of the text) or "*piece" (a substring)
Clause = tuple[Atom, ...]  # at least one atom holds
Term = tuple[Clause, ...]  # every clause holds; the first is the rarest
Gate = tuple[Term, ...]  # some term holds; () = no gate, always run

# ---------------------------------------------------------------- rarity

# Rough shares (per mille) of the sentences of apology, workplace and chat
# messages that contain each common word (measured on the development
# corpus, rounded; topic words left out). Only used to guess which
# requirement of a pattern is the rarest: a wrong guess makes a gate slower,
# never wrong. Words not listed count as rare.
_COMMON = """
the:531 i:345 you:331 to:268 it:179 a:158 sorry:144 for:142 on:139 your:126 s:124
was:115 we:113 m:111 in:104 and:104 me:94 is:94 that:92 t:91 of:87 this:86 if:78
re:69 so:66 my:65 ll:65 not:64 at:61 what:58 can:55 be:52 about:51 want:50 with:50
have:46 ve:43 why:42 how:41 up:39 by:39 from:38 our:38 just:37 are:35 out:33 u:33
but:31 do:31 know:30 time:30 were:30 one:29 like:27 d:27 never:27 all:27 don:27
would:26 wrong:26 before:25 now:25 will:24 no:24 forgive:24 take:23 let:23 both:23
always:22 need:22 did:22 us:22 make:21 any:21 last:21 call:21 get:21 ur:20 there:20
been:20 week:20 didn:20 only:20 got:20 every:19 should:19 had:19 again:19 next:19
new:19 an:19 back:18 feel:18 has:18 as:18 when:17 late:16 right:16 two:15 hope:15
tell:15 without:15 way:15 here:14 go:14 apologies:14 who:14 honestly:14 over:14
after:14 left:13 day:13 made:13 because:13 off:13 first:13 anything:13 please:12
could:12 today:12 down:12 going:12 apologise:12 said:12 help:12 hear:12 missed:11
happened:11 forgot:11 anyone:11 im:11 see:11 work:11 night:10 fault:10 told:10
days:10 change:10 wasn:10 everyone:10 talk:10 trying:9 think:9 three:9 through:9
send:9 whatever:9 say:9 month:9 morning:9 went:9 whole:9 weekend:8 check:8
tonight:8 upset:8 year:8 asking:8 more:8 explain:8 until:8 move:8 sent:8 ask:8
leave:8 her:8 really:8 good:8 nobody:8 isn:8 come:8 understand:8 plan:8 its:7
put:7 regret:7 still:7 find:7 look:7 done:7 stop:7 ever:7 reply:7 won:7 read:7
being:7 bad:7 mistake:7 same:7 or:7 nothing:7 hurt:7 thing:7 everything:7 does:7
already:6 long:6 keep:6 happy:6 okay:6 end:6 meant:6 felt:6 things:6 may:6 some:6
which:6 them:6 he:6 best:6 fine:6 they:6 love:6 apology:6 bring:6 where:6 too:6
own:6 into:6 much:6 something:6 accept:5 ready:5 tomorrow:5 caused:5 excuse:5
start:5 people:5 thanks:5 under:5 apologize:5 else:5 she:5 instead:5 saying:5
took:5 lol:5 most:5 whenever:5 better:5 happen:5 ill:5 myself:5 than:5 well:4
times:4 give:4 even:4 mean:4 am:4 problem:4 forget:4 ok:4 such:4
"""
_WORD_RARITY = {word: int(share) / 1000 for word, share in (item.split(":") for item in _COMMON.split())}


@functools.cache
def rarity(atom: Atom) -> float:
    """A rough guess of the share of sentences that hold ``atom`` (smaller is rarer)."""
    if atom.startswith("*"):
        piece = atom[1:]
        share = sum(p for word, p in _WORD_RARITY.items() if piece in word)
        return min(1.0, share + 4 * _default_rarity(piece))
    return _WORD_RARITY.get(atom, _default_rarity(atom))


def _default_rarity(word: str) -> float:
    return 0.006 if len(word) <= 2 else 0.004 if len(word) == 3 else 0.003


@functools.lru_cache(maxsize=1 << 16)
def _rank(clause: frozenset[Atom]) -> tuple[float, int, list[Atom]]:
    """Rarest first, then fewest atoms, then alphabetical (so derivation never
    depends on the order of a set)."""
    return _clause_rarity(clause), len(clause), sorted(clause)


@functools.lru_cache(maxsize=1 << 16)
def _clause_rarity(clause: frozenset[Atom]) -> float:
    return min(1.0, math.fsum(rarity(atom) for atom in clause))


# ---------------------------------------------------------------- derivation

# A path's state: the run of [a-z0-9] just read (a suffix of the text read
# so far) and what is known of the character before it: _EDGE (none, or not
# [a-z0-9]), _WB (a \b stands right here and the run is empty), _UNKNOWN.
_UNKNOWN, _EDGE, _WB = 0, 1, 2
State = tuple[str, int]
Clauses = frozenset[frozenset[Atom]]
Path = tuple[State, Clauses]

_START: State = ("", _UNKNOWN)
_SIMPLE = frozenset({sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN})
_NONE: Clauses = frozenset()


class _UnsupportedError(Exception):
    """The pattern uses something the derivation does not model (no gate)."""


def _close(state: State, edge: bool) -> Clauses:
    """What the pending run says once it ends (at a proven word edge or not)."""
    run, left = state
    if not run:
        return _NONE
    if edge and left == _EDGE:
        return frozenset({frozenset({run})})
    if len(run) >= MIN_PIECE:
        return frozenset({frozenset({"*" + run})})
    return _NONE


def _set_chars(members: Sequence[tuple[Any, Any]]) -> tuple[frozenset[str], bool]:
    """Which [a-z0-9] characters a class matches, and whether it matches only those."""
    negate = bool(members) and members[0][0] is sre.NEGATE
    found: set[str] = set()
    only = not negate
    for op, av in members[1:] if negate else members:
        if op is sre.LITERAL:
            c = chr(av)
            if c in _ALNUM:
                found.add(c)
            else:
                only = False
        elif op is sre.RANGE:
            lo, hi = av
            hit = {c for c in _ALNUM if lo <= ord(c) <= hi}
            found |= hit
            if len(hit) != hi - lo + 1:
                only = False
        elif op is sre.CATEGORY:
            only = False
            if av in (sre.CATEGORY_DIGIT,):
                found |= set("0123456789")
            elif av in (sre.CATEGORY_NOT_DIGIT,):
                found |= set("abcdefghijklmnopqrstuvwxyz")
            elif av in (sre.CATEGORY_WORD, sre.CATEGORY_NOT_SPACE, sre.CATEGORY_NOT_LINEBREAK):
                found |= _ALNUM
            elif av not in (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD, sre.CATEGORY_LINEBREAK):
                found |= _ALNUM  # not understood: may match anything
        else:
            raise _UnsupportedError(op)
    if negate:
        return _ALNUM - found, False
    return frozenset(found), only


def _one_char(op: Any, av: Any) -> tuple[frozenset[str], bool] | None:
    """For an item that reads exactly one character: its [a-z0-9] characters and
    whether it reads only those; None for any other item."""
    if op is sre.LITERAL:
        c = chr(av)
        return (frozenset({c}), True) if c in _ALNUM else (frozenset(), False)
    if op is sre.NOT_LITERAL:
        return _ALNUM - {chr(av)}, False
    if op is sre.ANY:
        return _ALNUM, False
    if op is sre.IN:
        return _set_chars(av)
    return None


def _read(state: State, chars: frozenset[str], only: bool) -> list[Path]:
    """Read one character of a class (forking on a few letters, like ``[sz]``)."""
    run, left = state
    if not chars:  # never a letter or digit: the run, if any, ends at an edge
        return [(("", _EDGE), _close(state, True))]
    if only and len(chars) <= 3:
        if run:
            return [((run + c, left), _NONE) for c in sorted(chars)]
        start = _EDGE if left in (_EDGE, _WB) else _UNKNOWN
        return [((c, start), _NONE) for c in sorted(chars)]
    return [(_START, _close(state, False))]


class _Deriver:
    def __init__(self) -> None:
        self.memo: dict[tuple[int, State], list[Path]] = {}

    def walk(self, items: Iterable[tuple[Any, Any]], paths: list[Path]) -> list[Path]:
        for item in items:
            paths = self.step(item, paths)
        return paths

    def step(self, item: tuple[Any, Any], paths: list[Path]) -> list[Path]:
        op, av = item
        if len(paths) == 1 and op in _SIMPLE:
            ((state, clauses),) = paths
            single = _one_char(op, av)
            if single is not None:
                return [(end, _join(clauses, added)) for end, added in _read(state, *single)]
        groups: dict[State, list[Clauses]] = {}
        edge_first = self.edge_first(item)
        for state, clauses in paths:
            if edge_first and state[0]:
                # the item starts at a word edge whatever it reads: end the run now
                clauses, state = clauses | _close(state, True), ("", _EDGE)
            groups.setdefault(state, []).append(clauses)
        out: list[Path] = []
        for state, group in groups.items():
            key = (id(item), state)
            effects = self.memo.get(key)
            if effects is None:
                effects = _prune(self.effect(item, state))
                self.memo[key] = effects
            out.extend(_combine(group, effects))
        out = _prune(out)
        return _reduce(out) if len(out) > LIMIT else out

    def edge_first(self, item: tuple[Any, Any]) -> bool:
        """Whether every path through ``item`` first asserts or reads a word edge
        (``\\s``, ``'``, ``\\b``...), so a pending run of letters ends just before it."""
        op, av = item
        single = _one_char(op, av)
        if single is not None:
            return not single[0]
        if op is sre.AT:
            return av in (sre.AT_BOUNDARY, sre.AT_END, sre.AT_END_STRING)
        if op is sre.SUBPATTERN:
            return bool(av[3]) and self.edge_first(av[3][0])
        if op is sre.ATOMIC_GROUP:
            return bool(av) and self.edge_first(av[0])
        if op is sre.BRANCH:
            return all(branch and self.edge_first(branch[0]) for branch in av[1])
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            return av[0] >= 1 and bool(av[2]) and self.edge_first(av[2][0])
        return False

    def effect(self, item: tuple[Any, Any], state: State) -> list[Path]:
        """The paths through one item from one state (with only the item's clauses)."""
        op, av = item
        single = _one_char(op, av)
        if single is not None:
            return _read(state, *single)
        run, left = state
        if op is sre.SUBPATTERN:
            _group, add_flags, del_flags, items = av
            if add_flags or del_flags:
                raise _UnsupportedError("inline flags")
            return self.walk(items, [(state, _NONE)])
        if op is sre.ATOMIC_GROUP:
            return self.walk(av, [(state, _NONE)])
        if op is sre.BRANCH:
            return [path for branch in av[1] for path in self.walk(branch, [(state, _NONE)])]
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            return self.repeat(av[0], av[1], av[2], state)
        if op is sre.AT:
            if av in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
                return [(("", _EDGE) if not run else state, _NONE)]
            if av is sre.AT_BOUNDARY:
                if run:  # a letter, then \b: the next character is not a word one
                    # (so a letter read right after is impossible; saying "edge" is safe)
                    return [(("", _EDGE), _close(state, True))]
                return [(("", _EDGE if left == _EDGE else _WB), _NONE)]
            if av in (sre.AT_END, sre.AT_END_STRING):
                return [(("", _EDGE), _close(state, True))] if run else [(state, _NONE)]
            return [(state, _NONE)]  # \B and the like only filter matches
        if op is sre.ASSERT:
            direction, items = av
            if direction == 1:  # a lookahead reads on from here
                inner = self.walk(items, [(state, _NONE)])
            else:  # a lookbehind reads text that ends here
                inner = self.walk(items, [(_START, _NONE)])
            return [(state, clauses | _close(end, False)) for end, clauses in inner]
        if op is sre.ASSERT_NOT:
            return [(state, _NONE)]
        # anything else (a back-reference, a conditional group...) reads an
        # unknown text: the run ends somewhere unknown
        return [(_START, _close(state, False))]

    def repeat(self, low: int, high: int, items: Any, state: State) -> list[Path]:
        if high == 0:
            return [(state, _NONE)]
        skip: list[Path] = [(state, _NONE)] if low == 0 else []
        first = self.walk(items, [(state, _NONE)])
        if high == 1:
            return skip + first
        # further rounds: what state can they end in (whatever they start from)?
        ends = list(dict.fromkeys(end for end, _ in self.walk(items, [(_START, _NONE)])))
        out = list(skip)
        for end, clauses in first:
            if low <= 1:
                out.append((end, clauses))
            more = clauses | _close(end, False)
            out.extend((later, more) for later in ends)
        return out


def _prune(paths: list[Path]) -> list[Path]:
    """Drop duplicate paths and paths that require more than another of the same state."""
    if len(paths) < 2:
        return paths
    by_state: dict[State, dict[Clauses, None]] = {}
    for state, clauses in paths:
        by_state.setdefault(state, {})[clauses] = None
    out: list[Path] = []
    for state, group in by_state.items():
        out.extend((state, clauses) for clauses in _minimal(list(group)))
    return out


def _minimal(sets: list[frozenset[Any]]) -> list[frozenset[Any]]:
    """The distinct sets of which no other is a proper subset, in their order."""
    if len(sets) < 2:
        return sets
    if frozenset() in sets:
        return [frozenset()]
    # a kept set is filed under one of its elements: a subset of a candidate
    # is then found under one of the candidate's elements
    filed: dict[Any, list[frozenset[Any]]] = {}
    kept: set[frozenset[Any]] = set()
    for candidate in sorted(set(sets), key=len):
        if any(k <= candidate for element in candidate for k in filed.get(element, ())):
            continue
        kept.add(candidate)
        filed.setdefault(next(iter(candidate)), []).append(candidate)
    return [s for s in dict.fromkeys(sets) if s in kept]


@functools.lru_cache(maxsize=1 << 16)
def _cost(clauses: Clauses) -> float:
    """The guessed share of sentences that would pass a term with these clauses."""
    share = 1.0
    for rarity_ in sorted(_clause_rarity(c) for c in clauses)[:MAX_CLAUSES]:
        share *= rarity_
    return share


def _merge(group: list[Clauses]) -> Clauses:
    """One set of clauses implied by each of ``group``: what they share, plus the
    union of each one's rarest other clause."""
    common = frozenset.intersection(*group)
    rest = [clauses - common for clauses in group]
    if not all(rest):
        return common
    union = frozenset().union(*(min(r, key=_rank) for r in rest))
    return common | {union}


def _merge_by_state(paths: list[Path]) -> list[Path]:
    groups: dict[State, list[Clauses]] = {}
    for state, clauses in paths:
        groups.setdefault(state, []).append(clauses)
    if len(groups) > LIMIT:  # too many distinct states: forget them
        closed = [clauses | _close(state, False) for state, clauses in paths]
        return [(_START, _merge(closed))]
    return [(state, _merge(group)) for state, group in groups.items()]


def _join(clauses: Clauses, added: Clauses) -> Clauses:
    """Both sets of clauses, at most :data:`KEEP` of them (the rarest)."""
    if not added:
        return clauses
    both = clauses | added
    if len(both) <= KEEP:
        return both
    return frozenset(sorted(both, key=_rank)[:KEEP])


def _reduce(paths: list[Path]) -> list[Path]:
    """At most :data:`LIMIT` paths: merge those that share a state and their rarest
    clause, else those that share a state, else all."""
    grouped: dict[tuple[State, frozenset[Atom]], list[Clauses]] = {}
    for state, clauses in paths:
        best = min(clauses, key=_rank) if clauses else frozenset()
        grouped.setdefault((state, best), []).append(clauses)
    if len(grouped) <= LIMIT:
        return _prune([(state, _merge(group)) for (state, _), group in grouped.items()])
    return _merge_by_state(paths)


def _combine(group: list[Clauses], effects: list[Path]) -> list[Path]:
    """Paths that went through ``group`` (one state) then one of ``effects``."""
    if len(group) == 1 or len(effects) == 1 or len(group) * len(effects) <= CAP:
        return [(end, _join(clauses, added)) for clauses in group for end, added in effects]
    merged = _merge(group)
    squeezed = _merge_by_state(effects)
    options = [
        [(end, _join(merged, added)) for end, added in effects],
        [(end, _join(clauses, added)) for clauses in group for end, added in squeezed],
        [(end, _join(merged, added)) for end, added in squeezed],
    ]
    fitting = [o for o in options if len(o) <= max(CAP, len(effects))] or options[-1:]
    return min(fitting, key=lambda o: math.fsum(_cost(clauses) for _, clauses in o))


def _implies(a: Atom, b: Atom) -> bool:
    """Whether a sentence that holds atom ``a`` always holds atom ``b``."""
    return a == b or (b.startswith("*") and b[1:] in a.lstrip("*"))


@functools.lru_cache(maxsize=1 << 16)
def _simplest(clause: frozenset[Atom]) -> frozenset[Atom]:
    """The clause without atoms that imply another of its atoms (``sorry`` or ``*sorr``)."""
    return frozenset(a for a in clause if not any(b != a and _implies(a, b) for b in clause))


def _implies_clause(k: frozenset[Atom], clause: frozenset[Atom]) -> bool:
    """Whether clause ``k`` implies ``clause`` (checked for small clauses only)."""
    if len(k) * len(clause) > 256:
        return False
    return all(any(_implies(a, b) for b in clause) for a in k)


def _term(clauses: Clauses) -> Term:
    """The rarest clauses, fewest atoms first among equals, without a clause that
    a rarer one implies."""
    ordered = sorted({_simplest(c) for c in clauses}, key=_rank)
    kept: list[frozenset[Atom]] = []
    for clause in ordered:
        if not any(k <= clause or _implies_clause(k, clause) for k in kept):
            kept.append(clause)
    return tuple(tuple(sorted(c)) for c in kept[:MAX_CLAUSES])


def gate_for(source: str) -> Gate:
    """The gate of a rule pattern (its source as written; the engine searches
    its folded form in lower-cased text). ``()`` when nothing can be required."""
    from clearair.language.ruleset import fold_source

    try:
        tree = sre_parse.parse(fold_source(source), 0)
        if tree.state.flags & ~sre.SRE_FLAG_UNICODE:
            return ()
        paths = _Deriver().walk(tree, [(_START, _NONE)])
    except Exception:
        return ()
    finals = [clauses | _close(state, False) for state, clauses in paths]
    if not finals or not all(finals):
        return ()
    terms = {_term(clauses) for clauses in finals}
    # The terms filed under one trigger are checked one after the other for
    # every sentence with that word: merge them into one (the trigger, what
    # they share, and one clause made of each one's rarest other clause).
    by_trigger: dict[Clause, list[Clauses]] = {}
    for term in terms:
        by_trigger.setdefault(term[0], []).append(_as_clauses(term))
    terms = {_term(_merge(group)) for group in by_trigger.values()}
    # a term that requires all of another's clauses and more adds nothing
    minimal = set(_minimal([frozenset(t) for t in terms]))
    kept = [t for t in terms if frozenset(t) in minimal]
    return tuple(sorted(kept, key=lambda t: (_cost(_as_clauses(t)), t)))


def _as_clauses(term: Term) -> Clauses:
    return frozenset(frozenset(c) for c in term)


# ---------------------------------------------------------------- checking


class Gatekeeper:
    """Which patterns can possibly match a sentence, from the words it contains.

    Every term of every gate is one bit of three masks, one per clause slot
    (a term has one to three clauses). Each atom has the masks of the terms
    whose first, second or third clause names it; a word of a sentence has
    the union of the masks of the atoms it holds (itself and the pieces it
    contains), computed once per distinct word. A sentence passes the terms
    ``first & (second | no_second) & (third | no_third)``: a few big-integer
    operations per word, whatever the number of terms. The bits of one
    pattern's terms are contiguous and in pattern order, so reading the
    patterns off the result takes one step per candidate.
    """

    def __init__(self, gates: Sequence[Gate]) -> None:
        self.ungated = [i for i, gate in enumerate(gates) if not gate]
        slots: list[dict[str, list[int]]] = [{}, {}, {}]
        owner: list[int] = []  # bit -> pattern
        self._below: dict[int, int] = {}  # pattern -> mask of the bits below its first
        no_second = no_third = 0
        for i, gate in enumerate(gates):
            if gate:
                self._below[i] = (1 << len(owner)) - 1
            for term in gate:
                bit = len(owner)
                owner.append(i)
                for slot, clause in enumerate(term[:3]):
                    for atom in clause:
                        slots[slot].setdefault(atom, []).append(bit)
                if len(term) < 2:
                    no_second |= 1 << bit
                if len(term) < 3:
                    no_third |= 1 << bit
        self._owner = owner
        self._no_second = no_second
        self._no_third = no_third
        self._masks = [{atom: _mask(bits) for atom, bits in slot.items()} for slot in slots]
        self._by_trigram: dict[str, list[str]] = {}
        pieces = {atom[1:] for slot in slots for atom in slot if atom.startswith("*")}
        for piece in sorted(pieces):
            self._by_trigram.setdefault(piece[:3], []).append(piece)
        self._word_cache: dict[str, tuple[int, int, int]] = {}

    def _word(self, word: str) -> tuple[int, int, int]:
        """The union of the masks of the atoms ``word`` holds (cached)."""
        atoms = [word]
        by_trigram = self._by_trigram
        for i in range(len(word) - 2):
            for piece in by_trigram.get(word[i : i + 3], ()):
                if word.startswith(piece, i):
                    atoms.append("*" + piece)
        first, second, third = self._masks
        masks = (
            _union(first.get(a, 0) for a in atoms),
            _union(second.get(a, 0) for a in atoms),
            _union(third.get(a, 0) for a in atoms),
        )
        if len(self._word_cache) < 100_000:
            self._word_cache[word] = masks
        return masks

    def candidates(self, lowered: str) -> list[int]:
        """Indexes (sorted) of the patterns worth running on this lower-cased sentence."""
        first = second = third = 0
        cache = self._word_cache
        for word in set(_RUN.findall(lowered)):
            masks = cache.get(word)
            if masks is None:
                masks = self._word(word)
            a, b, c = masks
            if a:
                first |= a
            if b:
                second |= b
            if c:
                third |= c
        passing = first & (second | self._no_second) & (third | self._no_third)
        found = list(self.ungated)
        owner = self._owner
        below = self._below
        while passing:
            pattern = owner[passing.bit_length() - 1]
            found.append(pattern)
            passing &= below[pattern]
        found.sort()
        return found


def _mask(bits: list[int]) -> int:
    mask = 0
    for bit in bits:
        mask |= 1 << bit
    return mask


def _union(masks: Iterable[int]) -> int:
    out = 0
    for mask in masks:
        out |= mask
    return out
