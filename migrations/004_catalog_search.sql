-- Catalog search without per-row text processing: a stored tsvector, and typo matching on the short names.
ALTER TABLE services ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX services_search_tsv ON services USING gin (search_tsv);
DROP INDEX services_search_fts;
CREATE INDEX services_names_trgm ON services USING gin ((lower(name_id || ' ' || name_en)) gin_trgm_ops);
