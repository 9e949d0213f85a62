-- Storyline store, schema 11: claims. Quantities per document (the quantities stage), and what the corpus steps
-- `sources` and `claims` compute from the whole store: copy and rewrite clusters, document flags with their
-- evidence, claims with every report, the links between claims, and quantity threads.

-- Every quantity the quantities stage read in a document (storyline.claims.quantities), with whose it is (`holder`:
-- the alpha-2 country the counted thing belongs to, when the text says) and what was counted (`measure`: killed,
-- wounded, displaced ...; NULL for a plain count).
CREATE TABLE quantities (
    pk             INTEGER PRIMARY KEY,
    doc_pk         INTEGER NOT NULL REFERENCES documents(pk),
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    text           TEXT NOT NULL,
    value          REAL NOT NULL,
    low            REAL,
    high           REAL,
    approximation  TEXT NOT NULL,
    unit           TEXT,
    holder         TEXT,
    measure        TEXT,
    run_id         INTEGER NOT NULL REFERENCES runs(id),
    stage          TEXT NOT NULL
);
CREATE INDEX quantities_doc ON quantities(doc_pk);

-- Copy clusters: how a document relates to its cluster's original (copy: the same text; rewrite: the same sentences
-- in other words) and how alike they are. Documents that are no copy keep copy_of = their own id, kind 'original'.
ALTER TABLE document_copies ADD COLUMN kind TEXT NOT NULL DEFAULT 'copy';
ALTER TABLE document_copies ADD COLUMN similarity REAL;

-- Source flags per document (machine_translated, spun, boilerplate_heavy), a likelihood with its evidence spans.
CREATE TABLE document_flags (
    doc_id      TEXT NOT NULL,
    flag        TEXT NOT NULL,
    likelihood  REAL NOT NULL,
    evidence    TEXT NOT NULL,     -- JSON list of {"start", "end", "reason"} into the document's text
    note        TEXT NOT NULL,
    PRIMARY KEY (doc_id, flag)
);

-- One claim: an assertion as one claimant made it, however many articles report it.
CREATE TABLE claims (
    id             INTEGER PRIMARY KEY,
    text           TEXT NOT NULL,     -- the words of its first report
    kind           TEXT NOT NULL,     -- quote | reported | event
    claimant_id    INTEGER,           -- the canonical actor who makes it, when known
    claimant_text  TEXT,              -- the claimant as written ("a senior official"); the outlet when unattributed
    event_id       INTEGER,           -- the event it is about, when there is one
    polarity       TEXT NOT NULL,     -- asserts | denies
    date           TEXT,              -- when it was made (the earliest report's date)
    reports        INTEGER NOT NULL,  -- articles reporting it (claim_reports lists every passage)
    sources        INTEGER NOT NULL,  -- independent sources: copies and rewrites count once, an outlet once
    disputed       INTEGER NOT NULL DEFAULT 0,
    run_id         INTEGER NOT NULL REFERENCES runs(id),
    stage          TEXT NOT NULL
);
CREATE INDEX claims_claimant ON claims(claimant_id);
CREATE INDEX claims_event ON claims(event_id);
CREATE INDEX claims_disputed ON claims(disputed, sources);

-- Every report of a claim: where the words stand, and the quote or event mention they came from.
CREATE TABLE claim_reports (
    claim_id    INTEGER NOT NULL,
    doc_pk      INTEGER NOT NULL REFERENCES documents(pk),
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    quote_pk    INTEGER,
    mention_pk  INTEGER,
    speaker     TEXT,                -- the claimant as this report writes it
    date        TEXT,
    copy_of     TEXT                 -- the original document when this report's document is a copy or rewrite
);
CREATE INDEX claim_reports_claim ON claim_reports(claim_id);
CREATE INDEX claim_reports_doc ON claim_reports(doc_pk);

-- How two claims relate: supports | contradicts, with the reason and the evidence a reader checks.
CREATE TABLE claim_links (
    claim_id   INTEGER NOT NULL,
    other_id   INTEGER NOT NULL,
    relation   TEXT NOT NULL,
    reason     TEXT NOT NULL,
    evidence   TEXT NOT NULL,
    PRIMARY KEY (claim_id, other_id, relation)
);
CREATE INDEX claim_links_other ON claim_links(other_id);

-- The stable keys (first report's doc:start:end) a claim has been known by, so that a later run keeps its id.
CREATE TABLE claim_keys (
    key       TEXT PRIMARY KEY,
    claim_id  INTEGER NOT NULL
);

-- Quantity threads: one counted thing (unit, holder, measure) as different claimants report it over time.
CREATE TABLE quantity_threads (
    id       INTEGER PRIMARY KEY,
    label    TEXT NOT NULL,
    unit     TEXT NOT NULL,
    holder   TEXT,
    measure  TEXT,
    reports  INTEGER NOT NULL,
    sources  INTEGER NOT NULL
);
CREATE TABLE quantity_reports (
    thread_id      INTEGER NOT NULL,
    quantity_pk    INTEGER NOT NULL,
    claim_id       INTEGER,
    claimant_id    INTEGER,
    claimant_text  TEXT,
    date           TEXT
);
CREATE INDEX quantity_reports_thread ON quantity_reports(thread_id);

DELETE FROM corpus_state WHERE step = 'events';
