-- Refresh tokens revoked by logging out, by their JWT id, kept until they would have expired anyway.
CREATE TABLE revoked_refresh_tokens (
    jti     VARCHAR(64) PRIMARY KEY,
    expires TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX revoked_refresh_tokens_expires_idx ON revoked_refresh_tokens (expires);
