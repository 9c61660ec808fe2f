-- The published PEEL record (docs/record.md; openpeel.record): what the inspectorate published about each force
-- in each cycle, every fact with the sources it was read in. A report's facts are replaced together by the
-- file that last imported them; importing the same file again changes nothing. Dates are kept as precisely as
-- a source gave them ('2024-03-12', '2024-03', '2025'); NULL where no date was read.

CREATE TABLE IF NOT EXISTS record_report (
    force_id      VARCHAR NOT NULL,
    framework_id  VARCHAR NOT NULL,     -- the cycle, a framework id ('peel-2023-25')
    published     VARCHAR,              -- YYYY-MM-DD, YYYY-MM or YYYY; NULL where no date was read
    report_url    VARCHAR,
    sources       VARCHAR[] NOT NULL,   -- where the publication date and link were read
    note          VARCHAR,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, line BIGINT NOT NULL, imported_at TIMESTAMP NOT NULL,
    PRIMARY KEY (force_id, framework_id)
);

CREATE TABLE IF NOT EXISTS record_grade (
    force_id      VARCHAR NOT NULL,
    framework_id  VARCHAR NOT NULL,
    area_id       VARCHAR NOT NULL,     -- a graded node of the framework (area or pillar)
    grade_id      VARCHAR NOT NULL,     -- as first published, on the framework's own scale
    sources       VARCHAR[] NOT NULL,
    amended_grade_id VARCHAR,           -- where the inspectorate changed the grade after publishing it
    amended_on    VARCHAR,
    amendment_sources VARCHAR[],
    note          VARCHAR,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, line BIGINT NOT NULL, imported_at TIMESTAMP NOT NULL,
    PRIMARY KEY (force_id, framework_id, area_id)
);

CREATE TABLE IF NOT EXISTS record_cause (
    force_id      VARCHAR NOT NULL,
    framework_id  VARCHAR NOT NULL,
    area_id       VARCHAR,              -- NULL where the source ties the cause to no area
    text          VARCHAR NOT NULL,     -- what it is about, in our words unless the note says otherwise
    raised_on     VARCHAR,
    status        VARCHAR NOT NULL,     -- open, closed or not known
    closed_on     VARCHAR,
    sources       VARCHAR[] NOT NULL,
    note          VARCHAR,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, line BIGINT NOT NULL, imported_at TIMESTAMP NOT NULL
);
