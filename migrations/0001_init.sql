-- Papers keyed by their unversioned arXiv id, holding the newest version's metadata.
-- Timestamps are RFC 3339 UTC text; `announced` is the listing date (YYYY-MM-DD, the
-- day the paper appeared on arXiv's lists) and `week` its ISO week (YYYY-Www).
CREATE TABLE papers (
    pk               INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    version          INTEGER NOT NULL CHECK (version > 0),
    title            TEXT NOT NULL,
    abstract         TEXT NOT NULL,
    authors          TEXT NOT NULL,  -- names joined with ", ", indexed by papers_fts
    published        TEXT NOT NULL,  -- v1 submission time
    updated          TEXT NOT NULL,  -- submission time of `version`
    primary_category TEXT NOT NULL,
    comment          TEXT,
    journal_ref      TEXT,
    dois             TEXT NOT NULL,  -- space-separated, as arXiv writes several
    abs_url          TEXT NOT NULL,
    pdf_url          TEXT NOT NULL,
    announced        TEXT NOT NULL,
    week             TEXT NOT NULL
) STRICT;

CREATE INDEX papers_by_week ON papers (week, announced);
CREATE INDEX papers_by_announced ON papers (announced);

-- Every version we know of; `submitted` is NULL when only the number is known.
CREATE TABLE paper_versions (
    paper_pk  INTEGER NOT NULL REFERENCES papers (pk) ON DELETE CASCADE,
    version   INTEGER NOT NULL CHECK (version > 0),
    submitted TEXT,
    PRIMARY KEY (paper_pk, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE paper_authors (
    paper_pk     INTEGER NOT NULL REFERENCES papers (pk) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    affiliations TEXT,  -- JSON array of strings; NULL when there are none
    PRIMARY KEY (paper_pk, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE paper_categories (
    paper_pk   INTEGER NOT NULL REFERENCES papers (pk) ON DELETE CASCADE,
    category   TEXT NOT NULL,
    position   INTEGER NOT NULL,  -- 0 is the primary category
    is_primary INTEGER NOT NULL CHECK (is_primary IN (0, 1)),
    PRIMARY KEY (paper_pk, category)
) STRICT, WITHOUT ROWID;

CREATE INDEX paper_categories_by_category ON paper_categories (category, paper_pk);

-- Full-text index over title, abstract and authors. External content: the text
-- lives once, in `papers`; the store keeps the index in step on every write.
CREATE VIRTUAL TABLE papers_fts USING fts5 (
    title, abstract, authors,
    content = 'papers', content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Bigger in-memory term buffers mean fewer, larger segments to merge during bulk
-- imports (the default is 1 MiB).
INSERT INTO papers_fts (papers_fts, rank) VALUES ('hashsize', 8388608);
