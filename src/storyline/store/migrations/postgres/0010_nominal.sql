-- Storyline store (PostgreSQL), schema 10: whether an event mention's trigger is an event noun no verb tells ("Russia's
-- invasion", not "held talks"), set by the events stage. Such a mention names an event without saying when it
-- happened, so without a time expression of its own it is not placed on the calendar from its publication day
-- (storyline.corpus.events.mention_calendar). NULL for mentions stored before this schema: they keep the estimate
-- until their documents are analysed again. The events step runs again on the next run.
ALTER TABLE event_mentions ADD COLUMN nominal INTEGER;
DELETE FROM corpus_state WHERE step = 'events';
