-- Storyline store, schema 2: time. Expressions are written per document by the time stage; the corpus step
-- `dating` infers missing publication dates and re-resolves the expressions of the documents it dated.

-- One row per time expression; value is resolved against `anchor` (the document date, NULL when unknown).
CREATE TABLE timexes (
    pk       INTEGER PRIMARY KEY,
    doc_pk   INTEGER NOT NULL REFERENCES documents(pk),
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    text     TEXT NOT NULL,            -- documents.text[start:end]
    type     TEXT NOT NULL,            -- DATE | TIME | DURATION | SET (TimeML)
    value    TEXT NOT NULL,            -- TimeML value: 2022-02-01, 2022-W05, P3Y, PRESENT_REF, A/B for a range
    kind     TEXT NOT NULL,            -- day | week | month | ... | range | duration | vague | unresolved
    mod      TEXT,                     -- START | MID | END (early, mid, late)
    tense    TEXT,                     -- past | present | future of its clause
    signal   TEXT,                     -- the preposition before it: since, until, by, over ...
    anchor   TEXT,                     -- the document date the value was resolved against
    spec     TEXT NOT NULL,            -- JSON: what it means, to resolve it again against another anchor
    context  TEXT NOT NULL,            -- JSON: content lemmas of its sentence, to match it across documents
    parts    TEXT,                     -- JSON [[start, end], [start, end]]: the two ends of a range
    run_id   INTEGER NOT NULL REFERENCES runs(id),
    stage    TEXT NOT NULL
);
CREATE INDEX timexes_doc ON timexes(doc_pk);

-- Dates a user pinned (`analyze --published`) or bounded (`analyze --between`), by document id; they outlive
-- new versions of the document and later runs.
CREATE TABLE date_pins (
    doc_id     TEXT PRIMARY KEY,
    published  TEXT,                   -- the date the user gave
    earliest   TEXT,                   -- the window the user gave
    latest     TEXT,
    run_id     INTEGER NOT NULL REFERENCES runs(id)
);

-- How the newest version of each document got its date: metadata, a pin, or inference (with its evidence).
CREATE TABLE datings (
    doc_pk      INTEGER PRIMARY KEY REFERENCES documents(pk),
    published   TEXT,
    basis       TEXT,                  -- metadata | pinned | inferred | NULL (no date)
    confidence  REAL,
    best_day    TEXT,                  -- the most likely day, even when only a month or year is sure enough
    evidence    TEXT NOT NULL,         -- JSON list of the reasons, strongest first
    run_id      INTEGER NOT NULL REFERENCES runs(id),
    stage       TEXT NOT NULL
);
