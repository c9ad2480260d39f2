#!/usr/bin/env bash
# Start a local PostgreSQL server for the test suite and print the URL the tests use
# (PLANTRACK_TEST_POSTGRES_URL). Installs Debian's postgresql package when it is missing
# and creates a role `plantrack` that may create databases. Needs root (or sudo).
#
#   export PLANTRACK_TEST_POSTGRES_URL="$(bash scripts/start_postgres.sh)"
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "installing Debian's postgresql package…" >&2
    as_root apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
    as_root pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
    as_root pg_ctlcluster "$version" main start >&2
fi
port="$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')"

for _ in $(seq 1 30); do
    pg_isready -q -h localhost -p "$port" && break
    sleep 1
done
pg_isready -h localhost -p "$port" >&2

psql_admin() { as_root su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qAt -c \"$1\""; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = 'plantrack'")" != 1 ]; then
    psql_admin "CREATE ROLE plantrack LOGIN CREATEDB PASSWORD 'plantrack'" >&2
fi

echo "postgresql://plantrack:plantrack@localhost:$port/postgres"
