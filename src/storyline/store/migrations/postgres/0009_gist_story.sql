-- Storyline store (PostgreSQL), schema 9: each event mention's gist (its clause cut to a headline in its own words, set by the
-- events stage; NULL for mentions stored before this schema) and whether an event belongs in the story a reader
-- follows (events.in_story, set by the corpus step `events`: storyline.events.story.in_story). Events stored before
-- keep the old rule (an actor named, status not hypothetical or negated) until the step runs again, which the next
-- run makes it do.
ALTER TABLE event_mentions ADD COLUMN gist TEXT;
ALTER TABLE events ADD COLUMN in_story INTEGER NOT NULL DEFAULT 0;
UPDATE events SET in_story = (EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = events.id AND a.role = 'actor')
                              AND status NOT IN ('hypothetical', 'negated'))::integer;
CREATE INDEX events_in_story ON events(in_story);
DELETE FROM corpus_state WHERE step IN ('actors', 'events');
