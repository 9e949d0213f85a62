-- Storyline store, schema 4: quotes. Written per document by the quotes stage; every span indexes documents.text.

-- One row per quote: direct (the words inside the marks) or indirect (the reported clause).
CREATE TABLE quotes (
    pk              INTEGER PRIMARY KEY,
    doc_pk          INTEGER NOT NULL REFERENCES documents(pk),
    start           INTEGER NOT NULL,
    end             INTEGER NOT NULL,
    text            TEXT NOT NULL,     -- documents.text[start:end]
    kind            TEXT NOT NULL,     -- direct | indirect
    cue             TEXT,              -- the verb or phrase that attributes it: said, told, according to ...
    cue_start       INTEGER,
    cue_end         INTEGER,
    speaker_start   INTEGER,           -- the speaker as written: "He", "the embassy", "Kremlin spokesman ..."
    speaker_end     INTEGER,
    speaker_text    TEXT,
    resolved_start  INTEGER,           -- the mention the speaker refers to (a name, or an earlier description)
    resolved_end    INTEGER,
    resolved_text   TEXT,
    named           INTEGER NOT NULL,  -- 1: a named actor; 0: anonymous or unresolved description
    date            TEXT,              -- the cue's date (TimeML value, day precision at most), else the document's
    date_start      INTEGER,           -- the cue's time expression, when it has one
    date_end        INTEGER,
    date_source     TEXT,              -- cue | document | NULL
    medium          TEXT,              -- statement, interview, Twitter, press conference, ...
    run_id          INTEGER NOT NULL REFERENCES runs(id),
    stage           TEXT NOT NULL
);
CREATE INDEX quotes_doc ON quotes(doc_pk);
