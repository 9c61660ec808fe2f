-- The analytical store. Every loaded row keeps the file and line it came from; every rejected row
-- is in quarantine with the rule it broke, so counts always reconcile: read = loaded + quarantined.

CREATE TABLE IF NOT EXISTS source_file (
    file_key      VARCHAR PRIMARY KEY,  -- source kind / force / month: re-ingesting replaces, never duplicates
    source        VARCHAR NOT NULL,     -- e.g. police_uk_street
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    force_id      VARCHAR,              -- NULL when the file is outside the force registry (kept, not loaded)
    month         DATE,
    rows_read     BIGINT NOT NULL,
    rows_loaded   BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL,
    status        VARCHAR NOT NULL,     -- loaded | skipped (with note)
    note          VARCHAR,
    ingested_at   TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
    file_key  VARCHAR NOT NULL,
    line      BIGINT NOT NULL,          -- line in the file, header = line 1
    "column"  VARCHAR NOT NULL,
    value     VARCHAR,
    rule      VARCHAR NOT NULL,
    raw       VARCHAR                   -- the whole row as JSON, so nothing is lost
);

CREATE TABLE IF NOT EXISTS street_crime (
    file_key        VARCHAR NOT NULL,
    line            BIGINT NOT NULL,
    force_id        VARCHAR NOT NULL,
    month           DATE NOT NULL,
    crime_id        VARCHAR,            -- NULL for anti-social behaviour (police.uk gives none)
    reported_by     VARCHAR,
    falls_within    VARCHAR,
    longitude       DOUBLE,
    latitude        DOUBLE,
    location        VARCHAR,
    lsoa_code       VARCHAR,
    lsoa_name       VARCHAR,
    crime_type      VARCHAR NOT NULL,
    last_outcome    VARCHAR,
    context         VARCHAR
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
