-- WhatsApp's 24-hour customer-service window: free-form messages may go only within 24 hours of
-- the user's last message; after that, an approved template invites the user back and the
-- replies wait until the user writes.

-- When the user last wrote (the platform's time of their message), when the platform last said
-- the window had closed (a message refused for it), and when the user was last invited back.
ALTER TABLE conversations ADD COLUMN last_user_at INTEGER;
ALTER TABLE conversations ADD COLUMN window_closed_at INTEGER;
ALTER TABLE conversations ADD COLUMN invited_at INTEGER;

-- A reply waiting for its user to write again: not sent, and its chat's later replies wait
-- behind it. Released by the user's next message.
ALTER TABLE outbox ADD COLUMN held_at INTEGER;
