#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests on a real Keycloak server process
# (the distribution from Maven Central, our jars deployed) driven over HTTP and headless Chromium.
# That server stores in PostgreSQL: this script starts a fresh private PostgreSQL on 127.0.0.1:55432
# (scripts/postgresql.sh; database `suite`), hands it to Keycloak's test framework (its `remote`
# database: KC_TEST_DATABASE_*), and stops it when Maven ends, however it ends. The demo keeps H2.
# Needs a JDK 17+; installs Debian's Chromium and PostgreSQL when missing (as root), and axe-core from npm
# for the accessibility check (scripts/ensure-axe.sh, into .cache/axe-core). Extra arguments
# go to Maven, e.g. ./test.sh -Dtest=DemoLoginTest
# One run at a time per machine: a second run's start would wipe the first one's PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")"

scripts/ensure-chromium.sh
scripts/ensure-axe.sh
# Always stop PostgreSQL, and only after Maven (and the Keycloak it started) has ended: on Ctrl-C or
# SIGTERM, Maven is stopped first. The script ends with Maven's exit status.
maven=
stop_maven() { if [[ -n $maven ]]; then kill -TERM -- "-$maven" 2>/dev/null || kill -TERM "$maven" 2>/dev/null || true; wait "$maven" 2>/dev/null || true; fi; exit 143; }
stop_postgresql() { local status=$?; scripts/postgresql.sh stop || echo "Could not stop the tests' PostgreSQL." >&2; exit "$status"; }
trap stop_postgresql EXIT
trap stop_maven INT TERM
scripts/postgresql.sh start
eval "$(scripts/postgresql.sh env)"
set -m # Maven in its own process group, so stopping it stops its forked test JVMs too
./mvnw -B verify "$@" &
maven=$!
set +m
wait "$maven"
