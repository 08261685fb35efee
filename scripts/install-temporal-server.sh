#!/usr/bin/env bash
# Builds the Temporal server and temporal-sql-tool at the version docker-compose.yml pins, from the Go module
# proxy only, into ./.temporal-server (bin/, the PostgreSQL schemas, and the server's docker.yaml config
# template that the temporalio/server image runs). Reproducible: tools/temporal-server/go.mod and go.sum pin
# every module and its checksum; go.mod is never rewritten (-mod=readonly); no toolchain is downloaded.
# Idempotent: does nothing when this exact build is already there; concurrent runs wait for each other.
# The cluster test bed (src/dev/temporal-cluster.ts) uses it, and runs it itself when the build is missing;
# PostgreSQL comes from the machine (embedded-postgres by default).
#
#   --background   start the build at the lowest CPU priority and return at once (log: .temporal-server.log);
#                  `npm test` does this so the build overlaps the dev-server tests instead of adding to them.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mod="$root/tools/temporal-server"
out="${TEMPORAL_SERVER_DIR:-$root/.temporal-server}"

fail() {
  echo "install-temporal-server: $*" >&2
  exit 1
}

version="$(sed -n 's#^[[:space:]]*go\.temporal\.io/server \(v[0-9][0-9.]*\).*#\1#p' "$mod/go.mod")"
pinned="$(sed -n 's#.*temporalio/server:\([0-9][0-9.]*\).*#\1#p' "$root/docker-compose.yml" | head -1)"
[ -n "$version" ] || fail "no go.temporal.io/server version in tools/temporal-server/go.mod"
[ "v$pinned" = "$version" ] || fail "docker-compose.yml pins temporalio/server:$pinned but tools/temporal-server/go.mod has $version: keep them equal"

build_id="$version-$(cat "$mod/go.mod" "$mod/go.sum" | sha256sum | cut -c1-16)"
stamp="$out/.build-$build_id"
built() { [ -f "$stamp" ] && [ -x "$out/bin/temporal-server" ] && [ -x "$out/bin/temporal-sql-tool" ]; }
built && exit 0

command -v go >/dev/null 2>&1 || fail "the Go toolchain is needed to build the Temporal server (go.dev/doc/install)"

if [ "${1:-}" = "--background" ]; then
  log="$out.log"
  nohup nice -n 19 bash "${BASH_SOURCE[0]}" >"$log" 2>&1 </dev/null &
  echo "install-temporal-server: building Temporal server $version in the background (log: $log)"
  exit 0
fi

# One build at a time: a second run waits here, then finds the first one's build.
exec 9>"$out.lock"
flock 9
built && exit 0

echo "install-temporal-server: building Temporal server $version and temporal-sql-tool (a few minutes the first time)"
export GOFLAGS="-mod=readonly -trimpath -buildvcs=false"
export CGO_ENABLED=0
export GOTOOLCHAIN=local
# The module proxy and the checksum database only: never a VCS host.
export GOPROXY="${GOPROXY_OVERRIDE:-https://proxy.golang.org}"
export GONOSUMDB= GONOSUMCHECK= GOPRIVATE= GOINSECURE=

staging="$out.tmp.$$"
rm -rf "$staging"
mkdir -p "$staging/bin" "$staging/schema" "$staging/config"
trap 'rm -rf "$staging"' EXIT
(
  cd "$mod"
  go build -o "$staging/bin/" go.temporal.io/server/cmd/server go.temporal.io/server/cmd/tools/sql
  src="$(go list -m -f '{{.Dir}}' go.temporal.io/server)"
  cp -R "$src/schema/postgresql" "$staging/schema/postgresql"
  cp "$src/config/docker.yaml" "$staging/config/docker.yaml"
)
mv "$staging/bin/server" "$staging/bin/temporal-server"
mv "$staging/bin/sql" "$staging/bin/temporal-sql-tool"
# The module cache is read-only: make the copies removable.
chmod -R u+w "$staging"
"$staging/bin/temporal-server" --version >/dev/null
touch "$staging/.build-$build_id"
rm -rf "$out"
mv "$staging" "$out"
trap - EXIT
echo "install-temporal-server: $("$out/bin/temporal-server" --version) at $out/bin/temporal-server, temporal-sql-tool beside it, schemas in $out/schema"
