-- The blob store (docs/design/blobs.md): bytes kept once per tenant under their SHA-256, in chunks of at
-- most 1 MiB so that no value is held whole in memory. A blobs row is written after all of its chunks, so
-- a blob that has a row is complete. Nothing deletes blobs yet (no garbage collection or retention).
CREATE TABLE blobs (
    tenant_id    TEXT    NOT NULL,
    hash         TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    content_type TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, hash)
);

CREATE TABLE blob_chunks (
    tenant_id TEXT    NOT NULL,
    hash      TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    data      BLOB    NOT NULL,
    PRIMARY KEY (tenant_id, hash, seq)
);
