-- Indexes that let export find, without reading every fact, the imported
-- records whose stored GEDCOM text lacks something: facts that articles
-- and edits added (origin other than 'gedcom') and GEDCOM facts that were
-- superseded. Both are partial, so a tree loaded from GEDCOM alone keeps
-- them empty and imports do not pay for them.
CREATE INDEX facts_added ON facts (tree_id, subject, object, kind, recorded_at) WHERE origin <> 'gedcom';
CREATE INDEX facts_superseded ON facts (tree_id, subject, superseded_at, origin) WHERE superseded_at IS NOT NULL;
