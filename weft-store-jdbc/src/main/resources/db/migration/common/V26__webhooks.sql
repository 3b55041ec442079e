-- Outbound webhooks (docs/design/outbound-webhooks.md): endpoints, the messages sent to them, one delivery per
-- message and endpoint (a due row claimed with a lease, like an execution), every attempt, and the tenants'
-- own event types. JSON is TEXT, instants are epoch milliseconds, booleans are BOOLEAN (0 or 1 on SQLite).
-- Partial indexes name their statuses as literals, and the store's queries repeat them word for word: both
-- databases use a partial index only for a query whose condition contains the index's own.

-- events is a JSON array of types and patterns, headers a JSON object; the signing secrets are in the vault.
CREATE TABLE webhook_endpoints (
    tenant_id             TEXT    NOT NULL,
    id                    TEXT    NOT NULL,
    url                   TEXT    NOT NULL,
    description           TEXT,
    events                TEXT    NOT NULL,
    filter_expression     TEXT,
    headers               TEXT    NOT NULL,
    rate_limit            INTEGER,
    concurrency           INTEGER,
    enabled               BOOLEAN NOT NULL,
    disabled_reason       TEXT,
    secret_version        INTEGER NOT NULL,
    previous_secret_until BIGINT,
    failing_since         BIGINT,
    created_at            BIGINT  NOT NULL,
    updated_at            BIGINT  NOT NULL,
    version               BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- The body is fixed when the message is written: every retry and replay sends the same bytes.
CREATE TABLE webhook_messages (
    tenant_id   TEXT   NOT NULL,
    id          TEXT   NOT NULL,
    event_type  TEXT   NOT NULL,
    event_id    TEXT,
    body        TEXT   NOT NULL,
    occurred_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- Retention: old messages that no delivery refers to any more.
CREATE INDEX webhook_messages_by_occurred ON webhook_messages (occurred_at);

-- Ids are dlv_ and a time-ordered id, so the id is also the order of creation.
CREATE TABLE webhook_deliveries (
    tenant_id     TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    endpoint_id   TEXT    NOT NULL,
    message_id    TEXT    NOT NULL,
    event_type    TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    attempts      INTEGER NOT NULL,
    round         INTEGER NOT NULL,
    due_at        BIGINT,
    last_status   INTEGER,
    last_error    TEXT,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    lease_owner   TEXT,
    lease_until   BIGINT,
    lease_version BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- One delivery per message and endpoint: the fan-out's "insert if absent", and a message's deliveries.
CREATE UNIQUE INDEX webhook_deliveries_by_message ON webhook_deliveries (tenant_id, message_id, endpoint_id);
-- An endpoint's deliveries, newest first, in pages (the id is the cursor).
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (tenant_id, endpoint_id, id);
-- Lease renewals and releases name deliveries by id alone, across tenants; an id never changes, so this
-- index is written once per delivery (an index on the lease owner would be written at every claim).
CREATE UNIQUE INDEX webhook_deliveries_by_id ON webhook_deliveries (id);
-- The claim: pending deliveries, oldest due first.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (due_at) WHERE status = 'pending';
-- The backlog: pending deliveries per endpoint, and the oldest one's age.
CREATE INDEX webhook_deliveries_backlog ON webhook_deliveries (tenant_id, endpoint_id, created_at)
    WHERE status = 'pending';
-- Retention: finished deliveries by when they finished.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (updated_at) WHERE status <> 'pending';

-- request_headers is a JSON object, with secrets redacted before it gets here.
CREATE TABLE webhook_attempts (
    tenant_id       TEXT    NOT NULL,
    delivery_id     TEXT    NOT NULL,
    attempt         INTEGER NOT NULL,
    endpoint_id     TEXT    NOT NULL,
    message_id      TEXT    NOT NULL,
    started_at      BIGINT  NOT NULL,
    latency_ms      BIGINT  NOT NULL,
    request_headers TEXT    NOT NULL,
    response_status INTEGER,
    response_body   TEXT,
    error           TEXT,
    succeeded       BOOLEAN NOT NULL,
    PRIMARY KEY (tenant_id, delivery_id, attempt)
);

-- A tenant's own event types; the platform's are not rows (they ship with weft-outbound).
CREATE TABLE event_types (
    tenant_id   TEXT   NOT NULL,
    type        TEXT   NOT NULL,
    description TEXT,
    json_schema TEXT   NOT NULL,
    example     TEXT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, type)
);
