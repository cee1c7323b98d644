-- Tokens of remote kitchen displays (`maydanoz kds token create NAME`): only
-- the SHA-256 of each token is kept, so a copy of the database lets nobody in.
CREATE TABLE kds_tokens (
    name        TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);
