-- Encryption at rest (see src/vault.rs): the texts holding personal data are sealed in their
-- columns. Equality lookups use keyed hashes of a case's identifiers, never the plaintext.
CREATE TABLE case_lookups (
    reference   TEXT    NOT NULL,
    -- nik or nip
    kind        TEXT    NOT NULL,
    -- HMAC-SHA-256 of the identifier's digits under the data key, hex
    digest      TEXT    NOT NULL,
    PRIMARY KEY (reference, kind, digest)
);
CREATE INDEX case_lookups_by_digest ON case_lookups (kind, digest);

-- A WhatsApp user's address is their phone number: chats are known by a random pseudonym,
-- the number is kept sealed (to send to) and as a keyed hash (to recognise the sender).
CREATE TABLE contacts (
    channel     TEXT    NOT NULL,
    chat_id     TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    lookup      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (channel, chat_id)
);
CREATE UNIQUE INDEX contacts_by_lookup ON contacts (channel, lookup);

-- Changes to stored data that SQL cannot make (they need the keys), made once at start.
CREATE TABLE data_upgrades (
    name        TEXT    NOT NULL PRIMARY KEY,
    done_at     INTEGER NOT NULL
);

-- The audit log is append-only.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
