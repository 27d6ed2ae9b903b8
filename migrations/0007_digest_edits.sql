-- The topic a paper came nearest to without getting it (at least halfway to its
-- threshold), and its score: it files a paper with no topic under a section all
-- the same. NULL when no topic came that near, and for papers classified before
-- this migration until `papers classify` scores them again.
ALTER TABLE papers ADD COLUMN near_topic TEXT;
ALTER TABLE papers ADD COLUMN near_score REAL;

-- A writer's hand on a week's digest, per week and paper (which need not be
-- stored): picked (kept in whatever its rank; what the writer's taste is learned
-- from) or dropped (kept out), filed under another section, and a line of their
-- own. A row with none of these is deleted. It takes over from `picks`.
CREATE TABLE digest_edits (
    week    TEXT NOT NULL,  -- YYYY-Www
    id      TEXT NOT NULL,  -- arXiv id without version
    choice  TEXT CHECK (choice IN ('picked', 'dropped')),
    section TEXT,           -- the section it is filed under, by name
    note    TEXT,           -- the writer's own line under its heading
    edited  TEXT NOT NULL,  -- RFC 3339 UTC
    PRIMARY KEY (week, id)
) STRICT, WITHOUT ROWID;

CREATE INDEX digest_edits_by_id ON digest_edits (id);

INSERT INTO digest_edits (week, id, choice, edited) SELECT week, id, 'picked', picked FROM picks;

DROP TABLE picks;

-- The picture Hugging Face shows for a featured paper.
ALTER TABLE community_signals ADD COLUMN thumbnail TEXT;
