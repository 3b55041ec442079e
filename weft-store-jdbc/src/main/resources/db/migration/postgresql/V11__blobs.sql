-- The blob store (docs/design/blobs.md): bytes kept once per tenant under their SHA-256, in chunks of at
-- most 1 MiB so that no value is held whole in memory. A blobs row is written after all of its chunks, so
-- a blob that has a row is complete. Nothing deletes blobs yet (no garbage collection or retention).
CREATE TABLE blobs (
    tenant_id    TEXT   NOT NULL,
    hash         TEXT   NOT NULL,
    size         BIGINT NOT NULL,
    content_type TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, hash)
);

CREATE TABLE blob_chunks (
    tenant_id TEXT    NOT NULL,
    hash      TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    data      BYTEA   NOT NULL,
    PRIMARY KEY (tenant_id, hash, seq)
);
-- Out of line without compression: blobs are mostly compressed already (PDF, images, archives), and
-- compressing them again costs CPU for nothing.
ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
