#!/usr/bin/env bash
# The tests' PostgreSQL: Debian's server package, a private database cluster of its own on loopback,
# started fresh for each run. Installs the package when missing (as root). As root the server runs
# as the `postgres` user, which is what PostgreSQL insists on.
#
#   scripts/postgresql.sh start     new empty cluster, started; databases `suite` and `cluster`
#   scripts/postgresql.sh stop      stops it (the data directory stays for a look afterwards)
#   scripts/postgresql.sh restart   stops it as a crash would (immediate) and starts it again, data kept
#   scripts/postgresql.sh env       prints the shell exports test.sh evaluates
#
# Settings from the environment: NORDIC_SCA_PG_PORT (55432), NORDIC_SCA_PG_DIR (/tmp/nordic-sca-postgresql).
set -euo pipefail

port=${NORDIC_SCA_PG_PORT:-55432}
dir=${NORDIC_SCA_PG_DIR:-/tmp/nordic-sca-postgresql}
data=$dir/data
password_file=$dir/password
role=nordicsca

find_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n $bin && -x $bin/initdb ]] && echo "$bin"
}

ensure_installed() {
  if [[ -n $(find_bin) ]]; then return; fi
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing Debian's postgresql for the tests ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # No default cluster: the tests make their own.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/nordic-sca.conf
    apt-get install -y -qq postgresql >/dev/null
    return
  fi
  cat >&2 <<'MESSAGE'
The integration tests run on PostgreSQL and need Debian's server package (initdb, pg_ctl).
On Debian or Ubuntu:  sudo apt-get install postgresql
MESSAGE
  exit 1
}

# As root, the server and its tools run as `postgres`; otherwise as the current user.
# The database superuser has the name of the OS user that runs the server, so the socket's peer check lets only that user in.
superuser() { if [[ $(id -u) -eq 0 ]]; then echo postgres; else id -un; fi; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_ctl_() { as_owner "$(find_bin)/pg_ctl" -D "$data" -w -t 60 "$@"; }

running() { [[ -f $data/postmaster.pid ]] && as_owner "$(find_bin)/pg_ctl" -D "$data" status >/dev/null 2>&1; }

start_server() {
  pg_ctl_ -l "$dir/server.log" -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c unix_socket_permissions=0700 -c max_connections=300" start >/dev/null
}

umask 077
marker=$dir/.nordic-sca-postgresql

case ${1:-} in
  start)
    ensure_installed
    # Only ever wipe a directory this script made (the marker, or the layout of an earlier version).
    if [[ -e $dir && ! -f $marker && ! ( -f $dir/password && -f $dir/data/PG_VERSION ) ]]; then
      echo "$dir exists and was not made by $0; not touching it (set NORDIC_SCA_PG_DIR elsewhere)." >&2
      exit 1
    fi
    if running; then pg_ctl_ -m fast stop >/dev/null; fi
    rm -rf "$dir"
    mkdir -m 700 "$dir" # fails if someone made it in between
    touch "$marker"
    head -c 18 /dev/urandom | base64 | tr '+/' '-_' > "$password_file"
    if [[ $(id -u) -eq 0 ]]; then chown -R postgres "$dir"; fi
    # Loopback only, passwords checked (scram-sha-256) as on a bank's server. The local socket lets in
    # only its owner (the socket directory and the socket are the owner's alone).
    as_owner "$(find_bin)/initdb" -D "$data" -U "$(superuser)" --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    start_server
    as_owner "$(find_bin)/psql" -h "$dir" -p "$port" -U "$(superuser)" -d postgres -v ON_ERROR_STOP=1 -q <<SQL
CREATE ROLE $role LOGIN PASSWORD '$(cat "$password_file")';
CREATE DATABASE suite OWNER $role;
CREATE DATABASE cluster OWNER $role;
SQL
    echo "PostgreSQL $(basename "$(dirname "$(find_bin)")") is running on 127.0.0.1:$port (data in $data)." >&2
    ;;
  stop)
    if [[ -n $(find_bin) ]] && running; then pg_ctl_ -m fast stop >/dev/null; fi
    ;;
  restart)
    # As a crash would: no checkpoint, connections cut; at start PostgreSQL recovers what was committed from its log.
    pg_ctl_ -m immediate stop >/dev/null
    start_server
    ;;
  env)
    if [[ ! -s $password_file ]]; then echo "No tests' PostgreSQL here: run $0 start first." >&2; exit 1; fi
    password=$(cat "$password_file")
    printf 'export NORDIC_SCA_PG_PORT=%q NORDIC_SCA_PG_DIR=%q NORDIC_SCA_PG_USER=%q NORDIC_SCA_PG_PASSWORD=%q\n' "$port" "$dir" "$role" "$password"
    printf 'export KC_TEST_DATABASE=remote KC_TEST_DATABASE_VENDOR=postgres KC_TEST_DATABASE_URL=%q\n' "jdbc:postgresql://127.0.0.1:$port/suite"
    printf 'export KC_TEST_DATABASE_USER=%q KC_TEST_DATABASE_PASSWORD=%q\n' "$role" "$password"
    ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
