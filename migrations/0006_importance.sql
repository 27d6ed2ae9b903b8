-- The importance prior (classify::importance), computed with a paper's topics:
-- the log-odds that the community features it and that a curator picks it. NULL
-- until the paper is classified with a model that has the prior.
ALTER TABLE papers ADD COLUMN prior_featured REAL;
ALTER TABLE papers ADD COLUMN prior_picked REAL;

-- A writer's picks (`papers pick`): papers kept in a week's digest whatever their
-- rank, and what the writer's taste is learned from. The paper may not be stored.
CREATE TABLE picks (
    week   TEXT NOT NULL,  -- YYYY-Www
    id     TEXT NOT NULL,  -- arXiv id without version
    picked TEXT NOT NULL,  -- RFC 3339 UTC
    PRIMARY KEY (week, id)
) STRICT, WITHOUT ROWID;

CREATE INDEX picks_by_id ON picks (id);

-- The writer's taste, learned from the picks: one model (see classify::importance::taste).
CREATE TABLE taste (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    model   BLOB NOT NULL,
    trained TEXT NOT NULL   -- RFC 3339 UTC
) STRICT;

-- The authors' record this database learns from the signals it fetches, for the
-- papers listed after the shipped record ends: per name (its stable hash, as a
-- signed integer), the papers counted and how many of them the community featured.
CREATE TABLE author_record (
    name_key INTEGER PRIMARY KEY,
    papers   INTEGER NOT NULL CHECK (papers >= 0),
    featured INTEGER NOT NULL CHECK (featured >= 0)
) STRICT;

-- The papers counted in author_record and whether as featured, so that each is
-- counted once, and once more when it becomes featured.
CREATE TABLE author_record_papers (
    paper_pk INTEGER PRIMARY KEY,
    featured INTEGER NOT NULL CHECK (featured IN (0, 1))
) STRICT;
