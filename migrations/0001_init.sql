-- The child tables point at papers.pk without FOREIGN KEY clauses: the store writes
-- a paper and its children together in one function, and the per-row checks cost
-- 15% of bulk-import time.

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
    authors_json     TEXT NOT NULL,  -- [{"name", "affiliations"?}] in arXiv's order
    published        TEXT NOT NULL,  -- v1 submission time
    updated          TEXT NOT NULL,  -- submission time of `version`
    primary_category TEXT NOT NULL,
    categories       TEXT NOT NULL,  -- every category, space-separated, the primary first
    comment          TEXT,
    journal_ref      TEXT,
    dois             TEXT NOT NULL,  -- space-separated, as arXiv writes several
    abs_url          TEXT NOT NULL,
    pdf_url          TEXT NOT NULL,
    announced        TEXT NOT NULL,
    week             TEXT NOT NULL
) STRICT;

-- Week filters are ranges of listing dates (Monday to Sunday), so this one index
-- serves --week, --since and --until alike.
CREATE INDEX papers_by_announced ON papers (announced, id);

-- Every version we know of; `submitted` is NULL when only the number is known.
CREATE TABLE paper_versions (
    paper_pk  INTEGER NOT NULL,
    version   INTEGER NOT NULL CHECK (version > 0),
    submitted TEXT,
    PRIMARY KEY (paper_pk, version)
) STRICT, WITHOUT ROWID;

-- Which papers each category holds, for filtering; `papers.categories` keeps the
-- order for display.
CREATE TABLE paper_categories (
    category   TEXT NOT NULL,
    paper_pk   INTEGER NOT NULL,
    is_primary INTEGER NOT NULL CHECK (is_primary IN (0, 1)),
    PRIMARY KEY (category, paper_pk)
) STRICT, WITHOUT ROWID;

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
