-- Storyline store (PostgreSQL), schema 8: how much each event matters to the story (storyline.events.salience), 0..1, set by
-- the corpus step `events`; NULL until the step runs again on a store made before this schema.
ALTER TABLE events ADD COLUMN salience DOUBLE PRECISION;
CREATE INDEX events_salience ON events(salience);
