#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests on a real Keycloak server process
# (the distribution from Maven Central, our jars deployed) driven over HTTP and headless Chromium.
# Needs a JDK 17+; installs Debian's Chromium when missing (as root). Extra arguments go to Maven,
# e.g. ./test.sh -Dtest=DemoLoginTest
set -euo pipefail
cd "$(dirname "$0")"

scripts/ensure-chromium.sh
exec ./mvnw -B verify "$@"
