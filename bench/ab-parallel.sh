#!/usr/bin/env bash
# A/B of two gateway builds under the same machine noise: both gateways are loaded at the same time (half the sessions
# each, same stdio echo backend, same config), so a slow minute of the VM slows both. See bench/README.md ("A/B").
#
#   bench/ab-parallel.sh <dll or executable A> <dll or executable B> [pairs]
#
# Each pair runs twice, A started first then B started first (the first one tends to get more of the machine); the
# script prints, per run, calls/s and server CPU per call of both, and B ÷ A of the CPU per call per run and per pair
# (the geometric mean of its two orders). Environment: BENCH_BACKEND (echo, as in run.sh), BENCH_SESSIONS (16, split
# in two), BENCH_WARMUP (20), BENCH_DURATION (20), BENCH_A_ENV / BENCH_B_ENV (extra environment for A or B only, e.g.
# to A/B a runtime setting of one build: pass the same dll twice), BENCH_LOADGEN_SCHED (batch, as in run.sh).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/common.sh
source "$BENCH_DIR/common.sh"
DLL_A="${1:?usage: bench/ab-parallel.sh <dll or executable A> <dll or executable B> [pairs]}"
DLL_B="${2:?usage: bench/ab-parallel.sh <dll or executable A> <dll or executable B> [pairs]}"
PAIRS="${3:-2}"
SESSIONS=$(( ${BENCH_SESSIONS:-16} / 2 ))
WARMUP="${BENCH_WARMUP:-20}"
DURATION="${BENCH_DURATION:-20}"
CLK="$(getconf CLK_TCK 2>/dev/null || echo 100)"
NODE="$(command -v node)"
[ -f "$LOAD_DLL" ] || dotnet build -c Release "$BENCH_DIR/McpLoad/McpLoad.csproj" >/dev/null
[ "$BACKEND" != everything ] || [ -f "$EVERYTHING" ] || { echo "server-everything is not installed (npm ci at the repository root)" >&2; exit 1; }
OUT="$(mktemp -d)"
trap 'kill -TERM -- -"${PID_A:-0}" -"${PID_B:-0}" 2>/dev/null || true; rm -rf "$OUT"' EXIT

config() {
  cat <<EOF
config: {adminAddr: "off", statsAddr: "off", readinessAddr: "off", logging: {level: warn}}
binds:
- port: $1
  listeners:
  - routes:
    - backends:
      - mcp:
          targets:
          - name: echo
            stdio: {cmd: "$NODE", args: [$BACKEND_YAML_ARGS]}
EOF
}

run_one() { # <label> <dll A> <env A> <dll B> <env B>
  local port_a port_b
  port_a="$(dotnet "$LOAD_DLL" freeport)"; port_b="$(dotnet "$LOAD_DLL" freeport)"
  config "$port_a" >"$OUT/a.yaml"; config "$port_b" >"$OUT/b.yaml"
  gateway_cmd "$2"
  # shellcheck disable=SC2086
  env $3 setsid "${GATEWAY_CMD[@]}" -f "$OUT/a.yaml" >"$OUT/a.log" 2>&1 </dev/null & PID_A=$!
  gateway_cmd "$4"
  # shellcheck disable=SC2086
  env $5 setsid "${GATEWAY_CMD[@]}" -f "$OUT/b.yaml" >"$OUT/b.log" 2>&1 </dev/null & PID_B=$!
  sleep 3
  local common=(--order 1 --note ab --sessions "$SESSIONS" --warmup "$WARMUP" --duration "$DURATION" --protocol-version 2025-06-18
    --clk-tck "$CLK" --round 1 --timeline 0)
  "${LOADGEN_CMD[@]}" run --url "http://127.0.0.1:$port_a/mcp" --name A "${common[@]}" --server-pid "$PID_A" --out "$OUT/a.json" >"$OUT/load-a.log" 2>&1 & local la=$!
  "${LOADGEN_CMD[@]}" run --url "http://127.0.0.1:$port_b/mcp" --name B "${common[@]}" --server-pid "$PID_B" --out "$OUT/b.json" >"$OUT/load-b.log" 2>&1 & local lb=$!
  wait "$la" "$lb" || { cat "$OUT/load-a.log" "$OUT/load-b.log" >&2; exit 1; }
  kill -TERM -- -"$PID_A" -"$PID_B" 2>/dev/null || true
  sleep 2
  python3 - "$1" "$OUT/a.json" "$OUT/b.json" <<'PY'
import json, sys
label, a, b = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
print(f"{label}: first {a['callsPerSecond']:.0f} calls/s {a['serverCpuUsPerCall']:.1f} µs/call ({a['errors']} errors); "
      f"second {b['callsPerSecond']:.0f} calls/s {b['serverCpuUsPerCall']:.1f} µs/call ({b['errors']} errors)")
PY
  python3 - "$OUT/a.json" "$OUT/b.json" >>"$OUT/ratios" "$6" <<'PY'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ra = a['serverCpuUsPerCall'] / b['serverCpuUsPerCall'] if sys.argv[3] == "swapped" else b['serverCpuUsPerCall'] / a['serverCpuUsPerCall']
print(ra)
PY
}

echo "A: $DLL_A ${BENCH_A_ENV:-}"; echo "B: $DLL_B ${BENCH_B_ENV:-}"; echo "backend $BACKEND, $SESSIONS sessions each, warm-up ${WARMUP}s, window ${DURATION}s"
for i in $(seq "$PAIRS"); do
  run_one "pair $i, A then B" "$DLL_A" "${BENCH_A_ENV:-}" "$DLL_B" "${BENCH_B_ENV:-}" normal
  run_one "pair $i, B then A" "$DLL_B" "${BENCH_B_ENV:-}" "$DLL_A" "${BENCH_A_ENV:-}" swapped
done
python3 - "$OUT/ratios" <<'PY'
import math, statistics, sys
r = [float(x) for x in open(sys.argv[1])]
# The gateway started first tends to get more of the machine (and a lower CPU per call at a higher rate): each pair
# runs both orders, and its geometric mean cancels that.
pairs = [math.sqrt(r[i] * r[i + 1]) for i in range(0, len(r) - 1, 2)]
print("server CPU per call, B ÷ A, per run: " + ", ".join(f"{x:.3f}" for x in r))
print(f"per pair (both orders): " + ", ".join(f"{x:.3f}" for x in pairs) + f"; median {statistics.median(pairs):.3f}")
PY
