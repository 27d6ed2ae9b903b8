-- The topics each paper carries: the classifier's, adjusted by manual labels
-- (`manual` = 1 for a topic a label added). Keyed by paper for display, indexed by
-- topic for filtering.
CREATE TABLE paper_topics (
    paper_pk INTEGER NOT NULL,
    topic    TEXT NOT NULL,
    score    REAL NOT NULL,
    manual   INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
    PRIMARY KEY (paper_pk, topic)
) STRICT, WITHOUT ROWID;

CREATE INDEX paper_topics_by_topic ON paper_topics (topic, paper_pk);

-- The fingerprint of the taxonomy that produced a paper's topics; NULL until
-- classified. Papers whose hash differs from the active taxonomy's are stale.
ALTER TABLE papers ADD COLUMN topics_hash TEXT;

-- Manual labels (`papers label ID +topic -topic`): they override the classifier
-- and survive re-classification.
CREATE TABLE paper_labels (
    paper_pk INTEGER NOT NULL,
    topic    TEXT NOT NULL,
    assigned INTEGER NOT NULL CHECK (assigned IN (0, 1)),
    PRIMARY KEY (paper_pk, topic)
) STRICT, WITHOUT ROWID;
