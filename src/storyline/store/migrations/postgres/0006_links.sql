-- Storyline store (PostgreSQL), schema 6: link tables instead of JSON id lists, so that filters run in SQL with indexes; the
-- quote speaker's actor stored by a corpus step; and what each corpus step last computed, so that a run that adds
-- nothing does no corpus work.

-- Who takes part in an event: role actor | target, in the order the event lists them.
CREATE TABLE event_actors (
    event_id  INTEGER NOT NULL,
    actor_id  INTEGER NOT NULL,
    role      TEXT NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (event_id, role, position)
);
CREATE INDEX event_actors_actor ON event_actors(actor_id, event_id);
INSERT INTO event_actors (event_id, actor_id, role, position)
    SELECT e.id, j.value::integer, 'actor', j.key FROM events e, json_each(e.actors) j;
INSERT INTO event_actors (event_id, actor_id, role, position)
    SELECT e.id, j.value::integer, 'target', j.key FROM events e, json_each(e.targets) j;
ALTER TABLE events DROP COLUMN actors;
ALTER TABLE events DROP COLUMN targets;
CREATE INDEX events_date ON events(date);
CREATE INDEX events_type ON events(type, date);
CREATE INDEX events_location ON events(location);

-- Every name an actor is known by (canonical name and aliases, whitespace collapsed, lower case): `--actor X`.
CREATE TABLE actor_names (
    name      TEXT NOT NULL,
    actor_id  INTEGER NOT NULL,
    PRIMARY KEY (name, actor_id)
);
INSERT INTO actor_names (name, actor_id) SELECT lower(name), id FROM actors ON CONFLICT DO NOTHING;
INSERT INTO actor_names (name, actor_id)
    SELECT lower(j.value), a.id FROM actors a, json_each(a.aliases) j ON CONFLICT DO NOTHING;

-- The canonical actor a quote's speaker is (set by the corpus step `speakers`).
ALTER TABLE quotes ADD COLUMN speaker_id INTEGER;
CREATE INDEX quotes_speaker ON quotes(speaker_id);

CREATE INDEX event_mentions_doc_time ON event_mentions(doc_pk, time_start, time_end);
CREATE INDEX timexes_span ON timexes(doc_pk, start, "end");
CREATE INDEX documents_id ON documents(id, version);

-- What the store held when each corpus step last completed (documents, versions, pins): a step whose inputs
-- have not changed since is not recomputed.
CREATE TABLE corpus_state (
    step         TEXT PRIMARY KEY,
    fingerprint  TEXT NOT NULL,
    run_id       INTEGER NOT NULL,
    finished     TEXT NOT NULL
);
