-- Retention of personal data (UU 27/2022): when a finished case had its identifiers (NIK, NIP)
-- and screenshots removed, and when it was anonymised as a whole.
ALTER TABLE cases ADD COLUMN scrubbed_at INTEGER;
ALTER TABLE cases ADD COLUMN anonymised_at INTEGER;
