#!/usr/bin/env bash
# Writes into the deploy files the registry's current digest of every third-party image they name by version
# (the Dockerfile's Node base, PostgreSQL and Temporal's images in docker-compose.yml and deploy/k8s): each
# reference becomes name:version@sha256:<digest of its multi-platform index>, so the files keep the version a
# reader understands and the digest no registry can move. Our own image (akeneo-sync, tagged with
# package.json's version) is left alone.
#
# Needs crane, or Docker with buildx, and access to the registries: run it where Docker runs, after changing
# a version, or to take a rebuilt base image (Debian and Node security fixes are published as rebuilds of the
# same tag). Review the diff, run the unit tests, commit.
#   scripts/pin-image-digests.sh           # rewrite the files
#   scripts/pin-image-digests.sh --check   # change nothing; exit 1 if a digest is missing or no longer the tag's
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
files=(Dockerfile docker-compose.yml deploy/k8s/*.yaml)
# name:version, optionally @sha256:…; a version starts with a digit, so `latest` never matches. Comment
# lines are left alone.
reference='(node|postgres|temporalio/[a-z-]+):[0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?(@sha256:[0-9a-f]{64})?'

fail() {
  echo "pin-image-digests: $*" >&2
  exit 1
}

digest_of() {
  if command -v crane >/dev/null 2>&1; then
    crane digest "$1"
  elif command -v docker >/dev/null 2>&1; then
    docker buildx imagetools inspect "$1" --format '{{json .Manifest.Digest}}' | tr -d '"[:space:]'
  else
    fail "needs crane or docker (buildx) to read digests from the registry"
  fi
}

check=false
[ "${1:-}" = "--check" ] && check=true

stale=0
for ref in $(cat "${files[@]}" | grep -vE '^[[:space:]]*#' | grep -oE "$reference" | sort -u); do
  tag="${ref%@*}"
  pinned=""
  [ "$tag" != "$ref" ] && pinned="${ref#*@}"
  current="$(digest_of "$tag")"
  [[ "$current" =~ ^sha256:[0-9a-f]{64}$ ]] || fail "no digest for $tag (got '$current')"
  if [ "$pinned" = "$current" ]; then
    echo "$tag: $current (unchanged)"
    continue
  fi
  echo "$tag: ${pinned:-unpinned} -> $current"
  stale=1
  if ! $check; then
    # Every occurrence of the tag, pinned or not, in every file (node rather than sed -i: GNU and BSD differ).
    TAG="$tag" DIGEST="$current" node -e '
      const fs = require("node:fs");
      const escaped = process.env.TAG.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      const pattern = new RegExp(`${escaped}(@sha256:[0-9a-f]{64})?(?![A-Za-z0-9._-])`, "g");
      for (const file of process.argv.slice(1)) {
        const text = fs.readFileSync(file, "utf8");
        const pin = (line) => (/^\s*#/.test(line) ? line : line.replace(pattern, `${process.env.TAG}@${process.env.DIGEST}`));
        const next = text.split("\n").map(pin).join("\n");
        if (next !== text) fs.writeFileSync(file, next);
      }' "${files[@]}"
  fi
done

if $check && [ "$stale" -ne 0 ]; then
  fail "some digests are missing or stale: run scripts/pin-image-digests.sh"
fi
