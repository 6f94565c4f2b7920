-- The agents' desk: agents and roles, which Telegram group serves each queue, case ownership
-- and forum topics, everything that happens on a case, and an audit log.

CREATE TABLE agents (
    channel     TEXT    NOT NULL,
    user_id     TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    -- agent, supervisor or admin
    role        TEXT    NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (channel, user_id)
);

-- The agents' group (a forum supergroup) of each queue; several queues may share one.
CREATE TABLE desk_queues (
    queue       TEXT    NOT NULL PRIMARY KEY,
    channel     TEXT    NOT NULL,
    chat_id     TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- Who owns the conversation of an open case: NULL while it waits, else the agent's user id.
ALTER TABLE cases ADD COLUMN owner TEXT;
ALTER TABLE cases ADD COLUMN owner_name TEXT;
-- The case's forum topic: the group and the topic's thread id.
ALTER TABLE cases ADD COLUMN topic_chat TEXT;
ALTER TABLE cases ADD COLUMN topic_thread TEXT;
-- The language of the user, for what the desk tells them.
ALTER TABLE cases ADD COLUMN lang TEXT NOT NULL DEFAULT 'id';
ALTER TABLE cases ADD COLUMN first_response_at INTEGER;
ALTER TABLE cases ADD COLUMN resolved_at INTEGER;
-- Late-case alerts sent: 1 to the group, 2 also to supervisors.
ALTER TABLE cases ADD COLUMN sla_alerts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN rating INTEGER;
ALTER TABLE cases ADD COLUMN rating_comment TEXT;
-- Optimistic version, so that two agents acting at once cannot both win.
ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX cases_by_topic ON cases (topic_chat, topic_thread);

-- Everything that happened on a case, in order: user and agent messages, notes, claims,
-- transfers, status changes. `relayed_at` is set when a user message reached the topic.
CREATE TABLE case_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    reference   TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    relayed_at  INTEGER
);
CREATE INDEX case_events_by_case ON case_events (reference, id);

-- Who saw or did what with personal data (NIK reveals) and with the desk's settings.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    reference   TEXT,
    detail      TEXT    NOT NULL
);

-- Canned replies per queue, in each language, inserted by short name.
CREATE TABLE canned_replies (
    queue       TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    lang        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (queue, name, lang)
);

-- Days the desk is closed (YYYY-MM-DD, in WIB).
CREATE TABLE holidays (
    day         TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL
);
