#!/usr/bin/env bash
# MCP gateway benchmark: steady tools/call of an echo tool at N concurrent sessions through agentgateway, and in
# the same run through mcp-proxy and supergateway, all in front of the same stdio backend (bench/echo-server.mjs by
# default). See bench/README.md.
#
#   bench/run.sh
#
# Environment (all optional):
#   BENCH_DURATION=10          measured window per server, seconds
#   BENCH_WARMUP=20            warm-up per server before the window, seconds (not measured); on a busy 2-core
#                              machine the gateway's tiered JIT needs ~12-15 s of load to reach steady CPU per call
#   BENCH_ROUNDS=1             repeat the whole sequence of servers N times (interleaved, in reverse every other
#                              round); the table shows medians
#   BENCH_SESSIONS=16          concurrent MCP sessions (one keep-alive connection and one call in flight each)
#   BENCH_TARGETS="agentgateway agentgateway-auth mcp-proxy supergateway"   servers to measure, in this order:
#                              agentgateway-auth = the same gateway with mcpAuthentication on the route (RS256 JWTs
#                              from a key made per run; one token per session, each with its own sub); also available:
#                              agentgateway-b = the gateway as built at BENCH_B_DLL with BENCH_B_ENV (an A/B experiment
#                              measured interleaved with agentgateway in the same run)
#   BENCH_BACKEND=echo         the stdio MCP server behind every gateway: echo = bench/echo-server.mjs (minimal, Node
#                              standard library only), everything = @modelcontextprotocol/server-everything
#   BENCH_PROTOCOL_VERSION=2025-06-18                      protocol version the client asks for
#   BENCH_ISOLATE=auto         auto|1|0: run servers and client in private network + PID namespaces (unshare), so
#                              that nothing listens beyond this loopback and every process dies with the run
#   BENCH_TIMELINE=0           1 = also print calls/s and CPU per call every 2 s, warm-up included
#   BENCH_GATEWAY_BUILD=native native = the executable `dotnet publish` makes (Native AOT, what is deployed; published
#                              to artifacts/native); jit = the framework-dependent build (`dotnet agentgateway.dll`,
#                              what `dotnet run` runs)
#   BENCH_LOADGEN_SCHED=batch  batch|other: the load generator's scheduling policy. batch (SCHED_BATCH) keeps its
#                              threads, woken by every answer, from preempting the server under test, as clients on
#                              other machines would not (see bench/common.sh and bench/README.md)
#   BENCH_SKIP_BUILD=0         1 = reuse the existing Release builds
#   BENCH_GATEWAY_ENV=""       extra environment for the gateway process only, e.g.
#                              "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0" (for experiments)
#   BENCH_B_DLL=<this build>   agentgateway-b only: the gateway to run, a dll or a native executable (e.g. a copy of
#                              another commit's build, or the other of the two builds)
#   BENCH_B_ENV=""             agentgateway-b only: extra environment for it
#   BENCH_RESULTS=bench/results/<UTC timestamp>            where results go (bench/results/latest points at it)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/common.sh
source "$BENCH_DIR/common.sh"

SESSIONS="${BENCH_SESSIONS:-16}"
ROUNDS="${BENCH_ROUNDS:-1}"
WARMUP="${BENCH_WARMUP:-20}"
DURATION="${BENCH_DURATION:-10}"
TARGETS="${BENCH_TARGETS:-agentgateway agentgateway-auth mcp-proxy supergateway}"
PROTOCOL="${BENCH_PROTOCOL_VERSION:-2025-06-18}"
ISOLATE="${BENCH_ISOLATE:-auto}"
GATEWAY_ENV="${BENCH_GATEWAY_ENV:-}"
GATEWAY_BUILD="${BENCH_GATEWAY_BUILD:-native}"
case "$GATEWAY_BUILD" in
  native) GW_EXE="$GW_NATIVE" ;;
  jit) GW_EXE="$GW_DLL" ;;
  *) printf '%s\n' "[bench] error: unknown BENCH_GATEWAY_BUILD '$GATEWAY_BUILD' (known: native jit)" >&2; exit 1 ;;
esac

# agentgateway-auth: what its tokens carry and its mcpAuthentication policy expects. Nothing is fetched from the
# issuer: the keys come from a JWKS file.
AUTH_ISSUER="https://bench.agentgateway.invalid/"
AUTH_AUDIENCE="https://bench.agentgateway.invalid/mcp"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '%s\n' "[bench] $*" >&2; }
die() { say "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# Measure stage: start each server in turn, load it, stop it. Runs inside the namespaces when isolation is on.
# ---------------------------------------------------------------------------------------------------------------
measure() {
  local results="$1"
  local node; node="$(command -v node)"
  local clk; clk="$(getconf CLK_TCK 2>/dev/null || echo 100)"
  local -a server_pids=()

  # Every process this stage started: the server's process group, plus its descendants found through /proc
  # (supergateway puts each child in a group of its own). TERM first, KILL after 5 s.
  descendants() {
    local root="$1" p
    ps -eo pid=,ppid= | awk -v r="$root" '
      { parent[$1] = $2; pids[NR] = $1 }
      END { for (i in pids) { p = pids[i]; q = parent[p]; while (q != "" && q != 0 && q != 1) { if (q == r) { print p; break } q = parent[q] } } }'
  }
  stop_server() {
    local pid="$1" kids i
    kids="$(descendants "$pid" | tr '\n' ' ')"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    # shellcheck disable=SC2086
    [ -n "$kids" ] && kill -TERM $kids 2>/dev/null || true
    for i in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    # shellcheck disable=SC2086
    [ -n "$kids" ] && kill -KILL $kids 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  }
  cleanup() {
    local pid
    trap - EXIT INT TERM HUP
    for pid in "${server_pids[@]}"; do
      [ -z "$pid" ] || stop_server "$pid"
    done
  }
  trap cleanup EXIT
  trap 'say "interrupted"; exit 130' INT TERM HUP

  if [ "${BENCH_IN_NAMESPACE:-0}" = 1 ]; then
    ip link set lo up 2>/dev/null || die "cannot bring up loopback in the network namespace (set BENCH_ISOLATE=0)"
  fi

  local round order name port pid cfg log note
  local -a load_args
  # Each server keeps its place in BENCH_TARGETS as its "order" (the report's row order); the sequence in which they
  # run is reversed every other round, so that a machine slowing down (or speeding up) during a round does not always
  # favour the server that runs first when ratios are paired within a round.
  local -a names sequence
  read -r -a names <<<"$TARGETS"
  local i
  for round in $(seq "$ROUNDS"); do
  sequence=()
  for i in "${!names[@]}"; do
    if [ $((round % 2)) = 0 ]; then sequence=("$i" "${sequence[@]}"); else sequence+=("$i"); fi
  done
  for i in "${sequence[@]}"; do
    name="${names[$i]}"
    order=$((i + 1))
    port="$(dotnet "$LOAD_DLL" freeport)"
    log="$results/r$round-$name.log"
    note=""
    load_args=()
    case "$name" in
      agentgateway | agentgateway-b | agentgateway-auth)
        local policies=""
        cfg="$results/agentgateway.yaml"
        if [ "$name" = agentgateway-auth ]; then
          # The same route with mcpAuthentication: every request needs a valid bearer JWT (strict mode).
          cfg="$results/agentgateway-auth.yaml"
          policies="      policies:
        mcpAuthentication:
          issuer: $AUTH_ISSUER
          audiences: [$AUTH_AUDIENCE]
          jwks:
            file: \"$results/auth/jwks.json\""
          load_args=(--bearer-file "$results/auth/tokens.txt")
        fi
        cat >"$cfg" <<EOF
# Generated by bench/run.sh: one listener, one route, one MCP backend with one stdio target. The admin, stats and
# readiness servers are off: nothing else may listen during a run, and runs must not collide on their default ports.
config:
  adminAddr: "off"
  statsAddr: "off"
  readinessAddr: "off"
  logging:
    level: warn
binds:
- port: $port
  listeners:
  - name: bench
    protocol: HTTP
    routes:
    - name: mcp
${policies:+$policies
}      backends:
      - mcp:
          targets:
          - name: echo
            stdio:
              cmd: $node
              args: [$BACKEND_YAML_ARGS]
EOF
        note="one stdio backend per session"
        local extra_env="$GATEWAY_ENV" dll="$GW_EXE"
        if [ "$name" = agentgateway-auth ]; then
          note="$note; mcpAuthentication (strict, RS256, JWKS file), a bearer JWT on every request, one token (sub) per session"
        fi
        if [ "$name" = agentgateway-b ]; then
          # A/B experiment: another build and/or environment, measured in the same rounds as agentgateway.
          dll="${BENCH_B_DLL:-$GW_EXE}"
          extra_env="${BENCH_B_ENV:-} $extra_env"
          note="$note; B: $dll${BENCH_B_ENV:+ with $BENCH_B_ENV}"
        fi
        gateway_cmd "$dll"
        # shellcheck disable=SC2086
        env $extra_env setsid "${GATEWAY_CMD[@]}" -f "$cfg" >"$log" 2>&1 </dev/null &
        ;;
      mcp-proxy)
        note="--server stream --no-modern (2025-era revisions only), stateful sessions, default event store"
        setsid "$node" "$MCP_PROXY" --host 127.0.0.1 --port "$port" --server stream --no-modern \
          -- "$node" "${BACKEND_ARGS[@]}" >"$log" 2>&1 </dev/null &
        ;;
      supergateway)
        note="--outputTransport streamableHttp --stateful: one stdio backend per session (via sh -c)"
        setsid "$node" "$SUPERGATEWAY" --stdio "$node ${BACKEND_ARGS[*]}" --outputTransport streamableHttp \
          --stateful --port "$port" --logLevel none >"$log" 2>&1 </dev/null &
        ;;
      *) die "unknown target '$name' (known: agentgateway agentgateway-auth agentgateway-b mcp-proxy supergateway)" ;;
    esac
    pid=$!
    server_pids+=("$pid")
    say "$name: pid $pid, http://127.0.0.1:$port/mcp, log $log"

    if ! DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 "${LOADGEN_CMD[@]}" run \
        --url "http://127.0.0.1:$port/mcp" --name "$name" --order "$order" --note "$note" \
        --sessions "$SESSIONS" --warmup "$WARMUP" --duration "$DURATION" --protocol-version "$PROTOCOL" \
        --server-pid "$pid" --clk-tck "$clk" --round "$round" --timeline "${BENCH_TIMELINE:-0}" \
        --out "$results/r$round-$order-$name.result.json" "${load_args[@]}"; then
      say "$name: the run failed; last lines of its log:"
      tail -n 20 "$log" >&2 || true
    fi

    stop_server "$pid"
    server_pids=("${server_pids[@]/$pid}")
  done
  done
}

if [ "${1:-}" = "--measure" ]; then
  measure "$2"
  exit 0
fi

# ---------------------------------------------------------------------------------------------------------------
# Prepare: tools, npm packages, Release builds.
# ---------------------------------------------------------------------------------------------------------------
command -v node >/dev/null || die "node is not on PATH"
command -v dotnet >/dev/null || die "dotnet is not on PATH"
[ -r /proc/self/stat ] || die "this benchmark reads /proc (Linux only)"

if [ "$BACKEND" = everything ] && [ ! -f "$EVERYTHING" ]; then
  say "npm ci (repository root: @modelcontextprotocol/server-everything)"
  (cd "$REPO_DIR" && npm ci --no-audit --no-fund >&2)
fi
if [ ! -f "$MCP_PROXY" ] || [ ! -f "$SUPERGATEWAY" ]; then
  say "npm ci --prefix bench (mcp-proxy, supergateway)"
  npm ci --prefix "$BENCH_DIR" --no-audit --no-fund >&2
fi

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="${BENCH_RESULTS:-$BENCH_DIR/results/$STAMP}"
mkdir -p "$RESULTS"
if [ -z "${BENCH_RESULTS:-}" ]; then
  ln -sfn "$RESULTS" "$BENCH_DIR/results/latest" 2>/dev/null || true
fi

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  say "building the gateway and the load generator (Release; log in $RESULTS/build.log)"
  for project in "$GW_PROJECT" "$LOAD_PROJECT"; do
    if ! dotnet build "$project" -c Release -nologo -v q >>"$RESULTS/build.log" 2>&1; then
      grep -E 'error|Error' "$RESULTS/build.log" | sort -u | tail -n 20 >&2 || true
      die "build failed: $project"
    fi
  done
  if [ "$GATEWAY_BUILD" = native ]; then
    say "publishing the gateway's native executable to ${GW_NATIVE%/*} (a few minutes the first time; needs clang)"
    if ! dotnet publish "$GW_PROJECT" -c Release -o "${GW_NATIVE%/*}" -nologo -v q >>"$RESULTS/build.log" 2>&1; then
      grep -E 'error|Error' "$RESULTS/build.log" | sort -u | tail -n 20 >&2 || true
      die "publish failed: $GW_PROJECT"
    fi
  fi
fi
[ -f "$GW_DLL" ] && [ -f "$GW_EXE" ] && [ -f "$LOAD_DLL" ] || die "missing build output ($GW_DLL, $GW_EXE, $LOAD_DLL)"

# agentgateway-auth: a signing key (RS256, the default) and its JWKS, and one token per session, each with its own
# sub (a session is bound to the sub that opened it), made fresh for this run with the gateway's own CLI. The tokens
# outlive the whole run.
case " $TARGETS " in
  *" agentgateway-auth "*)
    say "agentgateway-auth: keygen and $SESSIONS tokens in $RESULTS/auth"
    mkdir -p "$RESULTS/auth"
    dotnet "$GW_DLL" keygen --out "$RESULTS/auth" --force >"$RESULTS/auth/keygen.log" 2>&1 \
      || { cat "$RESULTS/auth/keygen.log" >&2; die "agentgateway keygen failed"; }
    lifetime=$(( ROUNDS * $(wc -w <<<"$TARGETS") * (${WARMUP%.*} + ${DURATION%.*} + 180) + 3600 ))
    : >"$RESULTS/auth/tokens.txt"
    for i in $(seq 0 $((SESSIONS - 1))); do
      dotnet "$GW_DLL" token --key "$RESULTS/auth/private-key.jwk.json" --iss "$AUTH_ISSUER" --aud "$AUTH_AUDIENCE" \
        --sub "$(printf 'bench-s%02d' "$i")" --expires-in "${lifetime}s" >>"$RESULTS/auth/tokens.txt" \
        || die "agentgateway token failed"
    done
    ;;
esac

if [ "$ISOLATE" = auto ]; then
  if unshare --net --pid --fork --mount-proc --kill-child true 2>/dev/null; then ISOLATE=1; else ISOLATE=0; fi
fi

say "backend $BACKEND, sessions $SESSIONS, warm-up ${WARMUP}s, window ${DURATION}s, rounds $ROUNDS, load generator SCHED_${LOADGEN_SCHED^^}, targets: $TARGETS; results in $RESULTS"
if [ "$ISOLATE" = 1 ]; then
  say "isolated: private network namespace (loopback only) and PID namespace (every process dies with the run)"
  BENCH_IN_NAMESPACE=1 unshare --net --pid --fork --mount-proc --kill-child bash "$BENCH_DIR/run.sh" --measure "$RESULTS"
else
  say "not isolated: servers listen on loopback ports of this machine (the gateway and supergateway bind every interface)"
  bash "$BENCH_DIR/run.sh" --measure "$RESULTS"
fi

git_rev="$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')"
git_dirty="$(git -C "$REPO_DIR" status --porcelain -- src 2>/dev/null | grep -q . && echo ' (src/ has uncommitted changes)' || true)"
header="Gateway commit $git_rev$git_dirty; node $(node --version); dotnet $(dotnet --version); mcp-proxy $(node -p "require('$BENCH_DIR/node_modules/mcp-proxy/package.json').version"); supergateway $(node -p "require('$BENCH_DIR/node_modules/supergateway/package.json').version"); gateway build: $GATEWAY_BUILD (${GW_EXE#"$REPO_DIR"/}); backend: $BACKEND (${BACKEND_ARGS[0]#"$REPO_DIR"/}); isolation: $([ "$ISOLATE" = 1 ] && echo 'network+PID namespaces' || echo none); load generator: SCHED_${LOADGEN_SCHED^^}${GATEWAY_ENV:+; gateway env: $GATEWAY_ENV}."
dotnet "$LOAD_DLL" report --dir "$RESULTS" --header "$header"
say "results: $RESULTS/summary.md and summary.json"
