"""Cross-document actor resolution: one canonical actor per real person, organisation and place.

Input: the chains of actor mentions the actors stage stored for every document (newest versions). Output: the
`actors` table, and `actor_id` on every mention and role. The step recomputes everything from the store, so
running it twice gives the same result; ids survive re-runs through `actor_keys`.

How chains become actors (union-find over chain keys):
1. Places and governments: chains with one gazetteer key (country:UA, city:703448, gov:RU) are one actor.
2. People: full names merge when their surnames are spellings of one name and their given names are compatible
   (Sergei/Sergey, J./Joseph), or only share an initial (Joe/Joseph) but share a role or country, or when they
   are one name romanised through two languages' conventions (Szmyhal/Shmyhal: names.transliterated, which needs
   the given names to agree); known countries must not disagree. A surname-only chain joins the one full-name
   person it fits, or the one that holds three quarters of the mentions among those it fits; otherwise it stays
   apart.
3. Organisations: same name ignoring case and accents; an acronym joins the one long name it abbreviates.
4. A one-word name the recogniser typed as an organisation ("Lavrov") joins the person with that surname when
   that person is mentioned more.
A chain whose name is a fragment the recogniser cut out ("#", "von", "BRUSSELS -", "Sept. 11, 2001":
names.is_fragment) is no actor: its mentions keep no canonical actor, so no event or quote is linked to it.
Canonical name: the most complete, most widespread well-formed spelling; every other spelling is an alias.
Roles keep their sources; two offices one person cannot hold at once are flagged as a conflict.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from storyline.actors import names
from storyline.actors.containment import container_key, identity_place
from storyline.actors.gazetteer import Gazetteer, load_gazetteer
from storyline.corpus.keys import assign_ids
from storyline.corpus.step import CorpusStep
from storyline.store import Row, Store

KIND_ORDER = ("person", "organization", "location", "group", "other")


@dataclass
class Chain:
    """One actor's mentions within one document."""

    doc_pk: int
    doc: str
    chain: int
    mentions: list[Row] = field(default_factory=list)
    roles: list[Row] = field(default_factory=list)

    @cached_property
    def kind(self) -> str:
        counts = Counter(m["kind"] for m in self.mentions)
        return majority_kind(counts, self.mentions[0]["name"])

    @cached_property
    def place(self) -> str | None:
        places = Counter(m["place"] for m in self.mentions if m["place"])
        return places.most_common(1)[0][0] if places else None

    @cached_property
    def name(self) -> str:
        """The fullest name the chain gives (named mentions only)."""
        named = [m["name"] for m in self.mentions if m["usage"] != "title"] or [self.mentions[0]["name"]]
        return max(named, key=lambda n: (len(n.split()), names.well_formed(n), n))

    @cached_property
    def countries(self) -> Counter[str]:
        found = Counter(m["country"] for m in self.mentions if m["country"])
        found.update(r["country"] for r in self.roles if r["country"])
        return found

    @cached_property
    def role_names(self) -> set[str]:
        return {r["role"].lower() for r in self.roles}


def majority_kind(counts: Counter[str], name: str) -> str:
    """The most frequent kind; a tie between person and organisation goes to organisation when the name has an
    all-capitals word ("RIA Novosti"), else to person."""
    best = max(counts.values())
    tied = [k for k in KIND_ORDER if counts.get(k) == best]
    if {"person", "organization"} <= set(tied) and any(w.isupper() and len(w) > 1 for w in name.split()):
        return "organization"
    return tied[0]


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def build_chains(mentions: list[Row], roles: list[Row]) -> list[Chain]:
    """Group each document's actor mentions and roles by chain."""
    chains: dict[tuple[int, int], Chain] = {}
    for row in mentions:
        key = (row["doc_pk"], row["chain"])
        chains.setdefault(key, Chain(row["doc_pk"], row["doc"], row["chain"])).mentions.append(row)
    for row in roles:
        chain = chains.get((row["doc_pk"], row["chain"]))
        if chain is not None:
            chain.roles.append(row)
    return list(chains.values())


def chain_key(chain: Chain, country_of: Callable[[str], str | None] = lambda words: None) -> str:
    """What identifies a chain's actor across documents before any fuzzy matching. An organisation's leading
    country word is its country's code (`country_of`: "UK", "British" -> GB), so "UK Ministry of Defence" and
    "British Defence Ministry" share a key."""
    if identity_place(chain.place):
        return chain.place
    kind = chain.kind
    if kind == "person":
        person = names.parse_person(chain.name)
        if person.full:
            return full_name_key(person)
        return f"person|~{names.surname_key(person)}{_suffix_part(person)}"
    if kind == "organization":
        return f"organization|{names.organization_key(_country_as_code(chain.name, country_of))}"
    return f"{kind}|{names.strip_accents(names.clean_name(chain.name)).lower()}"


def full_name_key(person: names.PersonName) -> str:
    """The key of a full name: given name and surname folded, and a suffix when there is one ("Donald Trump Jr."
    is his father's son, not his father)."""
    return f"person|{names.fold(person.given)} {names.surname_key(person)}{_suffix_part(person)}"


def _suffix_part(person: names.PersonName) -> str:
    """The end of a person key that keeps a son apart from his father: " jr", or nothing."""
    return f" {person.suffix}" if person.suffix else ""


def _country_as_code(name: str, country_of: Callable[[str], str | None]) -> str:
    """The name with its first one or two words, when they name a country and more words follow, as the country's
    alpha-2 code: "South Korean Foreign Ministry" -> "KR Foreign Ministry"."""
    words = name.split()
    for size in (2, 1):
        code = country_of(" ".join(words[:size])) if len(words) > size else None
        if code:
            return " ".join([code, *words[size:]])
    return name


@dataclass
class KeyInfo:
    """What all chains sharing one key say: names, countries, roles, mention count."""

    kind: str
    names: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    roles: set[str] = field(default_factory=set)
    mentions: int = 0


def key_infos(chains: list[Chain], keys: list[str]) -> dict[str, KeyInfo]:
    infos: dict[str, KeyInfo] = {}
    for chain, key in zip(chains, keys, strict=True):
        info = infos.setdefault(key, KeyInfo(chain.kind))
        info.names[chain.name] += 1
        info.countries.update(chain.countries)
        info.roles |= chain.role_names
        info.mentions += len(chain.mentions)
    return infos


def _countries_agree(a: KeyInfo, b: KeyInfo) -> bool:
    if not a.countries or not b.countries:
        return True
    return a.countries.most_common(1)[0][0] == b.countries.most_common(1)[0][0]


def _shared_context(a: KeyInfo, b: KeyInfo) -> bool:
    if a.roles & b.roles:
        return True
    return bool(a.countries and b.countries and _countries_agree(a, b))


def merge_people(infos: dict[str, KeyInfo], uf: UnionFind) -> None:
    """Full names by name structure and context; then surname-only keys onto the one person they fit."""
    full = {k: names.parse_person(i.names.most_common(1)[0][0]) for k, i in infos.items()
            if k.startswith("person|") and not k.startswith("person|~")}
    for a, b in _candidate_pairs(full):
        if _same_full_person(full[a], full[b], infos[a], infos[b]):
            uf.union(a, b)
    _attach_surnames(infos, full, uf)


def _candidate_pairs(full: dict[str, names.PersonName]) -> list[tuple[str, str]]:
    """Pairs of full-name keys worth comparing: those whose surnames start alike by `fold` or by
    `transliteration_key` (Zelensky and Selenskyj share no first letter), each pair once, in a stable order."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for key, person in full.items():
        last = person.surname.split()[-1]
        for block in {"f" + names.fold(last)[:2], "t" + names.transliteration_key(last)[:2]}:
            blocks[block].append(key)
    pairs: dict[tuple[str, str], None] = {}
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                pairs.setdefault((a, b) if a < b else (b, a))
    return list(pairs)


def _same_full_person(pa: names.PersonName, pb: names.PersonName, a: KeyInfo, b: KeyInfo) -> bool:
    """Whether two full names are one person: known countries agree, and either the surnames are spellings of one
    name with given names compatible (or sharing an initial and a role or country), or the names are one name
    romanised through two languages' conventions (`names.transliterated`, which needs the given names to agree)."""
    if not _countries_agree(a, b) or not names.same_generation(pa, pb):
        return False
    if not names.similar_words(pa.surname.split()[-1], pb.surname.split()[-1]):
        return names.transliterated(pa, pb)
    strict = names.given_compatible(pa.given, pb.given)
    return strict or (names.given_weakly_compatible(pa.given, pb.given) and _shared_context(a, b))


def _attach_surnames(infos: dict[str, KeyInfo], full: dict[str, names.PersonName], uf: UnionFind) -> None:
    blocks: dict[str, list[tuple[str, names.PersonName]]] = defaultdict(list)
    for other, person in full.items():
        blocks[names.surname_key(person)[:2]].append((other, person))
    for key, info in infos.items():
        if not key.startswith("person|~"):
            continue
        surname, _, suffix = key.removeprefix("person|~").partition(" ")  # "trump jr": Trump Jr.
        weights: Counter[str] = Counter()
        for other, person in blocks.get(surname[:2], []):
            if names.similar_words(names.surname_key(person), surname) and person.suffix == suffix \
                    and _countries_agree(info, infos[other]):
                weights[uf.find(other)] += infos[other].mentions
        if not weights:
            continue
        best, weight = weights.most_common(1)[0]
        if len(weights) == 1 or weight >= 0.75 * sum(weights.values()):
            uf.union(key, best)


def merge_organizations(infos: dict[str, KeyInfo], uf: UnionFind,
                        names_country: Callable[[str], bool] = lambda word: False) -> None:
    """An acronym joins the single long name it abbreviates; a long name joins the same name without up to two
    leading descriptive words, unless a dropped word names a country ("Russian Ministry of Defense" and "U.K.
    Ministry of Defense" are two ministries, neither of them the bare "Ministry of Defense")."""
    orgs = {k: i.names.most_common(1)[0][0] for k, i in infos.items() if i.kind == "organization"
            and not k.startswith("gov:")}
    longs = {k: n for k, n in orgs.items() if not names.is_acronym(n) and len(n.split()) >= 2}
    by_lower = {n.lower(): k for k, n in longs.items() if len(n.split()) >= 3}
    by_initials: dict[str, list[str]] = defaultdict(list)
    for key, name in longs.items():
        words = name.lower().split()
        for cut in range(1, min(3, len(words) - 2)):
            if any(names_country(word) for word in name.split()[:cut]):
                break
            other = by_lower.get(" ".join(words[cut:]))
            if other and other != key:
                uf.union(key, other)  # "Pan-Continent Organization for ..." is "Organization for ..."
        full = names.initials(name)
        for drop in range(3):  # the initials, and those without up to two leading descriptive words
            if len(full) - drop >= 2:
                by_initials[full[drop:]].append(key)
    for key, name in orgs.items():
        if not names.is_acronym(name):
            continue
        weights: Counter[str] = Counter()
        for k in set(by_initials.get(name.replace(".", "").upper(), [])):
            if names.acronym_matches(name, longs[k]):
                weights[uf.find(k)] += infos[k].mentions
        if weights:
            best, weight = weights.most_common(1)[0]
            if weight >= 0.75 * sum(weights.values()):  # one long name, or one that nearly all mentions use
                uf.union(key, best)


def merge_mistyped(infos: dict[str, KeyInfo], uf: UnionFind) -> None:
    """A multi-word name typed as a person in some documents and an organisation in others is one actor."""
    for key, info in infos.items():
        name = info.names.most_common(1)[0][0]
        if info.kind in {"organization", "other"} and len(name.split()) > 1:
            twin = full_name_key(names.parse_person(name))
            if twin in infos:
                uf.union(key, twin)


# -- building the actors ------------------------------------------------------------------------------------


def canonical_name(kind: str, place: str | None, chains: list[Chain], gaz: Gazetteer) -> str:
    """The name an actor is shown by: a government's "Government of <country>", a country's or a city's gazetteer
    name, else the best-formed name the most documents use (for a person, the longest such name)."""
    if place and place.startswith("gov:"):
        return f"Government of {gaz.country_name(place[4:])}"
    if place and place in gaz.by_key and (place.startswith(("country:", "city:")) or not _named_places(chains)):
        return gaz.by_key[place].name  # "United States", not "US"; "Kyiv", not "Kiev"
    docs: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    for chain in chains:
        for m in chain.mentions:
            if m["usage"] not in {"title", "government", "demonym"}:
                docs[m["name"]].add(chain.doc)
                counts[m["name"]] += 1
    if not counts:
        counts.update(m["name"] for c in chains for m in c.mentions)
        docs = {n: {""} for n in counts}

    def score(name: str) -> tuple:
        words = min(len(name.split()), 4)
        formed = names.well_formed(name)
        if kind == "person":  # "Liz Truss" before "Ms Truss": a name, not a form of address
            bare = not names.parse_person(name).honorifics
            return (formed, bare, words, len(docs[name]), counts[name], name.isupper() is False, name)
        return (formed, len(docs[name]), words, counts[name], name.isupper(), name)

    return max(counts, key=score)


def _named_places(chains: list[Chain]) -> bool:
    """Whether the articles name the place themselves. A region or county is then called as the articles call it
    ("Crimea", "Bavaria"), not by the gazetteer's form, which for a division is its local official name ("Avtonomna
    Respublika Krym", "Bayern"); countries and cities keep their gazetteer's English names."""
    return any(m["usage"] not in {"title", "government", "demonym"} for c in chains for m in c.mentions)


def role_summary(chains: list[Chain]) -> list[dict]:
    """Roles with how often and in how many documents they are stated; conflicting offices flagged."""
    found: dict[str, dict] = {}
    for chain in chains:
        for role in chain.roles:
            entry = found.setdefault(role["role"].lower(), {"role": role["role"], "count": 0, "documents": set()})
            entry["count"] += 1
            entry["documents"].add(chain.doc)
    entries = sorted(found.values(), key=lambda e: (-e["count"], e["role"]))
    for entry in entries:
        entry["conflict"] = any(roles_conflict(entry["role"], other["role"]) for other in entries)
        entry["documents"] = len(entry["documents"])
    return entries


def _office_head(role: str) -> str:
    return role.lower().split(" of ")[0].split()[-1]


def roles_conflict(a: str, b: str) -> bool:
    """Two offices one person does not hold at once: two different top offices (President vs Prime Minister),
    or two titles with the same head word and different qualifiers (Foreign Minister vs Defense Minister)."""
    la, lb = a.lower(), b.lower()
    if la == lb:
        return False
    if la in names.TOP_OFFICES and lb in names.TOP_OFFICES:
        return True
    head_a, head_b = _office_head(la), _office_head(lb)
    bare = {head_a, head_b} & {la, lb}
    return head_a == head_b and head_a not in {"official", "officer", "leader", "head"} and not bare


def actor_country(kind: str, place: str | None, chains: list[Chain], gaz: Gazetteer) -> str | None:
    if place:
        key = container_key(place) or place
        code = place[4:] if place.startswith("gov:") else (gaz.by_key[key].country if key in gaz.by_key else None)
        return gaz.iso3(code) if code else None
    votes: Counter[str] = Counter()
    for chain in chains:
        votes.update(chain.countries)
    return gaz.iso3(votes.most_common(1)[0][0]) if votes else None


def build_actor(chains: list[Chain], gaz: Gazetteer) -> dict:
    kinds: Counter[str] = Counter()
    for chain in chains:
        kinds[chain.kind] += len(chain.mentions)
    kind = majority_kind(kinds, chains[0].name)
    places = Counter(c.place for c in chains if c.place)
    place = places.most_common(1)[0][0] if places else None
    if place and place.startswith("gov:"):
        kind = "organization"
    name = canonical_name(kind, place, chains, gaz)
    surfaces = Counter(m["text"] for c in chains for m in c.mentions)
    aliases = sorted((s for s in surfaces if s != name), key=lambda s: (-surfaces[s], s))
    container = container_key(place)  # a feature placed in a town ("within:city:..."): the town's point, approximate
    geo = gaz.by_key.get(container or place) if place and not place.startswith("gov:") else None
    return {
        "name": name, "type": kind, "country": actor_country(kind, place, chains, gaz), "place": place,
        "lat": geo.lat if geo else None, "lon": geo.lon if geo else None,
        "geonames_id": geo.geonames_id if geo and not container else None, "aliases": aliases,
        "roles": role_summary(chains),
        "mentions": sum(len(c.mentions) for c in chains), "documents": len({c.doc for c in chains}),
    }


def resolve(chains: list[Chain], gaz: Gazetteer | None = None) -> tuple[list[str], UnionFind, dict[str, KeyInfo]]:
    """Cluster chain keys into actors; returns each chain's key, the union-find and per-key information. The
    gazetteer tells which words name a country (a country's modifier keeps two organisations apart)."""
    country_of = gaz.country if gaz else lambda words: None
    keys = [chain_key(c, country_of) for c in chains]
    infos = key_infos(chains, keys)
    uf = UnionFind()
    for key in infos:
        uf.find(key)
    merge_people(infos, uf)
    merge_organizations(infos, uf, (lambda word: gaz.country(word) is not None) if gaz else lambda word: False)
    merge_mistyped(infos, uf)
    return keys, uf, infos


@dataclass
class ActorSnapshot:
    """What the actors step reads: every chain of the newest document versions, and the ids keys had before."""

    chains: list[Chain]
    known: dict[str, int]


@dataclass
class ActorResults:
    actors: list[dict[str, Any]]  # records with their ids
    chains: list[tuple[int, int, int]]  # (actor id, document pk, chain)
    keys: dict[str, int]
    chain_count: int


def read_chains(store: Store, run_id: int) -> ActorSnapshot:
    return ActorSnapshot(build_chains(store.latest_actor_mentions(), store.latest_actor_roles()),
                         store.known_keys("actor"))


def compute_actors(snapshot: ActorSnapshot, gazetteer: Gazetteer | None = None) -> ActorResults:
    """Cluster the chains into actors and build each actor's record; ids kept from earlier runs by key."""
    gaz = gazetteer or load_gazetteer()
    chains = [c for c in snapshot.chains if not names.is_fragment(c.name)]  # "#", "von", "Sept. 11, 2001": no one
    keys, uf, _ = resolve(chains, gaz)
    members: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        members[uf.find(key)].append(index)
    roots = sorted(members, key=lambda r: min(members[r]))
    clusters = [sorted({keys[i] for i in members[root]}) for root in roots]
    ids, remembered = assign_ids(snapshot.known, clusters)
    actors, pairs = [], []
    for actor_id, root in zip(ids, roots, strict=True):
        group = [chains[i] for i in members[root]]
        actors.append({"id": actor_id, **build_actor(group, gaz)})
        pairs.extend((actor_id, c.doc_pk, c.chain) for c in group)
    return ActorResults(actors, pairs, remembered, len(chains))


def write_actors(store: Store, run_id: int, results: ActorResults) -> dict[str, int]:
    store.replace_actors(run_id, results.actors, results.chains, results.keys)
    return {"actors": len(results.actors), "chains": results.chain_count}


STEP = CorpusStep("actors", ("actor_mentions",), read_chains, compute_actors, write_actors,
                  "cluster actor mentions across documents into canonical actors")
