-- Delivery state of the outbox, for channels that send over a network (Telegram, WhatsApp).

-- Redraw or page an earlier message instead of sending a new one: the platform's id of the
-- message to edit, and the page of a long option list to show.
ALTER TABLE outbox ADD COLUMN edit_target TEXT;
ALTER TABLE outbox ADD COLUMN page BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN page_only BIGINT NOT NULL DEFAULT 0;
-- How many of the reply's platform messages (long text is split) have been delivered.
ALTER TABLE outbox ADD COLUMN parts_done BIGINT NOT NULL DEFAULT 0;
-- The platform's id of the delivered message that carries the options (for later edits).
ALTER TABLE outbox ADD COLUMN platform_id TEXT;
-- Not before this time (Unix ms): backoff after an error, retry_after after a 429.
ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
-- Set when a request is about to be made, cleared when its answer is recorded. Still set after
-- a crash: the platform may or may not have delivered the message.
ALTER TABLE outbox ADD COLUMN attempted_at BIGINT;
-- Times the reply was re-sent after such a crash (each time it may have arrived once more).
ALTER TABLE outbox ADD COLUMN uncertain_resends BIGINT NOT NULL DEFAULT 0;
-- Given up: the chat is unreachable or the platform refused the message for good.
ALTER TABLE outbox ADD COLUMN failed_at BIGINT;
ALTER TABLE outbox ADD COLUMN last_error TEXT;

DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (channel, chat_id, id) WHERE sent_at IS NULL AND failed_at IS NULL;

-- A user who blocked the bot: nothing is sent until they write again.
ALTER TABLE conversations ADD COLUMN unreachable_at BIGINT;
