-- What the platform reports of a delivered message (WhatsApp: sent, delivered, read, failed),
-- and when. A status never goes back (a late "delivered" after "read" is ignored).
ALTER TABLE outbox ADD COLUMN platform_status TEXT;
ALTER TABLE outbox ADD COLUMN platform_status_at BIGINT;
CREATE INDEX outbox_by_platform_id ON outbox (channel, platform_id);
