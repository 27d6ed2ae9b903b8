-- OAI-PMH harvests and the RSS announcement feed.

-- When each version was announced (its listing date) and, when the RSS feed said so,
-- how: new, cross, replace, replace-cross. `announced` is estimated from the
-- submission time until the feed gives the real day (then `announce_type` is set and
-- later estimates leave the row alone). Versions stored before this migration have
-- no date until their paper is fetched again.
ALTER TABLE paper_versions ADD COLUMN announced TEXT;
ALTER TABLE paper_versions ADD COLUMN announce_type TEXT;

-- Week views list papers replaced in the week next to the new ones.
CREATE INDEX paper_versions_by_announced ON paper_versions (announced, paper_pk)
    WHERE version > 1;

-- Every announcement the RSS feed reported, abstract-only changes included.
CREATE TABLE announcements (
    paper_pk      INTEGER NOT NULL,
    announced     TEXT NOT NULL,
    version       INTEGER NOT NULL CHECK (version > 0),
    announce_type TEXT NOT NULL
        CHECK (announce_type IN ('new', 'cross', 'replace', 'replace-cross', 'absonly')),
    PRIMARY KEY (paper_pk, announced, announce_type)
) STRICT, WITHOUT ROWID;

-- 1 when `papers.announced` came from the announcement feed rather than from the
-- submission time; such a date is never replaced by an estimate.
ALTER TABLE papers ADD COLUMN announced_exact INTEGER NOT NULL DEFAULT 0
    CHECK (announced_exact IN (0, 1));

-- Records OAI-PMH reported deleted; their papers are removed from `papers`.
CREATE TABLE deleted_papers (
    id        TEXT PRIMARY KEY,
    datestamp TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Per OAI set: where the last complete harvest got to (the date of its first
-- responseDate, the next harvest's `from`), and for a harvest in progress its
-- range, its resumption token, and the latest datestamp stored (a restart point
-- while records come in datestamp order, as arXiv sends them).
CREATE TABLE harvest_state (
    set_spec       TEXT PRIMARY KEY,
    harvested_to   TEXT,
    run_from       TEXT,
    run_until      TEXT,
    resume_token   TEXT,
    token_expires  TEXT,
    restart_from   TEXT,
    in_order       INTEGER NOT NULL DEFAULT 1 CHECK (in_order IN (0, 1)),
    started_on     TEXT,
    updated        TEXT NOT NULL
) STRICT, WITHOUT ROWID;
