-- Storyline store (PostgreSQL), schema 12: indexes in the order the API's and the CLI's lists are read, so that a page of the
-- first rows is read off an index instead of sorting the whole table (measured on a store of 10,000 articles:
-- docs/benchmarks.md, "Web app and API at 10,000 articles"), the documents list's filters read off an index instead
-- of the documents' rows, and the actor profile's roles by actor.

-- the newest versions with their outlet and date (store.documents: filters on source and published)
CREATE INDEX documents_listing ON documents(id, version, source, published);

-- events in timeline order (store/events.py: ORDER BY e.date IS NULL, e.date, e.id), all and the story's only
CREATE INDEX events_timeline ON events((date IS NULL), date, id);
CREATE INDEX events_story_timeline ON events(in_story, (date IS NULL), date, id);

-- claims, the most independently reported first (store/claims.py: ORDER BY sources DESC, reports DESC, date, id),
-- all and the disputed only (this one replaces the index on (disputed, sources))
CREATE INDEX claims_rank ON claims(sources DESC, reports DESC, date, id);
DROP INDEX claims_disputed;
CREATE INDEX claims_disputed ON claims(disputed, sources DESC, reports DESC, date, id);

-- actors, the most mentioned first (store/actors.py: ORDER BY mentions DESC, name, id), all and by type
CREATE INDEX actors_rank ON actors(mentions DESC, name, id);
CREATE INDEX actors_type_rank ON actors(type, mentions DESC, name, id);

-- the roles stated for one actor (actor_roles_of: the actor profile)
CREATE INDEX actor_roles_actor ON actor_roles(actor_id);
