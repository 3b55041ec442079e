-- People who sign in (the web UI): local ones with an argon2id hash, never the password; single sign-on
-- ones by their provider's subject.
CREATE TABLE users (
    tenant_id     TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    login         TEXT    NOT NULL,
    password_hash TEXT,
    subject       TEXT,
    role          TEXT    NOT NULL,
    namespaces    TEXT,
    failed_logins INTEGER NOT NULL,
    locked_until  BIGINT,
    created_at    BIGINT  NOT NULL,
    last_login_at BIGINT,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX users_by_login ON users (tenant_id, login);
CREATE UNIQUE INDEX users_by_subject ON users (subject);

-- Signed-in sessions: the row's id is the SHA-256 of the cookie's token, never the token.
CREATE TABLE sessions (
    id         TEXT   NOT NULL PRIMARY KEY,
    tenant_id  TEXT   NOT NULL,
    user_id    TEXT   NOT NULL,
    csrf_hash  TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (tenant_id, user_id);
