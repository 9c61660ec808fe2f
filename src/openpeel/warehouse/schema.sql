-- The analytical store (DuckDB). Every loaded row carries its provenance: the file key, the line in the
-- source file, the file's name and SHA-256, and when it was ingested. Every row read is either loaded,
-- quarantined (with the rule it broke) or set aside (a repeat, with the reason): nothing is dropped.
-- Columns of the police.uk tables follow the Table Schema files in src/openpeel/ingest/schemas/
-- (tests/test_warehouse_schema.py keeps the two in step). Bump SCHEMA_VERSION in store.py on any change.

CREATE TABLE IF NOT EXISTS warehouse_meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE IF NOT EXISTS source_file (
    file_key          VARCHAR PRIMARY KEY,  -- source / force / month: re-ingesting replaces, never duplicates
    source            VARCHAR NOT NULL,
    file_name         VARCHAR NOT NULL,
    sha256            VARCHAR NOT NULL,
    force_id          VARCHAR,
    month             DATE,
    rows_read         BIGINT NOT NULL,
    rows_loaded       BIGINT NOT NULL,
    rows_quarantined  BIGINT NOT NULL,
    repeats_kept      BIGINT NOT NULL,      -- identical to an earlier row and loaded (judged real)
    repeats_set_aside BIGINT NOT NULL,      -- identical to an earlier row and kept in set_aside instead
    status            VARCHAR NOT NULL,
    note              VARCHAR,              -- e.g. "read as Windows-1252"
    ingested_at       TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
    file_key  VARCHAR NOT NULL,
    line      BIGINT NOT NULL,              -- line in the source file; the header is line 1
    "column"  VARCHAR NOT NULL,
    value     VARCHAR,
    rule      VARCHAR NOT NULL,
    raw       JSON                          -- the whole record, so nothing is lost
);

CREATE TABLE IF NOT EXISTS set_aside (
    file_key  VARCHAR NOT NULL,
    line      BIGINT NOT NULL,
    reason    VARCHAR NOT NULL,
    raw       JSON
);

CREATE TABLE IF NOT EXISTS street_crime (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    crime_id VARCHAR,                       -- NULL for anti-social behaviour and some crimes
    month DATE NOT NULL,
    reported_by VARCHAR, falls_within VARCHAR,
    longitude DOUBLE, latitude DOUBLE,      -- NULL for "No Location"
    location VARCHAR, lsoa_code VARCHAR, lsoa_name VARCHAR,
    crime_type VARCHAR NOT NULL,
    last_outcome_original VARCHAR,          -- as published
    context VARCHAR,
    last_outcome VARCHAR,                   -- in the current police.uk wording
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS crime_outcome (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    crime_id VARCHAR NOT NULL,              -- joins to street_crime.crime_id
    month DATE NOT NULL,                    -- when the outcome was recorded, not the crime
    reported_by VARCHAR, falls_within VARCHAR,
    longitude DOUBLE, latitude DOUBLE, location VARCHAR, lsoa_code VARCHAR, lsoa_name VARCHAR,
    outcome_original VARCHAR NOT NULL,
    outcome VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS stop_search (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    search_type VARCHAR NOT NULL,
    searched_at TIMESTAMPTZ NOT NULL,
    part_of_operation BOOLEAN, policing_operation VARCHAR,
    latitude DOUBLE, longitude DOUBLE,
    gender VARCHAR, age_range VARCHAR,
    self_defined_ethnicity_original VARCHAR, officer_defined_ethnicity VARCHAR,
    legislation VARCHAR, object_of_search VARCHAR,
    outcome_original VARCHAR,
    outcome_linked BOOLEAN, removal_of_clothing BOOLEAN,
    self_defined_ethnicity VARCHAR, outcome VARCHAR,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS indicator_result (
    indicator_id  VARCHAR NOT NULL,
    force_id      VARCHAR NOT NULL,
    period        DATE NOT NULL,        -- first day of the month
    numerator     BIGINT NOT NULL,
    denominator   DOUBLE NOT NULL,
    value         DOUBLE NOT NULL,
    ci_low        DOUBLE NOT NULL,
    ci_high       DOUBLE NOT NULL,
    computed_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (indicator_id, force_id, period)
);

-- Outcomes beside the crime they belong to (a crime can have several outcomes: one per suspect).
CREATE OR REPLACE VIEW crime_outcome_with_crime AS
SELECT o.*, c.month AS crime_month, c.crime_type
FROM crime_outcome o LEFT JOIN street_crime c ON c.crime_id = o.crime_id AND c.force_id = o.force_id;
