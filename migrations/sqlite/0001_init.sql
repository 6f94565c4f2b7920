-- pandu schema, SQLite. Times are Unix milliseconds (UTC).

CREATE TABLE conversations (
    channel     TEXT    NOT NULL,
    chat_id     TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (channel, chat_id)
);

-- Every inbound message id seen, recorded in the transaction that handled it.
CREATE TABLE inbox (
    channel      TEXT    NOT NULL,
    message_id   TEXT    NOT NULL,
    chat_id      TEXT    NOT NULL,
    received_at  INTEGER NOT NULL,
    PRIMARY KEY (channel, message_id)
);

-- Replies waiting for delivery (the transactional outbox).
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    channel     TEXT    NOT NULL,
    chat_id     TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    sent_at     INTEGER
);
CREATE INDEX outbox_pending ON outbox (channel, chat_id, id) WHERE sent_at IS NULL;

-- Helpdesk cases.
CREATE TABLE cases (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    reference    TEXT    NOT NULL UNIQUE,
    channel      TEXT    NOT NULL,
    chat_id      TEXT    NOT NULL,
    queue        TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    fields       TEXT    NOT NULL,
    attachments  TEXT    NOT NULL,
    summary      TEXT    NOT NULL,
    transcript   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX cases_by_user ON cases (channel, chat_id, status);
CREATE INDEX cases_by_queue ON cases (queue, status);
