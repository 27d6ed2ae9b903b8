-- What the user tracks: categories (`cat`), authors (`au`), raw queries (`q`) and
-- single papers (`id`).
CREATE TABLE tracked (
    kind  TEXT NOT NULL CHECK (kind IN ('cat', 'au', 'q', 'id')),
    value TEXT NOT NULL,
    added TEXT NOT NULL,
    PRIMARY KEY (kind, value)
) STRICT, WITHOUT ROWID;

-- Where an interrupted fetch stopped, per search query (which includes its window).
-- `state`: 'partial' (resume at next_start), 'split' (its sub-windows carry on),
-- 'done'. A fetch that completes removes the rows of its queries.
CREATE TABLE fetch_progress (
    query      TEXT PRIMARY KEY,
    next_start INTEGER NOT NULL,
    total      INTEGER NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('partial', 'split', 'done')),
    updated    TEXT NOT NULL
) STRICT;

-- One row per `papers fetch` run, for `papers fetch --history`.
CREATE TABLE fetch_runs (
    id        INTEGER PRIMARY KEY,
    started   TEXT NOT NULL,
    finished  TEXT,
    request   TEXT NOT NULL,  -- what was asked, e.g. "week 2024-W21: cat:cs.CL"
    status    TEXT NOT NULL,  -- running, done, interrupted, failed
    pages     INTEGER NOT NULL DEFAULT 0,
    new       INTEGER NOT NULL DEFAULT 0,
    updated   INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    retries   INTEGER NOT NULL DEFAULT 0,
    error     TEXT
) STRICT;
