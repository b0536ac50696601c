#!/usr/bin/env bash
# CI: PostgreSQL for the hub's tests on the second store (issue 16). Installs Debian's postgresql
# when it is missing, starts a cluster (PG_CLUSTER, default main) as root, makes the test role and
# prints the URL the tests use: eval "$(.ci/postgres.sh)" exports HUB_TEST_PG_URL.
set -euo pipefail
cluster="${PG_CLUSTER:-main}"
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sudo -n -u postgres sh -c "$1"; fi; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "installing: postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q postgresql >&2
fi
ver="$(ls /usr/lib/postgresql | sort -V | tail -1)"
if ! pg_lsclusters -h | awk -v v="$ver" -v c="$cluster" '$1 == v && $2 == c { found = 1 } END { exit !found }'; then
  pg_createcluster "$ver" "$cluster" >&2
fi
port="$(pg_lsclusters -h | awk -v v="$ver" -v c="$cluster" '$1 == v && $2 == c { print $3 }')"
if ! pg_lsclusters -h | awk -v v="$ver" -v c="$cluster" '$1 == v && $2 == c && $4 == "online" { found = 1 } END { exit !found }'; then
  pg_ctlcluster --skip-systemctl-redirect "$ver" "$cluster" start >&2
fi
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 1; done
pg_isready -h 127.0.0.1 -p "$port" >&2
as_pg "psql -q -p $port -tAc \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'branchdesk') THEN CREATE ROLE branchdesk LOGIN CREATEDB PASSWORD 'branchdesk'; END IF; END \\\$\\\$\"" >&2
echo "PostgreSQL $ver cluster $cluster on port $port" >&2
echo "export HUB_TEST_PG_URL=postgres://branchdesk:branchdesk@127.0.0.1:$port/postgres"
