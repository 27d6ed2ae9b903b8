-- Community signals from Hugging Face's daily papers, one row per arXiv id (the
-- paper may not be stored yet). Counts are the latest read; `featured` is the
-- first day it was featured.
CREATE TABLE community_signals (
    id           TEXT PRIMARY KEY,  -- arXiv id without version
    upvotes      INTEGER NOT NULL CHECK (upvotes >= 0),
    comments     INTEGER NOT NULL CHECK (comments >= 0),
    github_repo  TEXT,
    github_stars INTEGER CHECK (github_stars >= 0),
    organization TEXT,
    summary      TEXT,
    keywords     TEXT NOT NULL,     -- JSON array of strings
    featured     TEXT NOT NULL,     -- YYYY-MM-DD
    fetched      TEXT NOT NULL      -- RFC 3339, UTC
) STRICT, WITHOUT ROWID;

-- The days whose daily papers were read, so a digest can say whether its week's
-- signals were ever fetched.
CREATE TABLE signal_days (
    day     TEXT PRIMARY KEY,       -- YYYY-MM-DD
    papers  INTEGER NOT NULL,
    fetched TEXT NOT NULL
) STRICT, WITHOUT ROWID;
