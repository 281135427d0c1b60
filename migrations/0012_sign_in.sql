-- Sign-in (SPEC §6.1): passwords, sessions, invitations and the throttle of failed attempts.

-- A session is a bearer token minted by signing in: it expires when unused for SALESCTL_SESSION_TTL (sliding) and
-- 30 days after sign-in whatever happens (absolute, expires_at), and is revoked by signing out or a password change.
ALTER TABLE api_tokens
    ADD COLUMN kind            text NOT NULL DEFAULT 'token' CHECK (kind IN ('token', 'session')),
    ADD COLUMN idle_expires_at timestamptz;
COMMENT ON COLUMN api_tokens.kind IS 'token: issued by POST /v1/users/{id}/tokens; session: minted by signing in.';
COMMENT ON COLUMN api_tokens.idle_expires_at IS 'Sessions only: when the session ends if unused; each use moves it on (at most once a minute) up to expires_at.';

CREATE TABLE user_credentials (
    org_id        uuid NOT NULL,
    user_id       uuid NOT NULL,
    password_hash text NOT NULL,
    changed_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, user_id),
    CONSTRAINT user_credentials_user_fk FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);
COMMENT ON TABLE user_credentials IS 'Passwords of the users who have one, as Argon2id encoded strings (src/auth/password.c); never the password itself.';

-- Sign-in is the one lookup that precedes tenancy: an email names its user before the organisation is known. Emails
-- are unique within an organisation only, so the same email may sign in to several (the body's org_id chooses).
-- In a distributed database this index's table is the directory that routes sign-ins (docs/SCALING.md).
CREATE INDEX users_sign_in_idx ON users (lower(email)) WHERE status = 'active';

-- Failed sign-ins per email, for the throttle (5 within 15 minutes, then 429 for the rest of the 15 minutes). Keyed
-- by the SHA-256 of the lower-cased email, whether or not any user has it, so that the throttle tells nothing about
-- which emails exist; like instance_secrets, it belongs to no organisation.
CREATE TABLE sign_in_throttle (
    email_hash text PRIMARY KEY,
    failures   integer NOT NULL,
    since      timestamptz NOT NULL
);
COMMENT ON TABLE sign_in_throttle IS 'Failed sign-ins per hashed email since the start of the current 15-minute window.';

CREATE TABLE invitations (
    org_id      uuid NOT NULL REFERENCES orgs (org_id),
    id          uuid NOT NULL,
    user_id     uuid NOT NULL,
    token_hash  text NOT NULL,
    created_by  uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    PRIMARY KEY (org_id, id),
    CONSTRAINT invitations_user_fk FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);
COMMENT ON TABLE invitations IS 'A one-time link for a member to set a password: 72 h, single use. Only the SHA-256 of the invite token is stored.';
-- Serves POST /v1/invitations/accept (the token names its organisation).
CREATE UNIQUE INDEX invitations_hash_key ON invitations (org_id, token_hash);
