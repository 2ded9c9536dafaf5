# Sourced by bench/run.sh and bench/ab-parallel.sh: the paths both use, and the stdio backend every server runs.
# Expects BENCH_DIR to be set by the caller (the directory of this file).
# shellcheck shell=bash

REPO_DIR="$(dirname "$BENCH_DIR")"
GW_PROJECT="$REPO_DIR/src/AgentGateway/AgentGateway.csproj"
GW_DLL="$REPO_DIR/src/AgentGateway/bin/Release/net10.0/agentgateway.dll"
# The native executable `dotnet publish` makes (Native AOT), where test.sh and the tests publish it too.
GW_NATIVE="$REPO_DIR/artifacts/native/agentgateway"
LOAD_PROJECT="$BENCH_DIR/McpLoad/McpLoad.csproj"
LOAD_DLL="$BENCH_DIR/McpLoad/bin/Release/net10.0/mcpload.dll"
EVERYTHING="$REPO_DIR/node_modules/@modelcontextprotocol/server-everything/dist/index.js"
MCP_PROXY="$BENCH_DIR/node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs"
SUPERGATEWAY="$BENCH_DIR/node_modules/supergateway/dist/index.js"

# BENCH_BACKEND picks the stdio MCP server behind every gateway (the same one for all of them):
#   echo        bench/echo-server.mjs, a minimal echo server on Node's standard library (the default; issue 2's
#               "stdio echo backend" of about 30 µs per call)
#   everything  @modelcontextprotocol/server-everything, the seed's server (its echo tool; several times the CPU per
#               call of the minimal one, so on 2 cores the backends take most of the machine)
# BACKEND_ARGS are the arguments after `node`; BACKEND_YAML_ARGS the same as the items of a YAML flow sequence.
BACKEND="${BENCH_BACKEND:-echo}"
case "$BACKEND" in
  echo) BACKEND_ARGS=("$BENCH_DIR/echo-server.mjs") ;;
  everything) BACKEND_ARGS=("$EVERYTHING" stdio) ;;
  *) printf '%s\n' "[bench] error: unknown BENCH_BACKEND '$BACKEND' (known: echo everything)" >&2; exit 1 ;;
esac
BACKEND_YAML_ARGS=""
for arg in "${BACKEND_ARGS[@]}"; do BACKEND_YAML_ARGS+="${BACKEND_YAML_ARGS:+, }\"$arg\""; done

# The command that starts a gateway build: `dotnet <path>` for a framework-dependent build (a .dll), the path itself
# for a self-contained executable (e.g. a Native AOT publish). Used as: "${GATEWAY_CMD[@]}" -f config.yaml
gateway_cmd() { # <path>
  case "$1" in
    *.dll) GATEWAY_CMD=(dotnet "$1") ;;
    *) GATEWAY_CMD=("$1") ;;
  esac
}

# BENCH_LOADGEN_SCHED: the scheduling policy the load generator runs under.
#   batch  SCHED_BATCH (the default): the load generator stands in for clients that, in production, run on other
#          machines. On this shared 2-core machine, every answer the server sends wakes a load-generator thread, and
#          under SCHED_OTHER that thread preempts the server on its way back from the send: the server is switched
#          out and in again once per call or more, and that switch is charged to its CPU per call. A SCHED_BATCH task
#          does not preempt on wake-up; it still gets its fair share of the CPU (the policy needs no privilege).
#   other  SCHED_OTHER, as before 2026-11-28: the co-located client's wake-ups are part of the figure.
LOADGEN_SCHED="${BENCH_LOADGEN_SCHED:-batch}"
case "$LOADGEN_SCHED" in
  batch)
    if command -v chrt >/dev/null && chrt -b 0 true 2>/dev/null; then LOADGEN_CMD=(chrt -b 0 dotnet "$LOAD_DLL")
    else printf '%s\n' "[bench] warning: chrt -b is not available; the load generator runs under SCHED_OTHER" >&2; LOADGEN_SCHED=other; LOADGEN_CMD=(dotnet "$LOAD_DLL"); fi ;;
  other) LOADGEN_CMD=(dotnet "$LOAD_DLL") ;;
  *) printf '%s\n' "[bench] error: unknown BENCH_LOADGEN_SCHED '$LOADGEN_SCHED' (known: batch other)" >&2; exit 1 ;;
esac
