"""Cheap, exact pre-checks that let the engine skip regexes that cannot match.

A pattern's *gate* is a condition on a sentence that every match of the
pattern implies, so skipping a pattern whose gate fails never changes a
result. Tests check this on hand-written and random regexes (a match must
always pass the gate) and compare the gated engine with the naive one on the
corpus, the rule examples and sentences recombined from the rules' words.

What a gate talks about. The engine lower-cases a sentence and splits it into
*words*, its maximal runs of ``[a-z0-9]`` ("i've" is "i" and "ve"). A gate is
made of *atoms* of two kinds:

* a whole word, written ``sorry``: the sentence has that word;
* a piece, written ``*apolog``: the sentence contains that string (always
  three or more characters of ``[a-z0-9]``, so it lies inside one word).

A *clause* is a set of atoms of which at least one holds, a *term* a set of
clauses that all hold (at most :data:`MAX_CLAUSES`), and a gate a set of
terms of which at least one holds (disjunctive normal form). A gate is kept
as one short string (:data:`Gate`, read back by :func:`terms`); ``""`` means
"always run".

How a gate is derived (once, when the rules are compiled; then cached).
:func:`gate_for` rewrites the parse tree of the pattern's folded form (the
one the engine searches in lower-cased text) into plain tuples, equal parts
shared, so that a macro used by many patterns is worked out once per
starting state. It then follows the pattern's paths: each alternative, with
and without each optional part, is a path carrying the clauses a match
along it must satisfy. A path also keeps the run of letters just read and
whether its left side is a proven word edge (the start after ``^``, a
``\\b`` before a letter, or a character that can never be ``[a-z0-9]`` such
as ``\\s`` or ``'``). A run that ends at a proven edge on both sides is a
whole word of the text, so even short words ("so", "u", "ok") are usable; a
run without proven edges gives only a piece, and only when three characters
or longer; a class of at most three letters (``[sz]``) forks the path.
Positive lookaheads and lookbehinds add what they require; negative ones
and anything not understood add nothing and forget the run, which can only
make a gate weaker, never wrong.

Paths multiply, so they are merged where they would grow too many: when
combining the paths so far with the ways through the next part would exceed
:data:`CAP`, one side is merged into a single path (what its paths share,
plus one clause made of each path's rarest clause), whichever side lets
fewer sentences through; past :data:`LIMIT` paths, those sharing their
rarest clause are merged. A path that requires everything another path of
the same state requires, and more, is dropped. Each final path becomes a
term of its rarest clauses, judged by a small table of common words
(:func:`rarity`); a wrong guess makes a gate slower, never wrong.

How gates are checked (:class:`Gatekeeper`, per sentence): terms are filed
under the atoms of their first (rarest) clause, so only the groups of terms
filed under atoms the sentence holds are looked at (a dozen or so of some
7,000); each group answers from the few later clauses the sentence
satisfies among those its terms name, an answer it works out once and
remembers. A sentence costs a few small-integer operations and look-ups per
distinct word and per group, whatever the number of terms.
"""

from __future__ import annotations

import functools
import gc
import marshal
import math
from array import array
from collections.abc import Iterable, Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

#: Pieces (substrings that need not be whole words) shorter than this say too little.
MIN_PIECE = 3
#: At most this many paths when two parts of a pattern are combined.
CAP = 16
#: At most this many paths after any part of a pattern (beyond, paths are merged).
LIMIT = 512
#: At most this many clauses per path while deriving (the rarest ones).
KEEP = 6
#: At most this many clauses per term (the rarest ones).
MAX_CLAUSES = 3
#: Besides its rarest clause, a term keeps none with more atoms or a larger share.
WEAK_SIZE = 64
WEAK_SHARE = 0.5

_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")

Atom = str  # "word" (a whole word of the text) or "*piece" (a substring)
Clause = tuple[Atom, ...]  # at least one atom holds
Term = tuple[Clause, ...]  # every clause holds; the first is the rarest
#: A gate, written compactly (it is pickled with the rules): its terms
#: joined by ";", a term's clauses by "&", a clause's atoms by ",";
#: "" = no gate, always run. ``"sorry&i,we;*apolog"``: "sorry" and one of
#: "i", "we"; or a word containing "apolog".
Gate = str


def terms(gate: Gate) -> tuple[Term, ...]:
    """The terms of a gate."""
    if not gate:
        return ()
    return tuple(tuple(tuple(clause.split(",")) for clause in term.split("&")) for term in gate.split(";"))


def _written(gate_terms: Iterable[Term]) -> Gate:
    return ";".join("&".join(",".join(clause) for clause in term) for term in gate_terms)


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


# The parse tree is first rewritten into plain nested tuples, with equal
# parts shared (the same macro expanded in many patterns is one object), so
# what is derived for a part is reused wherever it recurs. A sequence is a
# tuple of items; an item is a literal string or one of:
#   ("class", letters, only)   one character: the [a-z0-9] ones it may be,
#                              and whether it is never anything else
#   ("group", sequence)        ("alt", sequences)     ("repeat", low, high, sequence)
#   ("at", "start" | "edge" | "end")                  ("ahead", sequence)
#   ("behind", sequence)       ("filter",): only rejects matches (\B, (?!...))
#   ("unknown",): reads some text nothing is known of
Item = Any
Seq = tuple[Item, ...]


class _Canon:
    """Rewrites parse trees into shared tuples (one table for many patterns)."""

    def __init__(self) -> None:
        self.table: dict[Any, Any] = {}
        self.reused: set[int] = set()  # parts met more than once

    def share(self, value: Any) -> Any:
        # shared parts are told apart by identity: no need to hash them again
        key = tuple(id(v) if isinstance(v, tuple) else v for v in value)
        found = self.table.setdefault(key, value)
        if found is not value:
            self.reused.add(id(found))
        return found

    def seq(self, items: Iterable[tuple[Any, Any]]) -> Seq:
        out: list[Item] = []
        for op, av in items:
            if op is sre.LITERAL:
                c = chr(av)
                if out and isinstance(out[-1], str):
                    out[-1] += c
                else:
                    out.append(c)
            else:
                out.append(self.item(op, av))
        return self.share(tuple(out))  # type: ignore[no-any-return]

    def item(self, op: Any, av: Any) -> Item:
        if op is sre.NOT_LITERAL:
            node: Item = ("class", _ALNUM - {chr(av)}, False)
        elif op is sre.ANY:
            node = ("class", _ALNUM, False)
        elif op is sre.IN:
            node = ("class", *_set_chars(av))
        elif op is sre.SUBPATTERN:
            if av[1] or av[2]:
                raise _UnsupportedError("inline flags")
            node = ("group", self.seq(av[3]))
        elif op is sre.ATOMIC_GROUP:
            node = ("group", self.seq(av))
        elif op is sre.BRANCH:
            node = ("alt", self.share(tuple(self.seq(branch) for branch in av[1])))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            node = ("repeat", av[0], av[1], self.seq(av[2]))
        elif op is sre.AT:
            if av in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
                node = ("at", "start")
            elif av is sre.AT_BOUNDARY:
                node = ("at", "edge")
            elif av in (sre.AT_END, sre.AT_END_STRING):
                node = ("at", "end")
            else:
                node = ("filter",)
        elif op is sre.ASSERT:
            node = ("ahead" if av[0] == 1 else "behind", self.seq(av[1]))
        elif op is sre.ASSERT_NOT:
            node = ("filter",)
        else:  # a back-reference, a conditional group...
            node = ("unknown",)
        return self.share(node)


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
            if av is sre.CATEGORY_DIGIT:
                found |= set("0123456789")
            elif av is sre.CATEGORY_NOT_DIGIT:
                found |= set("abcdefghijklmnopqrstuvwxyz")
            elif av not in (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD, sre.CATEGORY_LINEBREAK):
                found |= _ALNUM  # \w, \S, anything not understood: may be any letter
        else:
            raise _UnsupportedError(op)
    if negate:
        return _ALNUM - found, False
    return frozenset(found), only


def _read(state: State, letters: frozenset[str], only: bool) -> list[Path]:
    """Read one character of a class (forking on a few letters, like ``[sz]``)."""
    run, left = state
    if not letters:  # never a letter or digit: the run, if any, ends at an edge
        return [(("", _EDGE), _close(state, True))]
    if only and len(letters) <= 3:
        if run:
            return [((run + c, left), _NONE) for c in sorted(letters)]
        start = _EDGE if left in (_EDGE, _WB) else _UNKNOWN
        return [((c, start), _NONE) for c in sorted(letters)]
    return [(_START, _close(state, False))]


def _read_text(state: State, clauses: Clauses, text: str) -> Path:
    """Read literal characters."""
    run, left = state
    for c in text:
        if c in _ALNUM:
            if not run:
                left = _EDGE if left in (_EDGE, _WB) else _UNKNOWN
            run += c
        else:
            if run:
                clauses = _join(clauses, _close((run, left), True))
                run = ""
            left = _EDGE
    return (run, left), clauses


class _Deriver:
    """Follows the paths through shared tuples; what it derives for an item
    from a state is kept (one deriver serves many patterns)."""

    def __init__(self) -> None:
        self.canon = _Canon()
        self.memo: dict[tuple[int, State], list[Path]] = {}
        self.kept = 0
        self.kinds: dict[int, tuple[bool, bool]] = {}

    def forget(self) -> None:
        """Drop what was derived for parts met only once (they will not recur)."""
        if len(self.memo) > self.kept + 4096:
            reused = self.canon.reused
            self.memo = {key: paths for key, paths in self.memo.items() if key[0] in reused}
            self.kept = len(self.memo)

    def walk(self, items: Seq, paths: list[Path]) -> list[Path]:
        for item in items:
            if isinstance(item, str):
                paths = [_read_text(state, clauses, item) for state, clauses in paths]
            else:
                paths = self.step(item, paths)
        return paths

    def step(self, item: Item, paths: list[Path]) -> list[Path]:
        key = id(item)
        kind = self.kinds.get(key)
        if kind is None:
            kind = self.kinds[key] = (_edge_first(item), _small(item))
        edge_first, small = kind
        if small:  # at most a few ways through: no need to weigh merging
            out: list[Path] = []
            for state, clauses in paths:
                if edge_first and state[0]:
                    clauses, state = _join(clauses, _close(state, True)), ("", _EDGE)
                out.extend((end, _join(clauses, added)) for end, added in self.effects(item, state))
            if len(out) == len(paths):
                return out
        else:
            groups: dict[State, list[Clauses]] = {}
            for state, clauses in paths:
                if edge_first and state[0]:
                    # the item starts at a word edge whatever it reads: end the run now
                    clauses, state = _join(clauses, _close(state, True)), ("", _EDGE)
                groups.setdefault(state, []).append(clauses)
            out = []
            for state, group in groups.items():
                out.extend(_combine(group, self.effects(item, state)))
        # (after a small item, paths that require more than others are rare:
        # only drop duplicates there)
        out = list(dict.fromkeys(out)) if small else _prune(out)
        return _reduce(out) if len(out) > LIMIT else out

    def effects(self, item: Item, state: State) -> list[Path]:
        """The paths through one item from one state (with only the item's clauses)."""
        key = (id(item), state)
        effects = self.memo.get(key)
        if effects is None:
            effects = self.memo[key] = _prune(self.effect(item, state))
        return effects

    def effect(self, item: Item, state: State) -> list[Path]:
        kind = item[0]
        run, left = state
        if kind == "class":
            return _read(state, item[1], item[2])
        if kind == "group":
            return self.walk(item[1], [(state, _NONE)])
        if kind == "alt":
            return [path for branch in item[1] for path in self.walk(branch, [(state, _NONE)])]
        if kind == "repeat":
            return self.repeat(item[1], item[2], item[3], state)
        if kind == "at":
            if item[1] == "start":
                return [(("", _EDGE) if not run else state, _NONE)]
            if not run:
                return [(("", _EDGE if left == _EDGE else _WB) if item[1] == "edge" else state, _NONE)]
            # a letter then \b or $: the run ends at a word edge, and no letter
            # can be read right after (so saying "edge" is safe)
            return [(("", _EDGE), _close(state, True))]
        if kind == "ahead":  # reads on from here, then comes back
            return [
                (state, clauses | _close(end, False)) for end, clauses in self.walk(item[1], [(state, _NONE)])
            ]
        if kind == "behind":  # reads text that ends here
            return [
                (state, clauses | _close(end, False))
                for end, clauses in self.walk(item[1], [(_START, _NONE)])
            ]
        if kind == "filter":
            return [(state, _NONE)]
        return [(_START, _close(state, False))]  # unknown text: the run ends somewhere

    def repeat(self, low: int, high: int, items: Seq, state: State) -> list[Path]:
        if high == 0:
            return [(state, _NONE)]
        skip: list[Path] = [(state, _NONE)] if low == 0 else []
        # the rounds every match makes (a few of them) are read one after the other
        done = min(max(low, 1), 3)
        first = self.walk(items, [(state, _NONE)])
        for _ in range(done - 1):
            first = self.walk(items, first)
        if high == done:
            return skip + first
        # further rounds: what state can they end in (whatever they start from)?
        ends = list(dict.fromkeys(end for end, _ in self.walk(items, [(_START, _NONE)])))
        out = list(skip)
        for end, clauses in first:
            if low <= done:
                out.append((end, clauses))
            more = clauses | _close(end, False)
            out.extend((later, more) for later in ends)
        return out


def _edge_first(item: Item) -> bool:
    """Whether every path through ``item`` first asserts or reads a word edge
    (``\\s``, ``'``, ``\\b``...), so a pending run of letters ends just before it."""
    if isinstance(item, str):
        return item[0] not in _ALNUM
    kind = item[0]
    if kind == "class":
        return not item[1]
    if kind == "at":
        return item[1] in ("edge", "end")
    if kind == "group":
        return bool(item[1]) and _edge_first(item[1][0])
    if kind == "alt":
        return all(branch and _edge_first(branch[0]) for branch in item[1])
    if kind == "repeat":
        return item[1] >= 1 and bool(item[3]) and _edge_first(item[3][0])
    return False


def _small(item: Item) -> bool:
    """Whether ``item`` reads at most one character class (maybe repeated) or
    only asserts."""
    kind = item[0]
    if kind in ("class", "at", "filter"):
        return True
    if kind == "repeat":
        body = item[3]
        return len(body) == 1 and not isinstance(body[0], str) and body[0][0] == "class"
    return False


def _prune(paths: list[Path]) -> list[Path]:
    """Drop duplicate paths and paths that require more than another of the same state."""
    if len(paths) < 2:
        return paths
    by_state: dict[State, list[Clauses]] = {}
    for state, clauses in paths:
        group = by_state.get(state)
        if group is None:
            by_state[state] = [clauses]
        else:
            group.append(clauses)
    if len(by_state) == len(paths):
        return paths
    out: list[Path] = []
    for state, group in by_state.items():
        if len(group) == 1:
            out.append((state, group[0]))
        else:
            out.extend((state, clauses) for clauses in _minimal(group))
    return out


def _minimal(sets: list[frozenset[Any]]) -> list[frozenset[Any]]:
    """The distinct sets of which no other is a proper subset, in their order."""
    if len(sets) == 2:
        a, b = sets
        return [a] if a <= b else [b] if b < a else sets
    distinct = list(dict.fromkeys(sets))
    if len(distinct) < 2:
        return distinct
    by_size = sorted(distinct, key=len)
    if len(by_size[0]) == len(by_size[-1]):
        return distinct
    if not by_size[0]:
        return [frozenset()]
    kept: set[frozenset[Any]] = set()
    if len(distinct) <= 16:
        for candidate in by_size:
            if not any(k <= candidate for k in kept):
                kept.add(candidate)
        return [s for s in distinct if s in kept]
    # A kept set is filed under its element that the fewest sets hold: a
    # subset of a candidate is then found under one of the candidate's elements.
    counts: dict[Any, int] = {}
    for s in distinct:
        for element in s:
            counts[element] = counts.get(element, 0) + 1
    filed: dict[Any, list[frozenset[Any]]] = {}
    for candidate in by_size:
        if any(k <= candidate for element in candidate for k in filed.get(element, ())):
            continue
        kept.add(candidate)
        filed.setdefault(min(candidate, key=counts.__getitem__), []).append(candidate)
    return [s for s in distinct if s in kept]


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
    # too many: merge the paths before, or the ways through the item (by
    # state), whichever passes fewer sentences
    merged = _merge(group)
    before = [(end, _join(merged, added)) for end, added in effects]
    if len(group) * len({end for end, _ in effects}) > max(CAP, len(effects)):
        return before
    after = [(end, _join(clauses, added)) for clauses in group for end, added in _merge_by_state(effects)]
    return min((before, after), key=lambda o: math.fsum(_cost(clauses) for _, clauses in o))


def _implies(a: Atom, b: Atom) -> bool:
    """Whether a sentence that holds atom ``a`` always holds atom ``b``."""
    return a == b or (b.startswith("*") and b[1:] in a.lstrip("*"))


@functools.lru_cache(maxsize=1 << 16)
def _simplest(clause: frozenset[Atom]) -> frozenset[Atom]:
    """The clause without atoms that imply another of its atoms (``sorry`` or ``*sorr``)."""
    pieces = [b for b in clause if b.startswith("*")]
    if not pieces or len(clause) * len(pieces) > 4096:
        return clause
    return frozenset(a for a in clause if not any(b != a and _implies(a, b) for b in pieces))


def _implies_clause(k: frozenset[Atom], clause: frozenset[Atom]) -> bool:
    """Whether clause ``k`` implies ``clause`` (``sorry`` implies ``*sorr`` or
    ``*sorr | *apolog``); only worked out for a one-atom ``k`` and a small clause."""
    if len(k) != 1 or len(clause) > 64:
        return False
    (a,) = k
    text = a.lstrip("*")
    return any(b == a or (b.startswith("*") and b[1:] in text) for b in clause)


@functools.lru_cache(maxsize=1 << 16)
def _term(clauses: Clauses) -> Term:
    """The rarest clauses, fewest atoms first among equals, without a clause that
    a rarer one implies."""
    ordered = sorted({_simplest(c) for c in clauses}, key=_rank)
    kept: list[frozenset[Atom]] = []
    for clause in ordered:
        if kept and (len(clause) > WEAK_SIZE or _clause_rarity(clause) > WEAK_SHARE):
            break  # the rest say little: not worth their room
        if not any(k <= clause or _implies_clause(k, clause) for k in kept):
            kept.append(clause)
            if len(kept) == MAX_CLAUSES:
                break
    return tuple(tuple(sorted(c)) for c in kept)


def gate_for(source: str) -> Gate:
    """The gate of a rule pattern (its source as written; the engine searches
    its folded form in lower-cased text). ``""`` when nothing can be required."""
    return gates_for([source])[0]


def gates_for(sources: Iterable[str]) -> list[Gate]:
    """The gates of many patterns, deriving what they share (macros) once."""
    collecting = gc.isenabled()
    # Deriving makes many small objects and no cycles: without the collector
    # it is about 40% faster, and what it keeps is dropped at the end.
    gc.disable()
    deriver = _Deriver()
    try:
        return [_derive(source, deriver) for source in sources]
    finally:
        del deriver
        for cached in (_rank, _clause_rarity, _cost, _simplest, _term):
            cached.cache_clear()
        if collecting:
            gc.enable()


def _derive(source: str, deriver: _Deriver) -> Gate:
    from clearair.language.ruleset import fold_source

    try:
        tree = sre_parse.parse(fold_source(source), 0)
        if tree.state.flags & ~sre.SRE_FLAG_UNICODE:
            return ""
        paths = deriver.walk(deriver.canon.seq(tree), [(_START, _NONE)])
        deriver.forget()
    except Exception:
        return ""
    finals = [clauses | _close(state, False) for state, clauses in paths]
    if not finals or not all(finals):
        return ""
    terms = {_term(clauses) for clauses in finals}
    # a term that requires all of another's clauses and more adds nothing
    minimal = set(_minimal([frozenset(t) for t in terms]))
    costs = {t: _cost(frozenset(frozenset(c) for c in t)) for t in terms if frozenset(t) in minimal}
    return _written(sorted(costs, key=lambda t: (costs[t], t)))


# ---------------------------------------------------------------- checking


class Gatekeeper:
    """Which patterns can possibly match a sentence, from the words it contains.

    Terms are filed under the atoms of their first clause (the rarest): a
    term is worth a look only when the sentence holds one of those atoms,
    which leaves about a hundred of some 22,000 terms per sentence, in a
    dozen or so *groups* (the terms filed under one atom). The other clauses
    (second and third, "later" ones) are numbered, commonest first, and a
    sentence is summed up as the later clauses it satisfies, one bit each
    (``sat``: the union of what its distinct words satisfy).

    Each group knows the later clauses its terms name (its ``key``), so all
    that matters to it of a sentence is ``sat & key``, usually one bit or
    none. A group (:class:`_Group`) is a dict from that to its answer, the
    patterns (bits) whose terms hold, worked out when first asked (from
    per-clause masks of its terms) and then looked up. What a word gives
    (its ``sat`` bits, and the keys and groups of the atoms it holds) is
    worked out when the word is first seen and kept. A sentence then costs
    a few lookups and small-integer operations per word and per group; new
    words and new answers cost more, once.

    The result is a bit mask over patterns (bit ``i``: pattern ``i`` may
    match; patterns without a gate are always set), read by :meth:`among`
    and :meth:`holds`.

    A gatekeeper loads fast (the analyzer cache keeps one): the atoms as one
    string, and what holding each atom gives (its ``sat`` bits and its
    group's worked-out state) as one marshalled record per atom in a single
    bytes object, read when the atom is first met: a group is restored, not
    worked out again from its terms, in a fraction of the time.
    """

    #: At most this many answers kept per group.
    ANSWERS = 1024
    #: At most this many words remembered.
    WORDS = 100_000

    def __init__(self, gates: Sequence[Gate]) -> None:
        self.ungated = [i for i, gate in enumerate(gates) if not gate]
        filed: dict[Atom, list[tuple[int, Clause | None, Clause | None]]] = {}
        for i, gate in enumerate(gates):
            for term in terms(gate):
                second = term[1] if len(term) > 1 else None
                third = term[2] if len(term) > 2 else None
                for atom in term[0]:
                    filed.setdefault(atom, []).append((i, second, third))
        # the later clauses, each distinct set of atoms once, commonest first
        # (so that ``sat`` stays a small integer)
        later = {frozenset(c) for entries in filed.values() for _, *pair in entries for c in pair if c}
        clauses = sorted(later, key=lambda c: (-math.fsum(rarity(a) for a in c), sorted(c)))
        clause_id = {clause: n for n, clause in enumerate(clauses)}
        atoms = sorted(set(filed) | {atom for clause in clauses for atom in clause})
        atom_id = {atom: n for n, atom in enumerate(atoms)}
        self._atoms = "\n".join(atoms)
        # the later clauses naming each atom
        naming: list[list[int]] = [[] for _ in atoms]
        for n, clause in enumerate(clauses):
            for atom in clause:
                naming[atom_id[atom]].append(n)
        # What holding each atom gives, worked out now and kept marshalled, one
        # record per atom (``_share_at[a]:_share_at[a + 1]`` of ``_shares``):
        # the later clauses it satisfies (bits), and the state of the group
        # of the terms filed under it (None: no term is). A record is read
        # when its atom is first met, which costs far less than working it out.
        shares = bytearray()
        self._share_at = array("I", [0])
        for n, atom in enumerate(atoms):
            entries = filed.get(atom, ())
            group = None
            if entries:
                group = _Group(
                    [pattern for pattern, _, _ in entries],
                    [clause_id[frozenset(second)] if second else -1 for _, second, _ in entries],
                    [clause_id[frozenset(third)] if third else -1 for _, _, third in entries],
                ).state()
            shares += marshal.dumps((bits(naming[n]), group))
            self._share_at.append(len(shares))
        self._shares = bytes(shares)
        self._setup()

    def _setup(self) -> None:
        """The look-ups and caches that are not pickled."""
        atoms = self._atoms.split("\n") if self._atoms else []
        self._index = {atom: n for n, atom in enumerate(atoms)}
        # the pieces, by their first three letters: (piece, atom id)
        self._by_trigram: dict[str, list[tuple[str, int]]] = {}
        for n, atom in enumerate(atoms):
            if atom.startswith("*"):
                self._by_trigram.setdefault(atom[1:4], []).append((atom[1:], n))
        self._always = sum(1 << i for i in self.ungated)
        self._held: dict[int, tuple[int, tuple[_Group, ...]]] = {}  # atom -> what holding it gives
        self._words: dict[bytes, tuple[int, tuple[_Group, ...]]] = {}  # the same, for a word
        self._view = memoryview(self._shares)

    def __getstate__(self) -> dict[str, Any]:
        keep = ("ungated", "_atoms", "_shares", "_share_at")
        return {name: self.__dict__[name] for name in keep}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._setup()

    def _word(self, word: bytes) -> tuple[int, tuple[_Group, ...]]:
        """The later clauses ``word`` satisfies (bits), and the groups of the
        atoms it holds (kept)."""
        text = word.decode()
        held = []
        n = self._index.get(text)
        if n is not None:
            held.append(n)
        by_trigram = self._by_trigram
        for i in range(len(text) - 2):
            for piece, n in by_trigram.get(text[i : i + 3], ()):
                if text.startswith(piece, i):
                    held.append(n)
        sat = 0
        groups: tuple[_Group, ...] = ()
        for n in held:
            share = self._held.get(n)
            if share is None:
                share = self._atom(n)
            sat |= share[0]
            groups += share[1]
        found = (sat, groups)
        if len(self._words) < self.WORDS:
            self._words[word] = found
        return found

    def _atom(self, atom: int) -> tuple[int, tuple[_Group, ...]]:
        """What holding ``atom`` gives: the later clauses it satisfies (bits),
        and the group of the terms filed under it, if any (kept)."""
        sat, state = marshal.loads(self._view[self._share_at[atom] : self._share_at[atom + 1]])  # noqa: S302 - built in __init__
        share: tuple[int, tuple[_Group, ...]] = (sat, (_Group.restore(state),) if state else ())
        self._held[atom] = share
        return share

    def candidates(self, lowered: str) -> list[int]:
        """Indexes (sorted) of the patterns worth running on this lower-cased sentence."""
        return self.among(self.check(lowered))

    def check(self, lowered: str) -> int:
        """The patterns a lower-cased sentence lets through, as bits, those
        without a gate always set (read them with :meth:`among` and
        :meth:`holds`, or AND them with a mask, as the engine does)."""
        # the words: runs of [a-z0-9] (anything else, non-ASCII too, splits)
        words = set(lowered.encode("ascii", "replace").translate(_SPLIT).split())
        sat = 0
        groups: list[_Group] = []
        known = self._words
        for word in words:
            share = known.get(word)
            if share is None:
                share = self._word(word)
            sat |= share[0]
            groups += share[1]
        passing = self._always
        for group in groups:
            offered = sat & group.key
            found = group.get(offered)
            if found is None:
                found = group.answer(offered)
            passing |= found
        return passing

    def among(self, passing: int, upto: int | None = None) -> list[int]:
        """The patterns (sorted) that ``passing`` lets through, below index ``upto``."""
        passing |= self._always
        if upto is not None:
            passing &= (1 << upto) - 1
        found = []
        while passing:
            low = passing & -passing
            found.append(low.bit_length() - 1)
            passing ^= low
        return found

    def holds(self, passing: int, index: int) -> bool:
        """Whether ``passing`` lets pattern ``index`` through."""
        return bool((passing | self._always) >> index & 1)


def bits(numbers: Iterable[int]) -> int:
    """The integer with these bits set."""
    data = bytearray()
    for n in numbers:
        if n >> 3 >= len(data):
            data.extend(bytes((n >> 3) - len(data) + 1))
        data[n >> 3] |= 1 << (n & 7)
    return int.from_bytes(data, "little")


#: bytes.translate table: [a-z0-9] kept, any other byte a space
_SPLIT = bytes(c if c in b"abcdefghijklmnopqrstuvwxyz0123456789" else 32 for c in range(256))


class _Group(dict[int, int]):
    """The terms filed under one atom (bits in their order), as a dict from
    the later clauses a sentence satisfies among those they name (bits) to
    the patterns (bits) whose terms then hold, filled in as it is asked."""

    __slots__ = ("free", "key", "masks", "patterns", "spans")

    def __init__(self, patterns: Sequence[int], second: Sequence[int], third: Sequence[int]) -> None:
        super().__init__()
        self.patterns = patterns  # term -> its pattern
        self.spans: dict[int, int] = {}  # pattern -> its terms (bits)
        for bit, pattern in enumerate(patterns):
            self.spans[pattern] = self.spans.get(pattern, 0) | 1 << bit
        # clause -> the terms (bits) whose second clause it is, and whose third
        masks: dict[int, tuple[int, int]] = {}
        free_second = free_third = 0  # the terms without a second (third) clause
        for bit, (two, three) in enumerate(zip(second, third, strict=True)):
            if two < 0:
                free_second |= 1 << bit
            else:
                s, t = masks.get(two, (0, 0))
                masks[two] = (s | 1 << bit, t)
            if three < 0:
                free_third |= 1 << bit
            else:
                s, t = masks.get(three, (0, 0))
                masks[three] = (s, t | 1 << bit)
        self.masks = masks
        self.free = (free_second, free_third)
        self.key = bits(masks)  # the later clauses its terms name

    def state(self) -> tuple[Any, ...]:
        """What :meth:`restore` needs (plain tuples, dicts and ints: marshal-able)."""
        return (tuple(self.patterns), self.spans, self.masks, self.free, self.key)

    @classmethod
    def restore(cls, state: tuple[Any, ...]) -> _Group:
        """The group whose :meth:`state` this is, with no answer yet."""
        group = cls.__new__(cls)  # an empty dict; __init__ would work the state out again
        group.patterns, group.spans, group.masks, group.free, group.key = state
        return group

    def answer(self, offered: int) -> int:
        """The patterns (bits) whose terms hold when a sentence satisfies the
        later clauses ``offered`` (bits of :attr:`key`), kept."""
        second, third = self.free
        masks = self.masks
        rest = offered
        while rest:
            clause = rest.bit_length() - 1
            s, t = masks[clause]
            second |= s
            third |= t
            rest ^= 1 << clause
        holding = second & third
        patterns = 0
        while holding:  # one step per pattern let through
            pattern = self.patterns[(holding & -holding).bit_length() - 1]
            patterns |= 1 << pattern
            holding &= ~self.spans[pattern]
        if len(self) < Gatekeeper.ANSWERS:
            self[offered] = patterns
        return patterns
