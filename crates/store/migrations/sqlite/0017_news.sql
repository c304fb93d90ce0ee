-- News: sections, articles with every saved revision and their images, and the notices the
-- home page shows (issue 25, point 1). Keep in lockstep with ../postgres/0017_news.sql

-- A section (chuyên mục). `comment_moderation` is how comments under its articles are
-- moderated: 'pre' (a moderator lets each one in) or 'post' (shown at once, acted on when
-- reported).
CREATE TABLE news_section (
    section_id         TEXT NOT NULL PRIMARY KEY,
    slug               TEXT NOT NULL,
    name               TEXT NOT NULL,
    description        TEXT NOT NULL,
    comment_moderation TEXT NOT NULL,
    created_at         DATETIME NOT NULL,
    CONSTRAINT news_section_slug_key UNIQUE (slug)
);

-- The article numbers, continuous: the public address is /tin-tuc/<number>-<slug>.
CREATE TABLE article_sequence (
    name        TEXT NOT NULL PRIMARY KEY,
    last_number BIGINT NOT NULL
);

-- An article as it stands: the text of its latest revision, its body already rendered to safe
-- HTML, and where it is in its life. It is public when `state` is 'published' and
-- `publish_at` has come (scheduled publishing needs no job).
CREATE TABLE article (
    article_id    TEXT NOT NULL PRIMARY KEY,
    number        BIGINT NOT NULL,
    section_id    TEXT NOT NULL REFERENCES news_section (section_id),
    unit_id       TEXT NOT NULL REFERENCES unit (unit_id),
    slug          TEXT NOT NULL,
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL,
    body          TEXT NOT NULL,
    body_html     TEXT NOT NULL,
    author_name   TEXT NOT NULL,
    state         TEXT NOT NULL,
    revision      BIGINT NOT NULL,
    publish_at    DATETIME,
    -- Why an approver returned or withdrew it, shown to its editors.
    state_reason  TEXT NOT NULL,
    created_by    TEXT REFERENCES app_user (user_id),
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL,
    CONSTRAINT article_number_key UNIQUE (number)
);
CREATE INDEX article_public_idx ON article (state, publish_at);
CREATE INDEX article_section_public_idx ON article (section_id, state, publish_at);
CREATE INDEX article_unit_idx ON article (unit_id, updated_at);

-- Every saved version of an article's text, by whom and when.
CREATE TABLE article_revision (
    article_id  TEXT NOT NULL REFERENCES article (article_id),
    revision    BIGINT NOT NULL,
    section_id  TEXT NOT NULL REFERENCES news_section (section_id),
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL,
    body        TEXT NOT NULL,
    author_name TEXT NOT NULL,
    edited_by   TEXT REFERENCES app_user (user_id),
    edited_at   DATETIME NOT NULL,
    PRIMARY KEY (article_id, revision)
);

-- An article's images in order, each with its caption and credit; the picture (resized,
-- without metadata) is kept once in stored_file.
CREATE TABLE article_image (
    article_id TEXT NOT NULL REFERENCES article (article_id),
    position   BIGINT NOT NULL,
    sha256     TEXT NOT NULL REFERENCES stored_file (sha256),
    width      BIGINT NOT NULL,
    height     BIGINT NOT NULL,
    caption    TEXT NOT NULL,
    credit     TEXT NOT NULL,
    PRIMARY KEY (article_id, position)
);

-- A notice on the home page between `starts_at` and `ends_at` (a storm warning); ending it
-- early sets `ends_at` to that moment.
CREATE TABLE notice (
    notice_id  TEXT NOT NULL PRIMARY KEY,
    unit_id    TEXT NOT NULL REFERENCES unit (unit_id),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    starts_at  DATETIME NOT NULL,
    ends_at    DATETIME NOT NULL,
    created_by TEXT REFERENCES app_user (user_id),
    created_at DATETIME NOT NULL
);
CREATE INDEX notice_ends_idx ON notice (ends_at);
