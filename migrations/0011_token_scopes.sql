-- Scoped tokens with an expiry (SPEC §6.1): what a token may be used for, and until when. Existing tokens keep
-- everything their user may do (`*`) and never expire, as before.
ALTER TABLE api_tokens
    ADD COLUMN name       text CHECK (char_length(name) BETWEEN 1 AND 200),
    ADD COLUMN scopes     text[] NOT NULL DEFAULT '{*}'
        CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['*', 'read', 'call_logs:write', 'crm_events:write', 'reports:write']),
    ADD COLUMN expires_at timestamptz;
COMMENT ON COLUMN api_tokens.name IS 'What the token is for, e.g. "Telephony (Mango)"; set by its issuer.';
COMMENT ON COLUMN api_tokens.scopes IS 'What the token may be used for: * (everything its user may do), read (every GET), call_logs:write, crm_events:write, reports:write. The route table says which scope each route needs.';
COMMENT ON COLUMN api_tokens.expires_at IS 'After this instant the token answers 401 token_expired; NULL: it does not expire.';

CREATE OR REPLACE FUNCTION token_json(t api_tokens) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', t.id, 'user_id', t.user_id, 'name', t.name, 'scopes', t.scopes,
                             'expires_at', t.expires_at, 'created_at', t.created_at)
$$;
