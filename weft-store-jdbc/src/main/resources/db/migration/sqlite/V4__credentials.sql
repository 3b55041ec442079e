-- The vault's sealed credentials: secret fields only as ciphertext, under a data key that is itself
-- stored wrapped by the master key. Apart from the binary type (BLOB), the same as the other dialect's.
CREATE TABLE credentials (
    tenant_id   TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    metadata    TEXT,
    ciphertext  BLOB    NOT NULL,
    wrapped_key BLOB    NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, name)
);
