-- Storyline store, schema 1. Every finding row knows its run and stage.
CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    started       TEXT NOT NULL,
    finished      TEXT,
    status        TEXT NOT NULL,          -- running | completed | failed | interrupted
    config_hash   TEXT NOT NULL,
    code_version  TEXT NOT NULL,
    model         TEXT NOT NULL,
    settings      TEXT NOT NULL,          -- JSON
    inputs        TEXT NOT NULL,          -- JSON list of the paths given
    added         INTEGER NOT NULL DEFAULT 0,
    unchanged     INTEGER NOT NULL DEFAULT 0,
    rejected      INTEGER NOT NULL DEFAULT 0
);

-- One row per version of a document; (id, content_hash) makes re-ingesting the same content a no-op.
CREATE TABLE documents (
    pk                    INTEGER PRIMARY KEY,
    id                    TEXT NOT NULL,
    version               INTEGER NOT NULL,
    content_hash          TEXT NOT NULL,
    title                 TEXT,
    source                TEXT,
    url                   TEXT,
    author                TEXT,
    published             TEXT,
    published_basis       TEXT,
    published_confidence  REAL,
    text                  TEXT NOT NULL,  -- the clean body every offset indexes into
    flags                 TEXT NOT NULL,  -- JSON list
    removed               TEXT NOT NULL,  -- JSON list of the leftovers taken out, verbatim
    source_path           TEXT NOT NULL,
    line                  INTEGER,
    tokens                INTEGER NOT NULL,
    run_id                INTEGER NOT NULL REFERENCES runs(id),
    stage                 TEXT NOT NULL,
    UNIQUE (id, content_hash),
    UNIQUE (id, version)
);

CREATE TABLE sentences (
    doc_pk  INTEGER NOT NULL REFERENCES documents(pk),
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    run_id  INTEGER NOT NULL REFERENCES runs(id),
    stage   TEXT NOT NULL
);
CREATE INDEX sentences_doc ON sentences(doc_pk);

-- Named entities per surface name for now: key = type|normalised name.
CREATE TABLE entities (
    id    INTEGER PRIMARY KEY,
    key   TEXT NOT NULL UNIQUE,
    name  TEXT NOT NULL,
    type  TEXT NOT NULL
);

-- Every entity-like mention spaCy found, value mentions (DATE, MONEY, ...) included with entity_id NULL.
CREATE TABLE mentions (
    pk         INTEGER PRIMARY KEY,
    doc_pk     INTEGER NOT NULL REFERENCES documents(pk),
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    label      TEXT NOT NULL,
    entity_id  INTEGER REFERENCES entities(id),
    run_id     INTEGER NOT NULL REFERENCES runs(id),
    stage      TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc_pk);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE rejected (
    pk       INTEGER PRIMARY KEY,
    run_id   INTEGER NOT NULL REFERENCES runs(id),
    source   TEXT NOT NULL,
    line     INTEGER,
    reason   TEXT NOT NULL,
    detail   TEXT NOT NULL
);

CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='pk');
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
