-- Dialect-specific (see src/dialect.rs): full-text index over the folded search text. The
-- 'simple' configuration neither stems nor drops stop words, which suits Vietnamese syllables;
-- the text is folded in Rust, so no unaccent extension is needed. Queries must use the same
-- expression, to_tsvector('simple', search_text), for the index to apply.
CREATE INDEX procedure_version_search_idx ON procedure_version
    USING GIN (to_tsvector('simple', search_text));
