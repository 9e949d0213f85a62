-- Storyline store, schema 3: actors. Mentions and roles are written per document by the actors stage; the
-- actors themselves (clusters across documents) are recomputed by the corpus step `actors` after each run.

-- One row per actor mention: a named mention (repaired where needed) or a title-only mention of a person.
CREATE TABLE actor_mentions (
    pk        INTEGER PRIMARY KEY,
    doc_pk    INTEGER NOT NULL REFERENCES documents(pk),
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    text      TEXT NOT NULL,            -- documents.text[start:end]
    name      TEXT NOT NULL,            -- the name it gives (no "the", no "'s")
    kind      TEXT NOT NULL,            -- person | organization | location | group | other
    label     TEXT NOT NULL,            -- spaCy label, or TITLE
    chain     INTEGER NOT NULL,         -- mentions of one actor within the document share a chain
    usage     TEXT NOT NULL,            -- name | surname | title | place | agent | government | demonym
    place     TEXT,                     -- gazetteer key (country:UA, city:703448) or gov:RU
    country   TEXT,                     -- ISO alpha-2
    repaired  INTEGER NOT NULL DEFAULT 0,
    actor_id  INTEGER,                  -- set by the corpus step
    run_id    INTEGER NOT NULL REFERENCES runs(id),
    stage     TEXT NOT NULL
);
CREATE INDEX actor_mentions_doc ON actor_mentions(doc_pk, chain);
CREATE INDEX actor_mentions_actor ON actor_mentions(actor_id);

-- Roles and affiliations stated in a document for the actor of (doc_pk, chain), with the phrase's span.
CREATE TABLE actor_roles (
    pk        INTEGER PRIMARY KEY,
    doc_pk    INTEGER NOT NULL REFERENCES documents(pk),
    chain     INTEGER NOT NULL,
    role      TEXT NOT NULL,
    country   TEXT,
    org       TEXT,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    actor_id  INTEGER,
    run_id    INTEGER NOT NULL REFERENCES runs(id),
    stage     TEXT NOT NULL
);
CREATE INDEX actor_roles_doc ON actor_roles(doc_pk, chain);

-- Canonical actors across documents, recomputed by the corpus step (ids are kept through actor_keys).
CREATE TABLE actors (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    type         TEXT NOT NULL,
    country      TEXT,                  -- ISO alpha-3
    lat          REAL,
    lon          REAL,
    geonames_id  INTEGER,
    place        TEXT,                  -- gazetteer key when the actor is a place or a government
    aliases      TEXT NOT NULL,         -- JSON list
    roles        TEXT NOT NULL,         -- JSON list of {role, count, documents, conflict}
    mentions     INTEGER NOT NULL,
    documents    INTEGER NOT NULL,
    run_id       INTEGER NOT NULL REFERENCES runs(id),
    stage        TEXT NOT NULL
);
CREATE INDEX actors_name ON actors(name);

-- Every key an actor has been known by (a place key, a person's folded name, an organisation's name) and the
-- actor id it had: a later run gives the same real-world actor the same id.
CREATE TABLE actor_keys (
    key       TEXT PRIMARY KEY,
    actor_id  INTEGER NOT NULL
);
