-- A tenant's own quota of stored bytes (its blobs); null for the server's default.
ALTER TABLE tenants ADD COLUMN max_stored_bytes BIGINT;
