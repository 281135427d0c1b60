-- `q` on lists (SPEC §6.1): a case-insensitive substring of names, titles and emails, Cyrillic included. ILIKE
-- '%…%' is served by trigram GIN indexes (pg_trgm); btree_gin lets org_id lead them, so a search reads one
-- organisation's matches only. Both extensions are trusted: the database's owner may create them. Trigrams and
-- ILIKE fold case by the database's LC_CTYPE, which must know Cyrillic (C.UTF-8, ru_RU.UTF-8, en_US.UTF-8 do;
-- plain C does not), as docs/API.md says. Fewer than three characters give no trigram: such a search reads the
-- organisation's rows of the list instead.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE INDEX tasks_title_trgm_idx ON tasks USING gin (org_id, title gin_trgm_ops);
CREATE INDEX users_search_trgm_idx ON users USING gin (org_id, name gin_trgm_ops, email gin_trgm_ops);

-- `sort=due_at` on tasks (SPEC §6.1) over every status: the open-task index is partial. The same index serves the
-- discipline figures' "tasks due in the window" (kpi_series, kpi_tasks_discipline).
CREATE INDEX tasks_due_idx ON tasks (org_id, due_at, id);
