#!/usr/bin/env bash
# Runs every test of the repository: installs the Node MCP servers the tests use (from package-lock.json), publishes
# the native executable, builds, runs `dotnet test` on the solution, and prints the totals as a last line
# "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null; then echo "error: the .NET 10 SDK (dotnet) is required" >&2; exit 1; fi
if ! command -v npm >/dev/null; then echo "error: Node.js and npm are required (the tests run npm MCP servers)" >&2; exit 1; fi

# npm ci only when the lockfile changed since the last install, so repeated runs stay fast.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.agentgateway-lock; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.agentgateway-lock
fi

# The MCP conformance suite (node 22 ships inside an npm package), run by one of the end-to-end tests.
if [ ! -f tests/conformance/node_modules/.package-lock.json ] || ! cmp -s tests/conformance/package-lock.json tests/conformance/node_modules/.agentgateway-lock; then
  (cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error)
  cp tests/conformance/package-lock.json tests/conformance/node_modules/.agentgateway-lock
fi

# The gateway's native executable (`dotnet publish`: Native AOT, which links with clang), run by the end-to-end tests
# beside the JIT build (tests/AgentGateway.IntegrationTests/Infrastructure/NativeGateway.cs). Published here, before
# the tests start, so that no test waits for it; only when a source of the gateway is newer than it (the same rule as
# NativeGateway.cs), as a publish takes about 3 minutes on 2 cores.
native=artifacts/native/agentgateway
if [ ! -x "$native" ] || [ -n "$(find src/AgentGateway src/AgentGateway.Cel Directory.Build.props Directory.Packages.props global.json \
    -type f -newer "$native" -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]; then
  if ! command -v clang >/dev/null; then echo "error: clang is required to publish the native executable (Debian: apt-get install clang)" >&2; exit 1; fi
  dotnet publish src/AgentGateway/AgentGateway.csproj --configuration Release --output artifacts/native -nologo -v q
fi

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

status=0
dotnet test AgentGateway.slnx --configuration Release \
  --logger "trx" --results-directory "$results" \
  -- RunConfiguration.TreatNoTestsAsError=true || status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done

if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "error: no test ran" >&2
  status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
