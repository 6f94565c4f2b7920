-- Several pandu processes on one database.

-- Who claimed a reply for a request under way (a process's random id) and until when the claim
-- holds (Unix ms). The owner renews its claims while it runs; a claim left by a process that
-- died expires, and another process sends the reply again.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claim_until INTEGER;
CREATE INDEX outbox_claimed ON outbox (channel, claim_until)
    WHERE attempted_at IS NOT NULL AND sent_at IS NULL AND failed_at IS NULL;

-- The oldest of a chat's messages (by the platform's sequence: Telegram's update_id) whose
-- handling failed, and when: later messages of the chat wait for it, in any process.
ALTER TABLE conversations ADD COLUMN behind_seq INTEGER;
ALTER TABLE conversations ADD COLUMN behind_since INTEGER;

-- The delivery workers alive, per channel: each says it is alive every few seconds. Chats are
-- shared out among them, and so is the platform's overall sending rate.
CREATE TABLE workers (
    channel TEXT NOT NULL,
    id TEXT NOT NULL,
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (channel, id)
);
