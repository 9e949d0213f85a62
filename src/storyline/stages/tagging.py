"""The parse's last word-level step, memoized: spaCy's attribute ruler and rule lemmatizer with the same output.

In the English pipelines the attribute ruler (tag -> part of speech and morphology, a few word exceptions) and the
rule lemmatizer cost about a fifth of the whole parse, though what they assign to a token depends only on a few of
its own attributes: the ruler's one-token patterns read the token's lower-case form, tag, dependency label and
whitespace flag; the lemmatizer reads its form, part of speech and morphology. `MemoTagging` replaces the two
components with one that remembers each outcome under those attributes and writes a document's values in one
array call. An outcome it has not seen yet is computed by the original components themselves (the ruler's own
matcher and annotation code, the lemmatizer's own rules), so the values are theirs by construction. A token a
multi-token pattern matches gets the ruler's own annotation code for all its rules; an empty document, or one that
arrives with these values already set, goes through the two original components unchanged.
`tests/test_tagging.py` compares every token attribute with the stock pipeline's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG, intify_attr
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

from storyline.membership import in_sorted

FACTORY = "storyline_memo_tagging"
RULER, LEMMATIZER = "attribute_ruler", "lemmatizer"
# What the ruler's one-token patterns may read of a token: the memo's key.
RULER_KEYS = (LOWER, TAG, DEP, IS_SPACE)
CONSTRAINTS_WITH_A_KEY = {"IN"}  # a {"IN": [...]} constraint admits a known set of values
LISTING_TESTS = {"IN", "NOT_IN", "REGEX"}  # tests `Distinctions` can tell values apart by
UNTESTED = np.uint64(2**64 - 1)  # the key of every value no one-token rule tells apart (not a string's hash)
ANCHOR_NAMES = ("LOWER", "DEP")  # token tests that place a multi-token pattern (`Spanning`)
ANCHOR_ATTRS = tuple(intify_attr(name) for name in ANCHOR_NAMES)
AnchorTests = tuple[tuple[int, int, np.ndarray], ...]  # (offset in the pattern, column in ANCHOR_ATTRS, values)


def install(nlp: Language) -> bool:
    """Swap the pipeline's attribute ruler and lemmatizer for one `MemoTagging` component when the memo can be
    exact for them (see `MemoTagging.supports`); returns whether it did. Public spaCy API only: the new component
    is added while the originals are still there (it keeps them), then the originals leave the pipeline."""
    names = nlp.pipe_names
    if RULER not in names or LEMMATIZER not in names or names.index(LEMMATIZER) != names.index(RULER) + 1:
        return False
    ruler, lemmatizer = nlp.get_pipe(RULER), nlp.get_pipe(LEMMATIZER)
    if not MemoTagging.supports(ruler, lemmatizer):
        return False
    nlp.add_pipe(FACTORY, name="memo_tagging", after=LEMMATIZER, validate=False)  # no config to check
    nlp.remove_pipe(RULER)
    nlp.remove_pipe(LEMMATIZER)
    return True


@Language.factory(FACTORY)
def make_memo_tagging(nlp: Language, name: str) -> MemoTagging:
    """The component `install` adds: built from the pipeline's own ruler and lemmatizer."""
    return MemoTagging(nlp.get_pipe(RULER), nlp.get_pipe(LEMMATIZER))


class Ruled(NamedTuple):
    """What the ruler's one-token rules do to a token with a given key."""

    pos: int
    morph: int
    lemma: int
    tag: int | None  # the tag a rule writes (None: the token keeps its own)
    dep: int | None  # the dependency label a rule writes (None: the token keeps its own)
    matched: tuple[tuple[int, int], ...]  # (rule number, match id) of each rule that matches, in order


class MemoTagging:
    """Attribute ruler then lemmatizer, remembered per token key (see the module docstring)."""

    def __init__(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> None:
        self.ruler, self.lemmatizer = ruler, lemmatizer
        self.vocab = ruler.vocab
        self.spanning = Spanning.of(ruler)
        self.distinctions = {column: Distinctions.of(ruler, attr) for column, attr in ((0, "LOWER"), (2, "DEP"))}
        self.ruled: dict[tuple[int, ...], Ruled] = {}  # ruler key -> what the ruler does to such a token
        self.lemmas: dict[tuple[int, ...], int] = {}  # (orth, pos, morph) -> lemma
        _index_as_sets(lemmatizer)

    @staticmethod
    def supports(ruler: Any, lemmatizer: Any) -> bool:
        """The memo is exact for spaCy's own two classes, whose one-token patterns read only `RULER_KEYS`, with a
        rule or lookup lemmatizer that keeps what the ruler set (overwrite off)."""
        if type(ruler) is not AttributeRuler or not isinstance(lemmatizer, Lemmatizer) or lemmatizer.overwrite:
            return False
        readable = set(RULER_KEYS)
        for rule in ruler.patterns:
            for pattern in rule["patterns"]:
                if len(pattern) == 1 and any(intify_attr(key) not in readable for key in pattern[0]):
                    return False
        return True

    def __call__(self, doc: Doc) -> Doc:
        """Assign part of speech, morphology and lemma as the two original components would."""
        if len(doc) == 0 or doc.to_array([POS, MORPH, LEMMA]).any():
            return self._originals(doc)
        keys, key_of = self._keys(doc)
        self._learn_rules(doc, [(key, first) for key, first in keys.items() if key not in self.ruled])
        ruled = [self.ruled[key] for key in keys]
        spanning = self._multi_token_matches(doc)
        targets = {start + self.ruler.indices[attr_id] if self.ruler.indices[attr_id] >= 0 else
                   end + self.ruler.indices[attr_id] for attr_id, _, start, end in spanning}
        values = np.array([(value.pos, value.morph, value.lemma) for value in ruled], dtype="uint64")[key_of]
        self._fill_lemmas(doc, values, targets)
        attrs = [POS, MORPH, LEMMA]
        if any(value.tag is not None or value.dep is not None for value in ruled):
            attrs, values = [*attrs, TAG, DEP], np.hstack([values, self._rewritten(doc, ruled, key_of)])
        doc.from_array(attrs, values)
        if spanning:
            order = sorted(targets)
            self._apply_spanning(doc, [ruled[k] for k in key_of[order].tolist()], order, spanning)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """`nlp.pipe` calls this: one document at a time."""
        for doc in docs:
            yield self(doc)

    def _originals(self, doc: Doc) -> Doc:
        """The two original components, for a document the memo does not answer."""
        return self.lemmatizer(self.ruler(doc))

    @staticmethod
    def _rewritten(doc: Doc, ruled: list[Ruled], key_of: np.ndarray) -> np.ndarray:
        """Each token's tag and dependency label after the rules that rewrite them (whitespace tokens')."""
        columns = doc.to_array([TAG, DEP])
        for column, written in ((0, [value.tag for value in ruled]), (1, [value.dep for value in ruled])):
            rewrites = np.array([value is not None for value in written])[key_of]
            columns[rewrites, column] = np.array([value or 0 for value in written], dtype="uint64")[key_of][rewrites]
        return columns

    def _keys(self, doc: Doc) -> tuple[dict[tuple[int, ...], int], np.ndarray]:
        """The document's distinct ruler keys (lower-case form, tag, dependency label, whitespace flag; UNTESTED for
        a form or label no one-token rule tells apart: `Distinctions`), each with its first token, and each token's
        key number."""
        columns = doc.to_array(list(RULER_KEYS))
        for column, distinctions in self.distinctions.items():
            if distinctions is not None:
                columns[:, column] = distinctions.reduce(columns[:, column])
        first, key_of = distinct_rows(columns)
        keys = {tuple(row): i for row, i in zip(columns[first].tolist(), first.tolist(), strict=True)}
        return keys, key_of

    def _fill_lemmas(self, doc: Doc, values: np.ndarray, targets: set[int]) -> None:
        """The lemmatizer's lemma, in column 2 of `values`, for each token the ruler gave none (a multi-token
        rule's tokens wait for `_apply_spanning`), once per distinct form, part of speech and morphology."""
        need = np.flatnonzero(values[:, 2] == 0)
        if targets:
            need = need[~np.isin(need, sorted(targets))]
        if not len(need):
            return
        rows = np.column_stack([doc.to_array(ORTH)[need], values[need, 0], values[need, 1]])
        first, which = distinct_rows(rows)
        keys = list(map(tuple, rows[first].tolist()))
        lemmas = list(map(self.lemmas.get, keys))  # the remembered ones at once; None where a key is new
        for k, lemma in enumerate(lemmas):
            if lemma is None:
                lemmas[k] = self._lemma(doc, int(need[first[k]]), keys[k])
        values[need, 2] = np.array(lemmas, dtype="uint64")[which]

    def _learn_rules(self, doc: Doc, fresh: list[tuple[tuple[int, ...], int]]) -> None:
        """Run the ruler's own matcher and annotation code on a document of this one's unseen tokens (one token
        per new key), keep its one-token matches only, and remember for each key what matched and what it wrote: a
        tag or a dependency label only when a rule writes one, since the key may not hold the token's own."""
        if not fresh:
            return
        sample = _token_sample(doc, [i for _, i in fresh])
        matches = sorted((int(self.vocab.strings[m_id]), m_id, s, e)
                         for m_id, s, e in self.ruler.matcher(sample, allow_missing=True, as_spans=False)
                         if e - s == 1)
        self.ruler.set_annotations(sample, matches)
        after = sample.to_array([POS, MORPH, LEMMA, TAG, DEP]).tolist()
        matched: dict[int, list[tuple[int, int]]] = {}
        for attr_id, m_id, start, _ in matches:
            matched.setdefault(start, []).append((attr_id, m_id))
        for position, ((key, _), (pos, morph, lemma, tag, dep)) in enumerate(zip(fresh, after, strict=True)):
            rules = matched.get(position, [])
            writes = {attr for attr_id, _ in rules for attr in self.ruler.attrs[attr_id]}
            self.ruled[key] = Ruled(pos, morph, lemma, tag if TAG in writes else None, dep if DEP in writes else None,
                                    tuple(rules))

    def _multi_token_matches(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The ruler's matches of patterns longer than one token, as it sorts them (rule order first)."""
        if self.spanning is None:
            return []
        found = {(m_id, start + s, start + e) for start, end in self.spanning.windows(doc)
                 for m_id, s, e in self.spanning.matcher(doc[start:end])}
        return sorted((int(self.vocab.strings[m_id]), m_id, s, e) for m_id, s, e in found)

    def _apply_spanning(self, doc: Doc, ruled: list[Ruled], targets: list[int],
                        spanning: list[tuple[int, int, int, int]]) -> None:
        """A token a multi-token pattern writes to gets every rule that matches it applied in the ruler's order
        (its one-token rules again, which leaves their values, and the multi-token ones), then its lemma."""
        own = [(attr_id, m_id, i, i + 1) for i, value in zip(targets, ruled, strict=True)
               for attr_id, m_id in value.matched]
        self.ruler.set_annotations(doc, sorted(own + spanning))
        for i in targets:
            token = doc[i]
            if token.lemma == 0:
                token.lemma = self._lemma(doc, i, (token.orth, token.pos, token.morph.key))

    def _lemma(self, doc: Doc, i: int, key: tuple[int, ...]) -> int:
        """The lemmatizer's lemma for token `i` with key (form, part of speech, morphology) when the ruler gave it
        none, by the lemmatizer's own rules the first time the key is seen."""
        lemma = self.lemmas.get(key)
        if lemma is None:
            token = doc[i]
            _, token.pos, morph = key  # what the ruler assigned: the lemmatizer reads them
            token.set_morph(morph)
            lemma = self.lemmas[key] = self.vocab.strings.add(self.lemmatizer.lemmatize(token)[0])
        return lemma

    def to_disk(self, *args: Any, **kwargs: Any) -> None:
        """Not saved with a pipeline: `install` rebuilds it from the saved originals."""
        raise NotImplementedError("save the pipeline before storyline.stages.tagging.install")


def distinct_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first index of each distinct row of a 2-D array, and each row's number among them. Rows are compared as
    one opaque value each (a void view), several times faster than `np.unique(axis=0)`."""
    rows = np.ascontiguousarray(rows)
    opaque = rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).reshape(-1)
    _, first, which = np.unique(opaque, return_index=True, return_inverse=True)
    return first, which.reshape(-1)


def _index_as_sets(lemmatizer: Lemmatizer) -> None:
    """The rule lemmatizer asks only whether a form is in its word index (`form in index`); the index ships as
    lists, so each question scans thousands of words. The same words as sets answer the same, at once."""
    if "lemma_index" not in lemmatizer.lookups:
        return
    table = lemmatizer.lookups.get_table("lemma_index")
    for key in list(table.keys()):
        if isinstance(table[key], list):
            table[key] = frozenset(table[key])


def _token_sample(doc: Doc, positions: list[int]) -> Doc:
    """A document of the tokens at `positions`, each with its form, tag and dependency label and no neighbours
    that matter (one-token matches only are read back)."""
    tokens = [doc[i] for i in positions]
    return Doc(doc.vocab, words=[t.text for t in tokens], spaces=[True] * len(tokens),
               tags=[t.tag_ for t in tokens], deps=[t.dep_ for t in tokens], heads=list(range(len(tokens))))


@dataclass(frozen=True)
class Spanning:
    """The ruler's patterns longer than one token, and where in a document they can match.

    Running them over every token costs most of what the memo saves (the "there is" rule reads every token's
    dependency label), so when every such pattern has a fixed length and a token that must have one of a few
    forms or dependency labels (its anchor), only the windows around those tokens are matched. The matches are
    the same: the patterns read nothing outside the tokens they match."""

    matcher: Matcher
    # Per pattern: its length and its anchor tests (offset, column in ANCHOR_ATTRS, allowed values); None: every
    # window is the whole document.
    anchors: tuple[tuple[int, AnchorTests], ...] | None
    # Every value some anchor test allows, by column, sorted (what `windows` searches a document for).
    anchor_values: dict[int, np.ndarray]

    @staticmethod
    def of(ruler: AttributeRuler) -> Spanning | None:
        """The ruler's multi-token patterns under its own match ids (the rule's number); None if it has none."""
        matcher = Matcher(ruler.vocab)
        anchors: list[tuple[int, AnchorTests]] | None = []
        for number, rule in enumerate(ruler.patterns):
            long = [pattern for pattern in rule["patterns"] if len(pattern) > 1]
            if long:
                matcher.add(str(number), long)
            for pattern in long:
                found = _anchor_tests(pattern, ruler.vocab.strings)
                anchors = None if anchors is None or not found else [*anchors, (len(pattern), found)]
        if len(matcher) == 0:
            return None
        values: dict[int, set[int]] = {}
        for _, tests in anchors or ():
            for _, column, allowed in tests:
                values.setdefault(column, set()).update(allowed.tolist())
        return Spanning(matcher, None if anchors is None else tuple(anchors),
                        {column: np.array(sorted(found), dtype="uint64") for column, found in values.items()})

    def windows(self, doc: Doc) -> set[tuple[int, int]]:
        """Token ranges that hold every match: for each pattern, those around its rarest anchor's hits here."""
        if self.anchors is None:
            return {(0, len(doc))}
        columns = doc.to_array(list(ANCHOR_ATTRS))
        at = self._anchor_positions(columns)
        found: set[tuple[int, int]] = set()
        for length, tests in self.anchors:
            hits = min(([position - offset for value in values.tolist() for position in at[column].get(value, ())]
                        for offset, column, values in tests), key=len)
            found.update((start, start + length) for start in hits if start >= 0 and start + length <= len(doc))
        return found

    def _anchor_positions(self, columns: np.ndarray) -> dict[int, dict[int, list[int]]]:
        """For each anchor column, the positions of each anchor value found in the document (one search per column
        for all the patterns' values: anchors are rare words and labels, so each test then reads a few tokens)."""
        at: dict[int, dict[int, list[int]]] = {}
        for column, values in self.anchor_values.items():
            hits = np.flatnonzero(in_sorted(columns[:, column], values))
            positions: dict[int, list[int]] = {}
            for position, value in zip(hits.tolist(), columns[hits, column].tolist(), strict=True):
                positions.setdefault(value, []).append(position)
            at[column] = positions
        return at


def _anchor_tests(pattern: list[dict[str, Any]], strings: Any) -> AnchorTests:
    """(offset, column in ANCHOR_ATTRS, allowed hashes) for each token test of the pattern that names its values
    (an exact form or label, or an IN list); nothing when a token may repeat or be left out (an OP)."""
    if any("OP" in spec for spec in pattern):
        return ()
    tests = []
    for offset, spec in enumerate(pattern):
        for column, attr in enumerate(ANCHOR_NAMES):
            test = spec.get(attr)
            values = [test] if isinstance(test, str) else (
                test["IN"] if isinstance(test, dict) and set(test) <= CONSTRAINTS_WITH_A_KEY else None)
            if values is not None:
                tests.append((offset, column, np.array([strings.add(v) for v in values], dtype="uint64")))
    return tuple(tests)


class Distinctions:
    """The values of one token attribute that the ruler's one-token rules can tell apart.

    Every such rule tests the attribute against values it names (exact, IN, NOT_IN) or a regular expression. A
    value none of them names or matches passes and fails the same tests as any other such value, so the memo keys
    all of them alike (UNTESTED) and remembers far fewer keys."""

    def __init__(self, listed: set[int], patterns: list[str], strings: Any) -> None:
        self.listed = np.array(sorted(listed), dtype="uint64")
        self.patterns = tuple(re.compile(pattern) for pattern in patterns)
        self.strings = strings
        self.judged: set[int] = set()  # values whose strings the patterns have been tried on
        self.matched: set[int] = set()  # of those, the ones a pattern matches

    @staticmethod
    def of(ruler: AttributeRuler, attr: str) -> Distinctions | None:
        """The attribute's distinctions, or None when a rule tests it some other way (then every value is kept)."""
        strings = ruler.vocab.strings
        listed: set[int] = set()
        patterns: list[str] = []
        for rule in ruler.patterns:
            for pattern in rule["patterns"]:
                test = pattern[0].get(attr) if len(pattern) == 1 else None
                if test is None:
                    continue
                if isinstance(test, str):
                    listed.add(strings.add(test))
                elif isinstance(test, dict) and set(test) <= LISTING_TESTS:
                    listed.update(strings.add(value) for key in set(test) & {"IN", "NOT_IN"} for value in test[key])
                    patterns.extend([test["REGEX"]] if "REGEX" in test else [])
                else:
                    return None
        return Distinctions(listed, patterns, strings)

    def reduce(self, column: np.ndarray) -> np.ndarray:
        """The column with every value no rule tells apart replaced by UNTESTED."""
        keep = in_sorted(column, self.listed)
        if self.patterns:
            others = set(column[~keep].tolist())
            self._judge(others - self.judged)
            matched = self.matched.intersection(others)
            if matched:
                keep |= in_sorted(column, np.array(sorted(matched), dtype="uint64"))
        return np.where(keep, column, UNTESTED)

    def _judge(self, values: set[int]) -> None:
        """Try the patterns on the strings of values not seen before, and remember which match."""
        for value in values:
            text = self.strings[value]
            if any(pattern.search(text) for pattern in self.patterns):
                self.matched.add(value)
        self.judged |= values
