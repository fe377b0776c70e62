#!/usr/bin/env bash
# A local multi-silo cluster: N production-profile silos as processes on one throwaway PostgreSQL, with one anvil
# devnet, so membership, placement, failover and rolling restarts can be watched on one machine.
#
#   deploy/local/cluster.sh up N      start PostgreSQL, anvil, apply the schema (wsc db migrate), start N silos
#   deploy/local/cluster.sh scale N   start or stop silos (highest index first, gracefully) until N run
#   deploy/local/cluster.sh roll      restart every silo in turn: SIGTERM, wait for exit, start, wait for /health/ready
#   deploy/local/cluster.sh kill I    crash silo I (SIGKILL: no goodbye to the cluster), then start it again and wait
#                                     for /health/ready, as a Kubernetes restart policy would
#   deploy/local/cluster.sh status [--json]   silos (pid, ports, readiness) and the Orleans membership table
#   deploy/local/cluster.sh down      stop the silos (gracefully), anvil and PostgreSQL; delete the state directory
#
# Environment (all optional):
#   WSC_CLUSTER_DIR        state directory (default /tmp/wsc-cluster): PostgreSQL data, logs, pids, ports
#   WSC_CLUSTER_PORT_BASE  fixed ports: PostgreSQL BASE, anvil BASE+1, silo i: HTTP BASE+10i, silo BASE+10i+1,
#                          gateway BASE+10i+2 (default: free ports picked at random, kept for the cluster's life)
#   WSC_CLUSTER_ID         Orleans ClusterId (default wsc; wsc reads the same variable, so clients find the cluster)
#   WSC_BLOCK_TIME         anvil block time in seconds (default 1)
#   WSC_SILO_DLL, WSC_CLI_DLL  prebuilt wsc-silo.dll and wsc.dll (default: build Silo and Client in Release)
#   WSC_SILO_ARGS          extra silo arguments, e.g. "--Orleans:Membership:ProbeTimeout=00:00:02"
#   WSC_READY_TIMEOUT      seconds to wait for a silo's /health/ready (default 180)
#   WSC_STOP_TIMEOUT       seconds to wait for a silo to exit after SIGTERM before SIGKILL (default 60)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${WSC_CLUSTER_DIR:-/tmp/wsc-cluster}
cluster_id=${WSC_CLUSTER_ID:-wsc}
block_time=${WSC_BLOCK_TIME:-1}
ready_timeout=${WSC_READY_TIMEOUT:-180}
stop_timeout=${WSC_STOP_TIMEOUT:-60}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

die() { echo "cluster.sh: $*" >&2; exit 1; }
say() { echo "cluster.sh: $*" >&2; }

usage() { die "usage: cluster.sh up N | scale N | roll | kill I | status [--json] | down"; }

count_arg() {
  [[ "${1:-}" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 16 ] || die "silo count '${1:-}' is not a number from 1 to 16"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

port_for() { # port_for NAME OFFSET: fixed from WSC_CLUSTER_PORT_BASE, else random
  if [ -n "${WSC_CLUSTER_PORT_BASE:-}" ]; then echo $((WSC_CLUSTER_PORT_BASE + $2)); else free_port; fi
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

psql_cmd() {
  "$pgbin/psql" -h 127.0.0.1 -p "$(cat "$dir/pg.port")" -U postgres -d "${psql_db:-wsc}" -X -q -A -t "$@"
}

binaries() {
  if [ -n "${WSC_SILO_DLL:-}" ] && [ -n "${WSC_CLI_DLL:-}" ]; then
    silo_dll=$WSC_SILO_DLL
    cli_dll=$WSC_CLI_DLL
  else
    silo_dll=$root/Silo/bin/Release/net10.0/wsc-silo.dll
    cli_dll=$root/Client/bin/Release/net10.0/wsc.dll
    say "building Silo and Client (Release)"
    dotnet build "$root/Silo/Silo.csproj" -c Release -nologo -v q >&2
    dotnet build "$root/Client/Client.csproj" -c Release -nologo -v q >&2
  fi
  [ -f "$silo_dll" ] || die "silo binary $silo_dll does not exist"
  [ -f "$cli_dll" ] || die "wsc binary $cli_dll does not exist"
  echo "$silo_dll" > "$dir/silo.dll"
  echo "$cli_dll" > "$dir/cli.dll"
}

start_postgres() {
  [ -n "$pgbin" ] && [ -x "$pgbin/initdb" ] || die "PostgreSQL is not installed: run scripts/setup.sh"
  local port; port=$(port_for pg 0)
  mkdir -p "$dir/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir/pg"
  as_postgres "$pgbin/initdb" -D "$dir/pg/data" -A trust -U postgres --no-sync -E UTF8 >/dev/null
  as_postgres "$pgbin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/log" -w -t 60 \
    -o "-p $port -k $dir/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || die "PostgreSQL did not start: $(tail -n 5 "$dir/pg/log" 2>/dev/null)"
  echo "$port" > "$dir/pg.port"
  psql_db=postgres psql_cmd -c "CREATE DATABASE wsc" >/dev/null
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=wsc;Maximum Pool Size=50" > "$dir/connection"
  say "PostgreSQL on 127.0.0.1:$port"
}

start_anvil() {
  local anvil port
  anvil=$(command -v anvil || true)
  [ -z "$anvil" ] && [ -x "$root/.tools/bin/anvil" ] && anvil=$root/.tools/bin/anvil
  if [ -z "$anvil" ]; then bash "$root/scripts/setup.sh" >&2; anvil=$root/.tools/bin/anvil; fi
  port=$(port_for anvil 1)
  # Its own session: a Ctrl+C in the shell that ran `up` must not take the devnet down.
  setsid "$anvil" --port "$port" --host 127.0.0.1 --chain-id 31337 --silent --block-time "$block_time" \
    > "$dir/anvil.log" 2>&1 < /dev/null &
  echo $! > "$dir/anvil.pid"
  echo "$port" > "$dir/anvil.port"
  for _ in $(seq 1 100); do
    if curl -sf -o /dev/null -H 'content-type: application/json' \
        -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "http://127.0.0.1:$port"; then
      say "anvil on 127.0.0.1:$port (block time ${block_time}s)"
      return
    fi
    alive "$dir/anvil.pid" || die "anvil exited: $(tail -n 5 "$dir/anvil.log")"
    sleep 0.1
  done
  die "anvil did not answer on port $port"
}

migrate() {
  dotnet "$(cat "$dir/cli.dll")" db migrate --connection "$(cat "$dir/connection")" --json > "$dir/migrate.json" \
    || die "wsc db migrate failed"
  say "schema applied: $(cat "$dir/migrate.json")"
}

silo_count() { ls -d "$dir"/silo-* 2>/dev/null | wc -l; }

start_silo() { # start_silo I: start silo I (ports chosen on first start, then kept)
  local i=$1 s="$dir/silo-$1"
  mkdir -p "$s"
  if [ ! -f "$s/ports" ]; then
    local off=$((10 * i))
    echo "$(port_for http "$off") $(port_for silo $((off + 1))) $(port_for gateway $((off + 2)))" > "$s/ports"
  fi
  local http silo gateway
  read -r http silo gateway < "$s/ports"
  # shellcheck disable=SC2086 # WSC_SILO_ARGS is a list of arguments
  DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production setsid dotnet "$(cat "$dir/silo.dll")" \
    --Profile=Production \
    "--Postgres:ConnectionString=$(cat "$dir/connection")" \
    "--Ethereum:Rpc=http://127.0.0.1:$(cat "$dir/anvil.port")" \
    "--Orleans:ClusterId=$cluster_id" --Orleans:ServiceId=wsc \
    --Orleans:AdvertisedIPAddress=127.0.0.1 "--Orleans:SiloPort=$silo" "--Orleans:GatewayPort=$gateway" \
    "--Http:Port=$http" "--Storage:TagSecret=$(cat "$dir/tag-secret")" --Devnet:Enabled=false \
    ${WSC_SILO_ARGS:-} >> "$s/log" 2>&1 < /dev/null &
  echo $! > "$s/pid"
  say "silo $i: pid $(cat "$s/pid"), HTTP $http, silo port $silo, gateway $gateway"
}

wait_ready() { # wait_ready I
  local i=$1 s="$dir/silo-$1" http
  read -r http _ _ < "$s/ports"
  local deadline=$((SECONDS + ready_timeout))
  while [ $SECONDS -lt $deadline ]; do
    if curl -sf -o /dev/null "http://127.0.0.1:$http/health/ready"; then
      say "silo $i ready"
      return
    fi
    alive "$s/pid" || die "silo $i exited during start-up: $(tail -n 5 "$s/log")"
    sleep 0.5
  done
  die "silo $i not ready after ${ready_timeout}s: $(curl -s "http://127.0.0.1:$http/health/ready" || true)"
}

stop_pid() { # stop_pid PIDFILE NAME: SIGTERM, wait for exit, SIGKILL after the stop timeout
  local pidfile=$1 name=$2 pid
  alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  kill -TERM "$pid"
  local deadline=$((SECONDS + stop_timeout))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      say "$name did not exit ${stop_timeout}s after SIGTERM: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pidfile"
}

stop_silo() { # stop_silo I
  local started=$SECONDS
  stop_pid "$dir/silo-$1/pid" "silo $1"
  say "silo $1 stopped in $((SECONDS - started))s"
}

cmd_up() {
  count_arg "${1:-}"
  [ -f "$dir/pg.port" ] && die "a cluster is already up in $dir (use scale, roll or down)"
  mkdir -p "$dir"
  chmod 755 "$dir"
  binaries
  python3 -c 'import secrets; print(secrets.token_hex(32))' > "$dir/tag-secret"
  chmod 600 "$dir/tag-secret"
  start_postgres
  start_anvil
  migrate
  for i in $(seq 1 "$1"); do start_silo "$i"; done
  for i in $(seq 1 "$1"); do wait_ready "$i"; done
  say "up: $1 silos (cluster '$cluster_id', state in $dir)"
}

cmd_scale() {
  count_arg "${1:-}"
  [ -f "$dir/pg.port" ] || die "no cluster in $dir (run up first)"
  local n; n=$(silo_count)
  if [ "$1" -gt "$n" ]; then
    for i in $(seq $((n + 1)) "$1"); do start_silo "$i"; done
    for i in $(seq $((n + 1)) "$1"); do wait_ready "$i"; done
  else
    for i in $(seq "$n" -1 $(($1 + 1))); do stop_silo "$i"; rm -rf "$dir/silo-$i"; done
  fi
  say "scaled from $n to $1 silos"
}

cmd_roll() {
  [ -f "$dir/pg.port" ] || die "no cluster in $dir (run up first)"
  local n; n=$(silo_count)
  for i in $(seq 1 "$n"); do
    stop_silo "$i"
    start_silo "$i"
    wait_ready "$i"
  done
  say "rolled $n silos"
}

cmd_kill() {
  [ -f "$dir/pg.port" ] || die "no cluster in $dir (run up first)"
  local i=${1:-} n; n=$(silo_count)
  [[ "$i" =~ ^[0-9]+$ ]] && [ "$i" -ge 1 ] && [ "$i" -le "$n" ] || die "silo '$i' is not one of 1 to $n"
  local s="$dir/silo-$i"
  alive "$s/pid" || die "silo $i is not running"
  kill -KILL "$(cat "$s/pid")"
  while alive "$s/pid"; do sleep 0.05; done
  say "silo $i killed (SIGKILL, pid $(cat "$s/pid"))"
  local started=$SECONDS
  start_silo "$i"
  wait_ready "$i"
  say "silo $i back in $((SECONDS - started))s"
}

cmd_status() {
  [ -f "$dir/pg.port" ] || die "no cluster in $dir"
  local json=${1:-} n i s http silo gateway pid ready members
  n=$(silo_count)
  members=$(psql_cmd -F ' ' -c "SELECT address || ':' || port, generation, status, proxyport FROM orleansmembershiptable WHERE deploymentid = '$cluster_id' ORDER BY port, generation")
  if [ "$json" = "--json" ]; then
    local silos=() rows=()
    for i in $(seq 1 "$n"); do
      s="$dir/silo-$i"; read -r http silo gateway < "$s/ports"; pid=$(cat "$s/pid" 2>/dev/null || echo 0)
      alive "$s/pid" && running=true || running=false
      curl -sf -o /dev/null "http://127.0.0.1:$http/health/ready" && ready=true || ready=false
      silos+=("{\"index\":$i,\"pid\":$pid,\"running\":$running,\"ready\":$ready,\"http\":$http,\"siloPort\":$silo,\"gateway\":$gateway}")
    done
    while read -r address generation status proxy; do
      [ -z "$address" ] && continue
      rows+=("{\"address\":\"$address\",\"generation\":$generation,\"status\":$status,\"gateway\":$proxy}")
    done <<< "$members"
    local IFS=,
    echo "{\"clusterId\":\"$cluster_id\",\"dir\":\"$dir\",\"postgres\":\"$(cat "$dir/connection")\",\"rpc\":\"http://127.0.0.1:$(cat "$dir/anvil.port")\",\"silos\":[${silos[*]}],\"membership\":[${rows[*]}]}"
    return
  fi
  echo "cluster '$cluster_id' in $dir"
  echo "postgres: $(cat "$dir/connection")"
  echo "anvil:    http://127.0.0.1:$(cat "$dir/anvil.port") $(alive "$dir/anvil.pid" && echo running || echo STOPPED)"
  for i in $(seq 1 "$n"); do
    s="$dir/silo-$i"; read -r http silo gateway < "$s/ports"
    ready=$(curl -s "http://127.0.0.1:$http/health/ready" || echo "no answer")
    echo "silo $i:   pid $(cat "$s/pid" 2>/dev/null || echo -) $(alive "$s/pid" && echo running || echo STOPPED), HTTP $http, gateway $gateway, ready: $ready"
  done
  echo "membership (address generation status[3 active, 6 dead] gateway):"
  echo "$members" | sed 's/^/  /'
}

cmd_down() {
  [ -d "$dir" ] || { say "nothing to stop in $dir"; return; }
  for s in "$dir"/silo-*; do
    [ -d "$s" ] && stop_silo "${s##*-}"
  done
  stop_pid "$dir/anvil.pid" anvil
  if [ -f "$dir/pg.port" ] && [ -d "$dir/pg/data" ]; then
    as_postgres "$pgbin/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$dir"
  say "down"
}

case "${1:-}" in
  up) cmd_up "${2:-}" ;;
  scale) cmd_scale "${2:-}" ;;
  roll) cmd_roll ;;
  kill) cmd_kill "${2:-}" ;;
  status) cmd_status "${2:-}" ;;
  down) cmd_down ;;
  *) usage ;;
esac
