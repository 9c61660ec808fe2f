-- The analytical store (DuckDB). Every loaded row carries its provenance: the file key, the line in the
-- source file, the file's name and SHA-256, and when it was ingested. Every row read is either loaded,
-- quarantined (with the rule it broke) or set aside (a repeat, with the reason): nothing is dropped.
-- Columns of the police.uk tables follow the Table Schema files in src/openpeel/ingest/schemas/
-- (tests/warehouse/test_warehouse_schema.py keeps the two in step). Bump SCHEMA_VERSION in store.py on any change.

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
    month DATE NOT NULL,                    -- the month of the file it was published in (police.uk's month)
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS indicator_result (
    indicator_id  VARCHAR NOT NULL,
    force_id      VARCHAR NOT NULL,
    period        DATE NOT NULL,        -- first day of the month
    numerator     DOUBLE NOT NULL,      -- a count, or a sum (officers FTE, days lost)
    denominator   DOUBLE NOT NULL,      -- residents, the rows counted, or a sum
    value         DOUBLE NOT NULL,
    ci_low        DOUBLE,               -- 95% interval; NULL where the figure has no sampling error
    ci_high       DOUBLE,
    computed_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (indicator_id, force_id, period)
);

-- Outcomes beside the crime they belong to (a crime can have several outcomes: one per suspect).
CREATE OR REPLACE VIEW crime_outcome_with_crime AS
SELECT o.*, c.month AS crime_month, c.crime_type
FROM crime_outcome o LEFT JOIN street_crime c ON c.crime_id = o.crime_id AND c.force_id = o.force_id;

-- Home Office and ONS tables (src/openpeel/ingest/home_office.py; docs/home-office-data.md; Table Schemas in
-- src/openpeel/ingest/schemas/home_office/). Columns: the keys (file, line, force), the schema's fields in
-- order, derived columns, then the provenance every warehouse row carries. `dataset` says, per source, who
-- published the figures, the period they cover and the licence.

CREATE TABLE IF NOT EXISTS dataset (
    source        VARCHAR PRIMARY KEY,  -- the ingest source, as in source_file.source
    table_name    VARCHAR NOT NULL,     -- the warehouse table its rows are in
    title         VARCHAR NOT NULL,
    publisher     VARCHAR NOT NULL,     -- who published the figures (and who compiled the copy, if someone else)
    period        VARCHAR NOT NULL,     -- in words, read from the loaded rows: "financial year 2017/18 (4 quarters)"
    period_start  DATE,                 -- first day covered; NULL for a lookup
    period_end    DATE,                 -- last day covered; NULL for a lookup
    licence       VARCHAR NOT NULL,
    attribution   VARCHAR NOT NULL,     -- the statement the licence asks for
    origin        VARCHAR NOT NULL,     -- where the bundled copy came from (data/home-office/ATTRIBUTION.md)
    recorded_at   TIMESTAMP NOT NULL
);

-- Home Office crime outcomes open data: one row per force x quarter x offence code x outcome type.
-- Charge rate = outcome_type 1 / all outcomes (see docs/home-office-data.md for the two measures).
CREATE TABLE IF NOT EXISTS ho_crime_outcome (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    financial_year VARCHAR NOT NULL,        -- "2017/18": 1 April 2017 to 31 March 2018
    financial_quarter INTEGER NOT NULL,     -- 1 April-June, 2 July-September, 3 October-December, 4 January-March
    force_name VARCHAR NOT NULL,            -- as published ("London, City of")
    offence_description VARCHAR NOT NULL, offence_group VARCHAR NOT NULL, offence_subgroup VARCHAR NOT NULL,
    offence_code VARCHAR NOT NULL,          -- Home Office offence code ("8L", "37.1", "1/4.1/4.10/4.2")
    offence_code_expired VARCHAR,           -- added by the copy's author; NA (NULL) in every 2017/18 row
    outcome_description VARCHAR NOT NULL, outcome_group VARCHAR NOT NULL,
    outcome_type INTEGER NOT NULL,          -- Home Office outcome number: 0 not yet assigned, 1 charged/summonsed ...
    offences BIGINT NOT NULL,               -- outcomes for offences recorded in the quarter; negative in some rows
    force_outcomes_recorded_in_quarter BIGINT, -- outcomes recorded in the quarter, whenever the crime; NULL for type 0
    quarter_start DATE NOT NULL,            -- first day of the financial quarter
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

-- Police officers (FTE) by force at 31 March of each year (Home Office police workforce statistics).
-- Regional subtotals, national totals and central secondments are quarantined with that reason, not loaded.
CREATE TABLE IF NOT EXISTS police_workforce (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    force_name VARCHAR NOT NULL,            -- as published ("Avon & Somerset", "Metropolitan")
    officers_fte DOUBLE NOT NULL,           -- police officers, full-time equivalent
    year INTEGER NOT NULL,
    as_at DATE NOT NULL,                    -- the snapshot: 31 March of year
    as_at_note VARCHAR NOT NULL,            -- the same in words
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

-- Home Office stop and search open data (police powers and procedures): one row per financial quarter x force x
-- legislation x reason x outcome x link x self-defined ethnicity x sex x age group (fetched: docs/fetch.md).
CREATE TABLE IF NOT EXISTS ho_stop_search (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    financial_year VARCHAR NOT NULL,        -- "2024/25"
    financial_year_quarter INTEGER NOT NULL,-- 1 April-June ... 4 January-March
    geocode VARCHAR,                        -- ONS PFA code; '0' for British Transport Police
    police_force_area VARCHAR NOT NULL,     -- as published ("Avon & Somerset")
    region VARCHAR, legislation VARCHAR NOT NULL, reason_for_search VARCHAR, outcome VARCHAR, link VARCHAR,
    self_defined_ethnicity_group VARCHAR, self_defined_ethnicity VARCHAR, sex VARCHAR, age_group VARCHAR,
    number_of_searches BIGINT NOT NULL,
    quarter_start DATE NOT NULL,            -- first day of the financial quarter
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

-- Stop and search totals by force, all relevant legislation, year ending March (Home Office summary table
-- SS_20 as transcribed by BlackThrive/searchlight). To reconcile with police.uk's searches (docs/fetch.md).
CREATE TABLE IF NOT EXISTS ho_stop_search_force_total (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL,
    force_id VARCHAR NOT NULL,              -- the registry's id ("btp")
    police_uk_force_id VARCHAR NOT NULL,    -- as transcribed ("british-transport-police")
    pfa_code VARCHAR,                       -- blank for British Transport Police
    year_end INTEGER NOT NULL,              -- the year ending 31 March
    published_total BIGINT NOT NULL,        -- searches under all relevant legislation
    scope VARCHAR, retrieved DATE, source VARCHAR,
    period_start DATE NOT NULL, period_end DATE NOT NULL,  -- 1 April to 31 March
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

-- Home Office police recorded crime, police force area open data tables: one row per financial quarter x force x
-- offence code. Fraud recorded centrally (Action Fraud, CIFAS, UK Finance) is quarantined with that reason.
CREATE TABLE IF NOT EXISTS ho_recorded_crime (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    financial_year VARCHAR NOT NULL,        -- "2024/25"
    financial_quarter INTEGER NOT NULL,     -- 1 April-June ... 4 January-March
    force_name VARCHAR NOT NULL,            -- as published ("Avon and Somerset", "London, City of")
    offence_description VARCHAR NOT NULL, offence_group VARCHAR, offence_subgroup VARCHAR,
    offence_code VARCHAR NOT NULL,          -- Home Office offence code ("8L", "37.1")
    offences BIGINT NOT NULL,               -- offences recorded in the quarter
    quarter_start DATE NOT NULL,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

-- 999 call answer times by force and month (Home Office and NPCC, on police.uk). The three bands add up to
-- the calls; forces outside England and Wales are quarantined with that reason.
CREATE TABLE IF NOT EXISTS ho_999_call_answer (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    force_name VARCHAR NOT NULL,            -- as published
    month DATE NOT NULL,                    -- first day of the calendar month
    calls BIGINT NOT NULL,                  -- 999 calls connected to the force
    mean_answer_seconds DOUBLE,             -- average time to answer
    under_10s BIGINT NOT NULL,              -- answered in under 10 seconds (the standard: 90% of calls)
    from_10s_to_60s BIGINT NOT NULL,        -- answered in 10 to under 60 seconds
    over_60s BIGINT NOT NULL,               -- answered in 60 seconds or more
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

-- ONS mid-year population estimates by police force area (English forces), reshaped from one column per
-- force to one row per force and year: `line` is the year's row, `source_column` the force's column.
CREATE TABLE IF NOT EXISTS population_force (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    year INTEGER NOT NULL,                  -- mid-year: the estimate is for 30 June
    population BIGINT NOT NULL,
    source_column VARCHAR NOT NULL,         -- the column header it came from ("Metropolitan Police")
    source VARCHAR NOT NULL,                -- dataset.source
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

-- 2011 LSOA -> police force (England), as published; rows with a blank force are quarantined.
CREATE TABLE IF NOT EXISTS lsoa_police_force (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    source_index BIGINT,                    -- the compiler's row index (unnamed column 1), not used
    region_code VARCHAR, region_name VARCHAR,
    local_authority_code VARCHAR NOT NULL, local_authority_name VARCHAR NOT NULL,  -- 2011 districts
    msoa_code VARCHAR, msoa_name VARCHAR,
    lsoa_code VARCHAR NOT NULL, lsoa_name VARCHAR NOT NULL,
    police_force VARCHAR NOT NULL,          -- as published ("Metropolitan Police")
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

-- Local authority district -> community safety partnership -> police force area, December 2016 (ONS).
CREATE TABLE IF NOT EXISTS lad_police_force (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    lad_code VARCHAR NOT NULL, lad_name VARCHAR NOT NULL,  -- December 2016 district codes
    csp_code VARCHAR, csp_name VARCHAR,
    pfa_code VARCHAR NOT NULL,              -- GSS police force area code, as forces.yaml pfa_code
    pfa_name VARCHAR NOT NULL,              -- as published ("Devon & Cornwall")
    fid BIGINT,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

-- 2011 Census usual residents by LSOA (England and Wales), each LSOA with its police force.
CREATE TABLE IF NOT EXISTS population_lsoa (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    region_code VARCHAR, region_name VARCHAR,  -- NULL for Wales
    local_authority_code VARCHAR NOT NULL, local_authority_name VARCHAR NOT NULL,  -- 2011 districts
    msoa_code VARCHAR, msoa_name VARCHAR,
    lsoa_code VARCHAR NOT NULL, lsoa_name VARCHAR NOT NULL,
    unnamed_column_9 VARCHAR,               -- column 9 has no name in the published header; empty in every row
    persons BIGINT NOT NULL,                -- all usual residents (the first of three "Persons" columns)
    persons_in_households BIGINT NOT NULL,  -- the second "Persons"
    persons_in_communal BIGINT NOT NULL,    -- the third: in communal establishments
    hectares DOUBLE NOT NULL,               -- area, rounded to whole hectares
    density DOUBLE NOT NULL,                -- usual residents per hectare
    households BIGINT NOT NULL,
    persons_per_household DOUBLE,
    force_source VARCHAR NOT NULL,          -- how force_id was found: 'LSOA lookup' or 'district lookup ...'
    year INTEGER NOT NULL,                  -- 2011: Census day, 27 March 2011
    source VARCHAR NOT NULL,                -- dataset.source
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

-- 2011 usual residents per police force area, summed from its LSOAs.
CREATE OR REPLACE VIEW population_lsoa_by_force AS
SELECT force_id, sum(persons) AS persons, sum(households) AS households, count(*) AS lsoas
FROM population_lsoa GROUP BY force_id;

-- Each indicator result judged: beside the peer group and England and Wales, ranked, watched over time
-- (XmR chart of the force's series), with the sentences an inspector can cite. Made by
-- openpeel.indicators.assess from indicator_result; territorial forces only.
CREATE TABLE IF NOT EXISTS indicator_assessment (
    indicator_id     VARCHAR NOT NULL,
    force_id         VARCHAR NOT NULL,
    period           DATE NOT NULL,
    suppressed       BOOLEAN NOT NULL,   -- the force's count is under 10: no value is published
    peer_value       DOUBLE, peer_low DOUBLE, peer_high DOUBLE,  -- peers pooled, the force left out
    peers_counted    VARCHAR[], peers_missing VARCHAR[],
    national_value   DOUBLE, national_low DOUBLE, national_high DOUBLE,  -- England and Wales pooled
    national_counted INTEGER, national_missing VARCHAR[],
    rank             INTEGER,            -- 1 = highest value
    rank_of          INTEGER,            -- forces with published values
    rank_from_best   INTEGER,            -- 1 = best, where the indicator says which way is better
    vs_national      VARCHAR, vs_national_p DOUBLE,  -- against the rest of England and Wales
    vs_peers         VARCHAR, vs_peers_p DOUBLE,
    spc_mean DOUBLE, spc_lower DOUBLE, spc_upper DOUBLE,  -- the force's XmR chart (NULL under 5 points)
    spc_signals      VARCHAR[],          -- "rule: direction" of each signal that includes this period
    spc_note         VARCHAR,            -- why there are no limits, or that they are provisional (under 12 points)
    statements       VARCHAR[],          -- plain English, made only where the statistics support them
    computed_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (indicator_id, force_id, period)
);
