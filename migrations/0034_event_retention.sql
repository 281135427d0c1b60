-- The event feed keeps 90 days (SPEC §6.3 leaves it open; docs/API.md says why 90). Each scheduler pass deletes an
-- organisation's older events, a bounded batch at a time, and records in event_horizons the last position it
-- deleted, so that GET /v1/events can tell a client whose cursor lies before it that it has missed events (410
-- cursor_expired) instead of skipping them silently.
CREATE INDEX events_created_idx ON events (org_id, created_at);

CREATE TABLE event_horizons (
    org_id     uuid PRIMARY KEY REFERENCES orgs (org_id),
    txid       xid8 NOT NULL,
    seq        bigint NOT NULL,
    pruned_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE event_horizons IS 'Per organisation, the greatest (txid, seq) of the events deleted for age: a feed cursor at or before it has missed events.';
