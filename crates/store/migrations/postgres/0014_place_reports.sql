-- Place reports: a problem in the street, on a map, routed to the unit that answers for it and
-- handled on the feedback clock (issue 24). Keep in lockstep with ../sqlite/0014_place_reports.sql

-- A unit's boundary, one ring of [lon, lat] points as GeoJSON writes them, with its box so
-- that routing reads only the rings whose box holds the point.
CREATE TABLE unit_boundary (
    unit_id    TEXT NOT NULL REFERENCES unit (unit_id),
    part       BIGINT NOT NULL,
    ring       TEXT NOT NULL,
    min_lat    DOUBLE PRECISION NOT NULL,
    max_lat    DOUBLE PRECISION NOT NULL,
    min_lon    DOUBLE PRECISION NOT NULL,
    max_lon    DOUBLE PRECISION NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (unit_id, part)
);

-- What can be reported, configured by a unit: the Open311 service. `questions` is the JSON list
-- of the category's extra questions.
CREATE TABLE report_category (
    code        TEXT NOT NULL PRIMARY KEY,
    unit_id     TEXT NOT NULL REFERENCES unit (unit_id),
    name        TEXT NOT NULL,
    grp         TEXT NOT NULL,
    description TEXT NOT NULL,
    routing     TEXT NOT NULL,
    questions   TEXT NOT NULL,
    active      BOOLEAN NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX report_category_unit_idx ON report_category (unit_id);

-- The states a report moves through: data, seeded with FixMyStreet's set. `grp` is one of
-- open, fixed, closed, hidden; `external` the Open311 extended status.
CREATE TABLE report_state (
    code     TEXT NOT NULL PRIMARY KEY,
    grp      TEXT NOT NULL,
    label_vi TEXT NOT NULL,
    label_en TEXT NOT NULL,
    external TEXT NOT NULL,
    position BIGINT NOT NULL
);
INSERT INTO report_state (code, grp, label_vi, label_en, external, position) VALUES
    ('confirmed', 'open', 'Đã tiếp nhận', 'Confirmed', 'OPEN', 1),
    ('investigating', 'open', 'Đang xác minh', 'Investigating', 'INVESTIGATING', 2),
    ('in_progress', 'open', 'Đang xử lý', 'In progress', 'IN_PROGRESS', 3),
    ('planned', 'open', 'Đã lên kế hoạch', 'Planned', 'ACTION_SCHEDULED', 4),
    ('fixed', 'fixed', 'Đã khắc phục', 'Fixed', 'FIXED', 5),
    ('duplicate', 'closed', 'Trùng phản ánh khác', 'Duplicate', 'DUPLICATE', 6),
    ('not_responsible', 'closed', 'Không thuộc thẩm quyền', 'Not responsible', 'NOT_COUNCILS_RESPONSIBILITY', 7),
    ('no_further_action', 'closed', 'Không xử lý thêm', 'No further action', 'NO_FURTHER_ACTION', 8),
    ('hidden', 'hidden', 'Đã ẩn', 'Hidden', 'HIDDEN', 9);

-- One report. `unit_id` is the unit answering for it (set by routing, changed by re-routing);
-- the reporter's name and contact are for staff and for the outbox, never for the public pages
-- or Open311 output; `anonymous` hides the name from the public. `original` keeps, as JSON,
-- what the reporter wrote before any moderator's edit.
CREATE TABLE place_report (
    report_id       TEXT NOT NULL PRIMARY KEY,
    code            TEXT NOT NULL,
    category_code   TEXT NOT NULL REFERENCES report_category (code),
    unit_id         TEXT NOT NULL REFERENCES unit (unit_id),
    lat             DOUBLE PRECISION NOT NULL,
    lon             DOUBLE PRECISION NOT NULL,
    address         TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    answers         TEXT NOT NULL,
    channel         TEXT NOT NULL,
    reporter_id     TEXT REFERENCES app_user (user_id),
    reporter_name   TEXT NOT NULL,
    reporter_email  TEXT NOT NULL,
    reporter_phone  TEXT NOT NULL,
    anonymous       BOOLEAN NOT NULL,
    state           TEXT NOT NULL REFERENCES report_state (code),
    grp             TEXT NOT NULL,
    duplicate_of    TEXT REFERENCES place_report (report_id),
    rules_id        TEXT NOT NULL,
    acknowledge_due TIMESTAMPTZ NOT NULL,
    answer_due      TIMESTAMPTZ NOT NULL,
    acknowledged_at TIMESTAMPTZ,
    answered_at     TIMESTAMPTZ,
    closed_at       TIMESTAMPTZ,
    original        TEXT,
    version         BIGINT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    CONSTRAINT place_report_code_key UNIQUE (code)
);
-- Nearby suggestions: the open reports of a category in a latitude band, then the longitude.
CREATE INDEX place_report_near_idx ON place_report (category_code, grp, lat, lon);
-- Lists and Open311 queries by date, by state and date, by unit and date, newest first: the
-- id breaks ties so that pages never skip or repeat a row, and the index gives the order.
CREATE INDEX place_report_created_idx ON place_report (created_at, report_id);
CREATE INDEX place_report_grp_created_idx ON place_report (grp, created_at, report_id);
CREATE INDEX place_report_unit_created_idx ON place_report (unit_id, created_at, report_id);
CREATE INDEX place_report_duplicate_idx ON place_report (duplicate_of);

-- A report's photos, in the order sent: the resized, metadata-free copy kept in stored_file.
CREATE TABLE report_photo (
    report_id TEXT NOT NULL REFERENCES place_report (report_id),
    position  BIGINT NOT NULL,
    sha256    TEXT NOT NULL REFERENCES stored_file (sha256),
    width     BIGINT NOT NULL,
    height    BIGINT NOT NULL,
    hidden    BOOLEAN NOT NULL,
    PRIMARY KEY (report_id, position)
);

-- The public updates of a report (and the staff-only ones, `public` false): each state change
-- carries one.
CREATE TABLE report_update (
    update_id   TEXT NOT NULL PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES place_report (report_id),
    at          TIMESTAMPTZ NOT NULL,
    author_id   TEXT REFERENCES app_user (user_id),
    author_name TEXT NOT NULL,
    state       TEXT NOT NULL,
    text        TEXT NOT NULL,
    public      BOOLEAN NOT NULL
);
CREATE INDEX report_update_report_idx ON report_update (report_id, at);
CREATE INDEX report_update_at_idx ON report_update (at);

-- The people who follow a report (its reporter, those who supported it): each hears of its
-- updates through the outbox.
CREATE TABLE report_follower (
    report_id TEXT NOT NULL REFERENCES place_report (report_id),
    user_id   TEXT NOT NULL REFERENCES app_user (user_id),
    since     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (report_id, user_id)
);
CREATE INDEX report_follower_user_idx ON report_follower (user_id);

-- Yearly numbering of reports: PA-2026-000001.
CREATE TABLE report_sequence (
    year        BIGINT NOT NULL PRIMARY KEY,
    last_number BIGINT NOT NULL
);
