-- Storyline store, schema 5: events. Mentions are written per document by the events stage; the corpus step
-- `events` links their participants to canonical actors, finds syndicated copies and merges the mentions of one
-- real event across documents into `events` (ids kept across runs through event_keys).

-- One row per event mention: the trigger (documents.text[start:end]) in the clause clause_start:clause_end.
CREATE TABLE event_mentions (
    pk              INTEGER PRIMARY KEY,
    doc_pk          INTEGER NOT NULL REFERENCES documents(pk),
    start           INTEGER NOT NULL,
    end             INTEGER NOT NULL,
    text            TEXT NOT NULL,
    lemma           TEXT NOT NULL,
    type            TEXT NOT NULL,     -- PLOVER event type: CONSULT, ASSAULT, ...
    mode            TEXT,              -- phone call, visit, meeting, military exercise, ...
    status          TEXT NOT NULL,     -- occurred | planned | cancelled | denied | negated | hypothetical
    cue             TEXT,              -- the word that set the status
    clause_start    INTEGER NOT NULL,
    clause_end      INTEGER NOT NULL,
    date            TEXT,              -- TimeML value when the stage ran (the corpus step re-reads it)
    date_end        TEXT,
    date_precision  TEXT,              -- day | week | month | year
    date_source     TEXT,              -- timex | document
    time_start      INTEGER,           -- the event's own time expression, when it has one
    time_end        INTEGER,
    vector          BLOB,              -- float16 embedding of the clause, for merging across documents
    event_id        INTEGER,           -- set by the corpus step
    run_id          INTEGER NOT NULL REFERENCES runs(id),
    stage           TEXT NOT NULL
);
CREATE INDEX event_mentions_doc ON event_mentions(doc_pk);
CREATE INDEX event_mentions_event ON event_mentions(event_id);

-- Who or where a mention involves: actor | target | location | reporter, as written and as the actor mention it
-- refers to (ref_start:ref_end in the same document).
CREATE TABLE event_participants (
    pk          INTEGER PRIMARY KEY,
    mention_pk  INTEGER NOT NULL REFERENCES event_mentions(pk),
    role        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    ref_start   INTEGER,
    ref_end     INTEGER,
    actor_id    INTEGER             -- set by the corpus step
);
CREATE INDEX event_participants_mention ON event_participants(mention_pk);

-- One row per real event, recomputed by the corpus step after each run.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    type            TEXT NOT NULL,
    mode            TEXT,
    status          TEXT NOT NULL,
    date            TEXT,
    date_end        TEXT,
    date_precision  TEXT,
    actors          TEXT NOT NULL,     -- JSON list of actor ids
    targets         TEXT NOT NULL,     -- JSON list of actor ids
    location        INTEGER,           -- actor id of the place
    summary         TEXT NOT NULL,
    mentions        INTEGER NOT NULL,
    sources         INTEGER NOT NULL,  -- independent sources: copies of one article count once
    run_id          INTEGER NOT NULL REFERENCES runs(id),
    stage           TEXT NOT NULL
);

-- The mention keys (document id:start:end) an event has been known by, so that a later run keeps its id.
CREATE TABLE event_keys (
    key       TEXT PRIMARY KEY,
    event_id  INTEGER NOT NULL
);

-- Near-duplicate and syndicated copies (MinHash over word shingles): each document's group is the id of the
-- first document of its copy group; recomputed by the corpus step.
CREATE TABLE document_copies (
    doc_id    TEXT PRIMARY KEY,
    copy_of   TEXT NOT NULL
);
