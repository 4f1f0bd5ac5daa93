-- The records kin made or rewrote (no stored GEDCOM text), for export to
-- give them identifiers without reading every record. Partial, so records
-- imported from GEDCOM are not in it.
CREATE INDEX records_made ON records (tree_id, seq) WHERE gedcom IS NULL;
