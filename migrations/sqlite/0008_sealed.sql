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

-- The audit log is append-only.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
