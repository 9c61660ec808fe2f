-- Force data returns (docs/force-returns.md; Table Schemas in src/openpeel/ingest/schemas/returns/).
-- Columns follow the schema fields in order (tests/warehouse/test_warehouse_schema.py keeps them in step), between the
-- keys (file, line, force) and the provenance every warehouse row carries. Returns give UK local clock time;
-- the warehouse stores instants (TIMESTAMPTZ), so durations across a clock change are right, and months are
-- counted in UK time (connections use TimeZone Europe/London).

CREATE TABLE IF NOT EXISTS return_contact (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    call_id VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    answered_at TIMESTAMPTZ,
    abandoned BOOLEAN NOT NULL,
    abandoned_at TIMESTAMPTZ,
    seconds_to_answer BIGINT,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS return_incident (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    incident_id VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    source VARCHAR NOT NULL,
    source_call_id VARCHAR,
    grade VARCHAR NOT NULL,
    incident_type VARCHAR NOT NULL,
    urban_rural VARCHAR NOT NULL,
    domestic_abuse BOOLEAN NOT NULL,
    mental_health BOOLEAN NOT NULL,
    attendance_target_minutes BIGINT,
    first_arrival_at TIMESTAMPTZ,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS return_investigation (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    crime_reference VARCHAR NOT NULL,
    offence_code VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    domestic_abuse BOOLEAN NOT NULL,
    allocated_at TIMESTAMPTZ,
    allocated_unit VARCHAR,
    review_interval_days BIGINT NOT NULL,
    outcome_type BIGINT,
    outcome_date DATE,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS return_supervisory_review (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    crime_reference VARCHAR NOT NULL,
    review_seq BIGINT NOT NULL,
    reviewed_at TIMESTAMPTZ NOT NULL,
    reviewer_rank VARCHAR NOT NULL,
    review_type VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS return_victim_contact (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    crime_reference VARCHAR NOT NULL,
    contact_seq BIGINT NOT NULL,
    contacted_at TIMESTAMPTZ NOT NULL,
    contact_type VARCHAR NOT NULL,
    code_compliant BOOLEAN NOT NULL,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS return_sex_offender (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    as_at DATE NOT NULL,
    offender_ref VARCHAR NOT NULL,
    risk_level VARCHAR NOT NULL,
    registered_on DATE NOT NULL,
    risk_assessment_due DATE NOT NULL,
    risk_assessment_done DATE,
    visit_due DATE NOT NULL,
    visit_done DATE,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS return_workforce (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    as_at DATE NOT NULL,
    role VARCHAR NOT NULL,
    headcount BIGINT NOT NULL,
    established_fte DOUBLE,
    actual_fte DOUBLE,
    vacancies_fte DOUBLE,
    sickness_days_lost DOUBLE,
    average_strength_fte DOUBLE,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

