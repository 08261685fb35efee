#!/bin/sh
# Creates or upgrades the Temporal schemas (persistence and visibility) in PostgreSQL. Idempotent: the
# `create` steps fail harmlessly when the database exists, and update-schema only applies what is missing.
# Runs in the temporalio/admin-tools image (temporal-sql-tool and the versioned schemas are in it).
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS is required}"
: "${POSTGRES_USER:?POSTGRES_USER is required}"
: "${SQL_PASSWORD:?SQL_PASSWORD is required}"
PORT="${DB_PORT:-5432}"
# Where the admin-tools image keeps the versioned schemas; the cluster test bed points it at its own build.
SCHEMA_DIR="${SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"

sql() {
  target="$1"
  shift
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -u "$POSTGRES_USER" -p "$PORT" --db "$target" "$@"
}

# The image has nc; elsewhere DB_READY_COMMAND replaces the check (for example `pg_isready -h <host> -p <port>`).
db_ready() {
  if [ -n "${DB_READY_COMMAND:-}" ]; then
    sh -c "$DB_READY_COMMAND" >/dev/null 2>&1
  else
    nc -z -w 5 "$POSTGRES_SEEDS" "$PORT"
  fi
}

until db_ready; do
  echo "waiting for PostgreSQL at $POSTGRES_SEEDS:$PORT"
  sleep 2
done

for db in temporal temporal_visibility; do
  dir=temporal
  [ "$db" = temporal_visibility ] && dir=visibility
  sql "$db" create 2>/dev/null || echo "database $db exists"
  sql "$db" setup-schema -v 0.0 2>/dev/null || echo "schema of $db already set up"
  sql "$db" update-schema -d "$SCHEMA_DIR/$dir/versioned"
done
echo 'Temporal schemas are up to date'
