#!/bin/sh
# Creates the namespace if it is missing and registers the custom search attributes the entity workflows
# set (src/workflows/search-attributes.ts: SEARCH_ATTRIBUTES). Idempotent: safe to run at every deploy.
# Needs the `temporal` CLI (the temporalio/admin-tools image has it) and a self-hosted cluster; on
# Temporal Cloud, add the same attributes with `tcld namespace search-attributes add` or the Cloud UI.
set -eu

ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
# Name=Type pairs; the types are the CLI's (Keyword, Datetime, Text, Int, Double, Bool, KeywordList).
SEARCH_ATTRIBUTES="ProductUuid=Keyword ProductModelCode=Keyword ProductIdentifier=Keyword SyncStatus=Keyword LastSyncedAt=Datetime"
ATTEMPTS="${SETUP_ATTEMPTS:-60}"

cli() { temporal "$@" --address "$ADDRESS"; }

attempt=1
until cli operator cluster health >/dev/null 2>&1; do
  if [ "$attempt" -ge "$ATTEMPTS" ]; then echo "Temporal at $ADDRESS is not healthy after $ATTEMPTS attempts" >&2; exit 1; fi
  attempt=$((attempt + 1))
  sleep 2
done

if cli operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then
  echo "namespace $NAMESPACE exists"
else
  cli operator namespace create --namespace "$NAMESPACE"
  echo "namespace $NAMESPACE created"
fi

# A namespace just created takes a few seconds to be known to every service: retry until it is.
registered() {
  cli operator search-attribute list --namespace "$NAMESPACE" --output json 2>/dev/null | grep -q "\"$1\""
}
for pair in $SEARCH_ATTRIBUTES; do
  name="${pair%%=*}"
  type="${pair#*=}"
  attempt=1
  until registered "$name"; do
    if cli operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type "$type" >/dev/null 2>&1; then break; fi
    if [ "$attempt" -ge "$ATTEMPTS" ]; then echo "could not register search attribute $name ($type)" >&2; exit 1; fi
    attempt=$((attempt + 1))
    sleep 2
  done
  echo "search attribute $name ($type) registered"
done
