# The two set-up commands (README): `make demo` and `make test`. Each installs what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck system-packages hardening mutation test-postgres coverage

# The base install, all that make demo needs: no Spark (pyspark alone is hundreds of MB; the demo computes on DuckDB).
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

# The tests also run the catalogue on Spark: the spark extra, on top of the base install (redone when it is).
$(BIN)/.installed-spark: $(BIN)/.installed
	$(BIN)/pip install --quiet -e ".[dev,spark]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium drives the browser tests (Playwright cannot download its own browser here);
# Spark needs a Java runtime (17 or later); WeasyPrint (report PDFs) needs Pango.
system-packages:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	@command -v java >/dev/null || { apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }
	@ldconfig -p | grep -q libpango-1.0 || { apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }

demo: $(BIN)/.installed node_modules/.installed
	$(BIN)/openpeel demo

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

# mypy over src/openpeel (pyproject.toml [tool.mypy]; docs/design.md, Types): about 45 s of CPU cold, under
# 10 s with the cache in .mypy_cache/.
typecheck: $(BIN)/.installed
	$(BIN)/mypy

# Two passes (docs/testing.md): every test on SQLite, then every Django-backed test again on PostgreSQL
# (conftest.py's OPENPEEL_DJANGO_TESTS_ONLY keeps the tests that use the workflow database). Both in two workers.
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/openpeel_test
test: $(BIN)/.installed-spark node_modules/.installed system-packages lint typecheck
	$(BIN)/pytest -n 2 --dist loadscope
	$(MAKE) --no-print-directory test-postgres

test-postgres: $(BIN)/.installed-spark node_modules/.installed system-packages
	OPENPEEL_DJANGO_TESTS_ONLY=1 OPENPEEL_DATABASE_URL=$(PG_TEST_URL) OPENPEEL_EXPECT_DB_VENDOR=postgresql \
		$(BIN)/pytest -n 2 --dist loadscope

coverage: $(BIN)/.installed-spark node_modules/.installed system-packages
	rm -f .coverage .coverage.*
	$(BIN)/pytest --cov --cov-report= ; sqlite=$$?; \
	OPENPEEL_DJANGO_TESTS_ONLY=1 OPENPEEL_DATABASE_URL=$(PG_TEST_URL) OPENPEEL_EXPECT_DB_VENDOR=postgresql \
		$(BIN)/pytest -n 2 --cov --cov-append --cov-report= ; postgres=$$?; \
	$(BIN)/python tests/tools/coverage_by_package.py; \
	test $$sqlite -eq 0 && test $$postgres -eq 0

# Not part of make test: mutation testing of the core modules ([tool.mutmut] in pyproject.toml lists them and the
# tests run against each mutant; docs/testing.md gives the scores). CPU-heavy: run niced, on an idle machine.
mutation: $(BIN)/.installed
	rm -rf mutants
	env -u PYTHONPATH nice -n 19 $(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

# Not one of the two set-up commands: the hardening run of docs/security.md. The load, fault, fuzz and
# access-control tests, with the long hypothesis profile and more schemathesis examples; a test skipped
# (a tool missing) fails the run (OPENPEEL_NO_SKIPS), and so does any failed request in the load benches
# (bench_writers.py: 10 writers and 10 readers for 60 s on SQLite and on PostgreSQL, every write audited).
HARDENING_TESTS := tests/test_faults.py tests/ingest/test_ingest_crash.py tests/test_backup.py \
	tests/test_hostile_input.py tests/test_hostile_uploads.py tests/indicators/test_export_injection.py \
	tests/web/test_web_access_basics.py tests/web/test_web_security_headers.py tests/web/test_web_page_cache.py \
	tests/web/test_routes.py tests/web/test_csrf.py tests/web/test_api_auth.py tests/web/test_api_schemathesis.py \
	tests/web/test_document_downloads.py tests/inspections/test_inspections_audit.py \
	tests/inspections/test_inspections_access.py tests/web/test_concurrent_writes.py \
	tests/inspections/test_inspections_workflow.py tests/ingest/test_ingest_zip_bomb.py \
	tests/ingest/test_ingest_quarantine_terminal.py \
	tests/publishing/test_publishing_pages.py::test_the_public_pdf_is_drawn_once_per_version_whatever_the_url

hardening: $(BIN)/.installed node_modules/.installed system-packages
	OPENPEEL_NO_SKIPS=1 OPENPEEL_SCHEMATHESIS_EXAMPLES=30 $(BIN)/pytest -p no:cacheprovider -rs \
		--hypothesis-profile=long $(HARDENING_TESTS)
	mkdir -p var/fuzz
	$(BIN)/python tests/fuzz/fuzz_parsers.py -runs=20000 -artifact_prefix=var/fuzz/
	$(BIN)/python bench/bench_load.py --reuse var/bench-load.duckdb
	$(BIN)/python bench/bench_writers.py --seconds 60 --database sqlite
	$(BIN)/python bench/bench_writers.py --seconds 60 --database postgresql://postgres@127.0.0.1:5432
