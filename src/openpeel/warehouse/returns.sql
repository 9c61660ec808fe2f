-- Force data returns (docs/force-returns.md; Table Schemas in src/openpeel/ingest/schemas/returns/).
-- Columns follow the schema fields in order (tests/test_warehouse_schema.py keeps them in step), between the
-- keys (file, line, force) and the provenance every warehouse row carries. Times are UK local clock time.

CREATE TABLE IF NOT EXISTS return_contact (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    call_id VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    received_at TIMESTAMP NOT NULL,
    answered_at TIMESTAMP,
    abandoned BOOLEAN NOT NULL,
    abandoned_at TIMESTAMP,
    seconds_to_answer BIGINT,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS return_incident (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    incident_id VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    source VARCHAR NOT NULL,
    source_call_id VARCHAR,
    grade VARCHAR NOT NULL,
    incident_type VARCHAR NOT NULL,
    urban_rural VARCHAR NOT NULL,
    domestic_abuse BOOLEAN NOT NULL,
    mental_health BOOLEAN NOT NULL,
    attendance_target_minutes BIGINT,
    first_arrival_at TIMESTAMP,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS return_investigation (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    crime_reference VARCHAR NOT NULL,
    offence_code VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    domestic_abuse BOOLEAN NOT NULL,
    allocated_at TIMESTAMP,
    allocated_unit VARCHAR,
    review_interval_days BIGINT NOT NULL,
    outcome_type BIGINT,
    outcome_date DATE,
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

CREATE TABLE IF NOT EXISTS return_supervisory_review (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    crime_reference VARCHAR NOT NULL,
    review_seq BIGINT NOT NULL,
    reviewed_at TIMESTAMP NOT NULL,
    reviewer_rank VARCHAR NOT NULL,
    review_type VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS return_victim_contact (
    file_key VARCHAR NOT NULL, line BIGINT NOT NULL, force_id VARCHAR NOT NULL,
    crime_reference VARCHAR NOT NULL,
    contact_seq BIGINT NOT NULL,
    contacted_at TIMESTAMP NOT NULL,
    contact_type VARCHAR NOT NULL,
    code_compliant BOOLEAN NOT NULL,
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

