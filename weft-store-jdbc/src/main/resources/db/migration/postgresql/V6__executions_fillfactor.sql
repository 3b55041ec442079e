-- An execution's row is updated at every step commit (status, lease expiry, times). With full pages each
-- update wrote a new row version elsewhere and a new entry in each of the table's indexes, whose dead
-- entries then slowed the claim's index walks until vacuum came by. With room left on each page the
-- updates that change no indexed column (every step commit but the first and the last) stay on the page
-- as heap-only tuples: no index writes, and the dead versions are pruned as the page is next read.
ALTER TABLE executions SET (fillfactor = 50);
ALTER TABLE steps SET (fillfactor = 70);
