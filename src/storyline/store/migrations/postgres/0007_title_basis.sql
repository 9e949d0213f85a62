-- Storyline store (PostgreSQL), schema 7: how each document's title was decided (readers.headline): headline (a .txt first line
-- judged a headline), lead (judged to have no title line: the first paragraph stays in the text), forced
-- (--title-line yes|no), metadata (a record's title field or an HTML page's title); NULL for no title and no
-- decision, and for documents stored before this migration.
ALTER TABLE documents ADD COLUMN title_basis TEXT;
