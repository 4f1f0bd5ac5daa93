-- Packed posting lists (name_postings.list) of version 2 hold their
-- postings sorted by subject, in the order people read IDs ("I2" before
-- "I10"), so that name search reads the lists of a query's words side by
-- side and stops at the first matches. After this file, the migration
-- rewrites the lists of version 1, kept in the order they were written
-- (sqlstore.Store.SortNamePostings, run by Go in the same transaction).
SELECT 1;
