-- Authentication without a query per request: each instance keeps who a token is for a moment
-- (auth/principal_cache.h) and drops all of it when told, here, that authentication changed somewhere. NOTIFY is
-- delivered at commit, to every instance listening on salesctl_auth; the payload names the organisation. What
-- changes who a token is: its revocation or expiry, its user's role, status (dismissal) or team, a team's head.
-- A session's sliding idle expiry moving on is not among them (it moves on use and would clear every cache every
-- minute); brought forward, it is. A token reaching its expiry time is seen by the cache at most
-- SALESCTL_AUTH_CACHE_MS late.
CREATE FUNCTION auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('salesctl_auth', coalesce(NEW.org_id, OLD.org_id)::text);
    RETURN NULL;
END $$;

CREATE TRIGGER api_tokens_auth_changed AFTER UPDATE OF revoked_at, expires_at, idle_expires_at, token_hash ON api_tokens
    FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
                       OR NEW.idle_expires_at < OLD.idle_expires_at OR OLD.token_hash IS DISTINCT FROM NEW.token_hash)
    EXECUTE FUNCTION auth_changed();
CREATE TRIGGER api_tokens_auth_deleted AFTER DELETE ON api_tokens FOR EACH ROW EXECUTE FUNCTION auth_changed();
CREATE TRIGGER users_auth_changed AFTER UPDATE OF role, status, team_id ON users
    FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.status IS DISTINCT FROM NEW.status
                       OR OLD.team_id IS DISTINCT FROM NEW.team_id)
    EXECUTE FUNCTION auth_changed();
CREATE TRIGGER teams_auth_changed AFTER UPDATE OF head_id ON teams
    FOR EACH ROW WHEN (OLD.head_id IS DISTINCT FROM NEW.head_id) EXECUTE FUNCTION auth_changed();
