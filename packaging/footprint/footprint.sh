#!/usr/bin/env bash
# Footprint benchmark of an installed Watchtower daemon.
#
# Starts PostgreSQL, Redis, dnsmasq and an HTTP target behind HAProxy (each on a free loopback
# port, in a temporary folder), then the daemon with one tower of each installed type watching
# them every 15 s, and samples the daemon's RSS and CPU time from /proc once a second.
# Prints peak RSS, average CPU (% of one core; from ready, and after the first minute) and the time
# from process start to the first probe.
#
# Usage (root):  packaging/footprint/footprint.sh [--duration SECONDS] [--deb FILE | --home DIR]
#   --duration  how long to sample after the daemon is ready (default 600 = 10 minutes)
#   --deb       extract this .deb (dpkg-deb -x) and run the daemon from it, as installed
#   --home      run the installation in DIR (default: /usr/share/watchtower when the package is
#               installed, else the .deb in packaging/target, extracted)
#   --no-cds    no class-data sharing archive (by default a training start records one first,
#               as the first start after an install does under systemd)
#   --types     watch only these tower types, comma-separated (default: every installed type);
#               `--types network-path` measures a unit such as watchtower@paths
#   --starts    start the daemon this many times (default 1), each stopped before the next, and
#               report each start's time to the first probe and their median: one start varies by
#               a few hundred milliseconds on a small machine; the last start is then sampled
# JVM flags: those of the packaged watchtower.service unit (WATCHTOWER_JAVA_OPTS), unless
# WATCHTOWER_JAVA_OPTS is set in the environment.
# Needs: postgresql (initdb, postgres), redis-server, dnsmasq, haproxy, python3, curl.
set -euo pipefail

duration=600
cds=yes
home=""
deb=""
types=""
starts=1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --home) home=$2; shift 2 ;;
    --deb) deb=$2; shift 2 ;;
    --no-cds) cds=no; shift ;;
    --types) types=$(echo "$2" | tr ',' ' '); shift 2 ;;
    --starts) starts=$2; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

need() { command -v "$1" >/dev/null 2>&1 || { echo "footprint: $1 not found; $2" >&2; exit 1; }; }
[ "$(id -u)" -eq 0 ] || { echo "footprint: run as root (PostgreSQL runs as the postgres user)" >&2; exit 1; }
pgbin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)" 2>/dev/null || true)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then pgbin=$(dirname "$(command -v initdb || echo /nonexistent/initdb)"); fi
[ -x "$pgbin/initdb" ] || { echo "footprint: initdb not found; apt-get install postgresql" >&2; exit 1; }
need redis-server "apt-get install redis-server"
need dnsmasq "apt-get install dnsmasq (.ci/install-test-deps.sh does)"
need haproxy "apt-get install haproxy (.ci/install-test-deps.sh does)"
need python3 "apt-get install python3-minimal"
need curl "apt-get install curl"

work=$(mktemp -d /tmp/watchtower-footprint.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -f "$work/pg/postmaster.pid" ]; then runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true; fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "$home" ]; then
  if [ -n "$deb" ]; then :;
  elif [ -x /usr/share/watchtower/bin/watchtower ]; then home=/usr/share/watchtower;
  else deb=$(ls "$repo"/packaging/target/watchtower_*_all.deb 2>/dev/null | head -n 1); fi
  if [ -z "$home" ]; then
    [ -n "$deb" ] && [ -f "$deb" ] || { echo "footprint: no installed package and no .deb; run mvn package" >&2; exit 1; }
    dpkg-deb -x "$deb" "$work/root"
    home="$work/root/usr/share/watchtower"
    unit="$work/root/lib/systemd/system/watchtower.service"
  fi
fi
# the flags of the installation measured: the .deb's unit, a tarball's own systemd/ folder, else
# the installed package's unit, else the repository's
if [ -z "${unit:-}" ] && [ -f "$home/systemd/watchtower.service" ]; then unit="$home/systemd/watchtower.service"; fi
unit=${unit:-/lib/systemd/system/watchtower.service}
[ -f "$unit" ] || unit="$repo/systemd/watchtower.service"
if [ -z "${WATCHTOWER_JAVA_OPTS:-}" ]; then
  WATCHTOWER_JAVA_OPTS=$(sed -n 's/^Environment="WATCHTOWER_JAVA_OPTS=\(.*\)"$/\1/p' "$unit")
fi
export WATCHTOWER_JAVA_OPTS MALLOC_ARENA_MAX=2

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { # what, seconds, command...
  local what=$1 secs=$2; shift 2
  for _ in $(seq 1 $((secs * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "footprint: $what did not come up within ${secs}s" >&2; exit 1
}

echo "== starting the watched servers in $work"
pg_port=$(port); mkdir -p "$work/pg" && chown postgres "$work/pg"
runuser -u postgres -- "$pgbin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
redis_port=$(port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
dns_port=$(port)
dnsmasq --keep-in-foreground --port="$dns_port" --listen-address=127.0.0.1 --bind-interfaces --no-resolv \
  --no-hosts --address=/bench.test/127.0.0.1 --pid-file="$work/dnsmasq.pid" --log-facility="$work/dnsmasq.log" &
pids+=($!)
http_port=$(port); lb_port=$(port); stats_port=$(port)
mkdir -p "$work/www" && echo ok >"$work/www/index.html"
python3 -m http.server "$http_port" --bind 127.0.0.1 --directory "$work/www" >"$work/http.log" 2>&1 &
pids+=($!)
cat >"$work/haproxy.cfg" <<CFG
global
  maxconn 64
defaults
  mode http
  timeout connect 2s
  timeout client 10s
  timeout server 10s
frontend web
  bind 127.0.0.1:$lb_port
  default_backend app
backend app
  option httpchk GET /
  server app1 127.0.0.1:$http_port check inter 5s
listen stats
  bind 127.0.0.1:$stats_port
  stats enable
  stats uri /stats
CFG
haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
pids+=($!)
wait_for "redis" 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$redis_port"
wait_for "haproxy" 10 curl -fsS "http://127.0.0.1:$lb_port/"

echo "== towers installed in $home"
installed=$(WATCHTOWER_JAVA_OPTS="" "$home/bin/watchtower" towers 2>/dev/null | sed -n 's/^\([a-z0-9-]*\) — .*/\1/p' | tr '\n' ' ')
echo "   $installed"
if [ -n "$types" ]; then
  for t in $types; do
    case " $installed " in *" $t "*) ;; *) echo "footprint: tower type $t is not installed" >&2; exit 1 ;; esac
  done
  installed="$types"
  echo "   watching only: $installed"
fi
api_port=$(port)
config="$work/watchtower.conf"
{
  echo "watchtower {"
  echo "  state-dir = \"$work/state\""
  echo "  api.listen = \"127.0.0.1:$api_port\""
  echo "  channels = [ { type = file, path = \"$work/signals.jsonl\" } ]"
  echo "  tower-defaults { interval = 15s, jitter = 0 }"
  echo "  towers {"
  for t in $installed; do
    case "$t" in
      network-path) echo "    paths { type = network-path, component = bench-paths, targets = [\"127.0.0.1:$pg_port\", \"127.0.0.1:$redis_port\", \"127.0.0.1:$lb_port\"] }" ;;
      postgres) echo "    db { type = postgres, component = bench-db, servers = [\"127.0.0.1:$pg_port\"], user = postgres }" ;;
      redis-queue) echo "    queue { type = redis-queue, component = bench-queue, servers = [\"127.0.0.1:$redis_port\"], lists = [\"jobs\"] }" ;;
      dns) echo "    names { type = dns, component = bench-dns, resolvers = [\"127.0.0.1:$dns_port\"], names = [\"app.bench.test\"], types = [\"A\"] }" ;;
      load-balancer) echo "    lb { type = load-balancer, component = bench-lb, frontends = [ { name = web, url = \"http://127.0.0.1:$lb_port/\" } ], haproxy { stats-url = \"http://127.0.0.1:$stats_port/stats;csv\" } }" ;;
      *) echo "   (no benchmark block for tower type $t; not watched)" >&2 ;;
    esac
  done
  echo "  }"
  echo "}"
} >"$config"
for t in ${types:-network-path postgres redis-queue dns load-balancer}; do
  case " $installed " in *" $t "*) ;; *) echo "   NOT INSTALLED (not measured): $t" ;; esac
done
"$home/bin/watchtower" check -c "$config" >/dev/null || { "$home/bin/watchtower" check -c "$config"; exit 1; }
mkdir -p "$work/state"
as_user=()
if id watchtower >/dev/null 2>&1; then
  chown -R watchtower "$work/state"; touch "$work/signals.jsonl"; chown watchtower "$work/signals.jsonl"
  as_user=(setpriv --reuid=watchtower --regid=watchtower --init-groups --)
fi

# Like the unit (StateDirectory=), the daemon keeps a class-data sharing archive in its state
# folder: the first start after an install or upgrade records it as the daemon stops, later starts
# map it. A short training start does that first, unless --no-cds.
if [ "$cds" = yes ]; then export WATCHTOWER_CDS_ARCHIVE="$work/state/watchtower.jsa"; else export WATCHTOWER_CDS_ARCHIVE=""; fi

echo "== daemon: $WATCHTOWER_JAVA_OPTS"
clk=$(getconf CLK_TCK)
daemon=""
start_daemon() { # starts the daemon, waits for its first probe result; sets daemon, first_probe_ms, start_ns
  start_ns=$(date +%s%N)
  "${as_user[@]}" env WATCHTOWER_CDS_ARCHIVE="$WATCHTOWER_CDS_ARCHIVE" "$home/bin/watchtower" run -c "$config" \
    >>"$work/daemon.out" 2>>"$work/daemon.err" &
  daemon=$!
  pids+=($daemon)
  first_probe_ms=""
  for _ in $(seq 1 600); do
    if ! kill -0 "$daemon" 2>/dev/null; then echo "footprint: daemon exited"; cat "$work/daemon.err"; exit 1; fi
    # a probe counted by this process (baselines restored from the state folder do not count)
    if curl -fsS "http://127.0.0.1:$api_port/metrics" 2>/dev/null | grep -qE '^watchtower_probes_total\{[^}]*\} [1-9]'; then
      first_probe_ms=$(( ($(date +%s%N) - start_ns) / 1000000 )); break
    fi
    sleep 0.02
  done
  [ -n "$first_probe_ms" ] || { echo "footprint: no probe within 12 s"; tail -20 "$work/daemon.err"; exit 1; }
}
training=""
if [ "$cds" = yes ]; then
  start_daemon
  training_ms=$first_probe_ms
  stop_ns=$(date +%s%N)
  kill -TERM "$daemon"; wait "$daemon" || true
  stop_ms=$(( ($(date +%s%N) - stop_ns) / 1000000 ))
  [ -s "$WATCHTOWER_CDS_ARCHIVE" ] || { echo "footprint: the training start recorded no archive"; tail -20 "$work/daemon.err"; exit 1; }
  training="first start (no archive yet): ${training_ms} ms to the first probe; stop incl. recording the archive ($(du -m "$WATCHTOWER_CDS_ARCHIVE" | cut -f1) MiB): ${stop_ms} ms"
  echo "== $training"
fi
start_times=()
for n in $(seq 1 "$starts"); do
  if [ "$n" -gt 1 ]; then kill -TERM "$daemon"; wait "$daemon" || true; fi
  start_daemon
  start_times+=("$first_probe_ms")
  [ "$starts" -gt 1 ] && echo "== start $n: ${first_probe_ms} ms to the first probe"
done
start_median=$(printf '%s\n' "${start_times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }')
wait_for "/ready" 30 curl -fsS "http://127.0.0.1:$api_port/ready"
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))

cpu_ticks() { local stat; stat=$(<"/proc/$daemon/stat"); stat=${stat##*) }; set -- $stat; echo $(( ${12} + ${13} )); }
rss_kb() { local line; while read -r line; do case "$line" in VmRSS:*) set -- $line; echo "$2"; return;; esac; done <"/proc/$daemon/status"; }

thread_ticks() { local t stat; for t in /proc/$daemon/task/*; do stat=$(cat "$t/stat" 2>/dev/null) || continue; [ -n "$stat" ] || continue; local name=${stat#*(}; name=${name%%)*}; stat=${stat##*) }; set -- $stat; echo "${t##*/} $(( ${12} + ${13} )) ${name// /_}"; done | sort; }
startup_ticks=$(cpu_ticks)
thread_ticks >"$work/threads.before"
t0=$(date +%s%N); ticks0=$startup_ticks
peak=0; samples=0; minute_ticks=$ticks0; minute_start=$t0
echo "== sampling for ${duration}s (RSS and CPU once a second)"
printf '%8s %10s %10s\n' "second" "rss_MiB" "cpu_%_min"
for s in $(seq 1 "$duration"); do
  sleep 1
  kill -0 "$daemon" 2>/dev/null || { echo "footprint: daemon died"; tail -20 "$work/daemon.err"; exit 1; }
  r=$(rss_kb); samples=$((samples + 1))
  [ "$r" -gt "$peak" ] && peak=$r
  if [ $((s % 60)) -eq 0 ] || [ "$s" -eq "$duration" ]; then
    now=$(date +%s%N); t=$(cpu_ticks)
    pct=$(awk -v dt="$((t - minute_ticks))" -v ns="$((now - minute_start))" -v hz="$clk" 'BEGIN { printf "%.3f", 100 * dt / hz / (ns / 1e9) }')
    printf '%8d %10.1f %10s\n' "$s" "$(awk -v k="$r" 'BEGIN{print k/1024}')" "$pct"
    minute_ticks=$t; minute_start=$now
    if [ "$s" -eq 60 ]; then settled_ticks=$t; settled_start=$now; fi
  fi
done
t1=$(date +%s%N); ticks1=$(cpu_ticks)
thread_ticks >"$work/threads.after"
avg=$(awk -v dt="$((ticks1 - ticks0))" -v ns="$((t1 - t0))" -v hz="$clk" 'BEGIN { printf "%.3f", 100 * dt / hz / (ns / 1e9) }')
settled="n/a (shorter than two minutes)"
if [ -n "${settled_ticks:-}" ] && [ "$duration" -ge 120 ]; then
  settled=$(awk -v dt="$((ticks1 - settled_ticks))" -v ns="$((t1 - settled_start))" -v hz="$clk" 'BEGIN { printf "%.3f", 100 * dt / hz / (ns / 1e9) }')
fi
probes=$(curl -fsS "http://127.0.0.1:$api_port/metrics" 2>/dev/null | grep -E '^watchtower_probes_total' | head -5 || true)
series=$(curl -fsS "http://127.0.0.1:$api_port/api/v1/baselines" | grep -o '"tower" *: *"[^"]*"' | sort | uniq -c | tr '\n' ';' || true)

echo
echo "== footprint of $(${as_user[@]} "$home/bin/watchtower" --version 2>/dev/null | head -n1) over ${duration}s, towers every 15 s"
echo "towers watched:        $installed"
echo "series per tower:      $series"
echo "JVM flags:             $WATCHTOWER_JAVA_OPTS (MALLOC_ARENA_MAX=2)"
[ -n "$training" ] && echo "$training"
if [ "$starts" -gt 1 ]; then
  echo "start to first probe:  median ${start_median} ms of ${starts} starts (target <= 1000): ${start_times[*]}"
else
  echo "start to first probe:  ${first_probe_ms} ms (target <= 1000)"
fi
echo "start to /ready:       ${ready_ms} ms"
echo "startup CPU time:      $(awk -v t="$startup_ticks" -v hz="$clk" 'BEGIN{printf "%.2f", t/hz}') s"
if [ "$installed" = "network-path" ]; then rss_target=64; else rss_target=96; fi
echo "peak RSS:              $(awk -v k="$peak" 'BEGIN{printf "%.1f", k/1024}') MiB (target <= $rss_target)"
echo "average CPU:           ${avg} % of one core after ready"
echo "after the first minute: ${settled} % of one core (target <= 0.2)"
echo "signals written:       $(cat "$work"/state/journal/*.jsonl 2>/dev/null | wc -l)"
echo "threads:               $(wc -l <"$work/threads.after"); CPU while sampling, by thread (1/$clk s):"
join -a 2 "$work/threads.before" "$work/threads.after" | awk '{ d = NF == 3 ? $2 : $4 - $2; if (d > 0) printf "%8d  %s%s\n", d, $NF, NF == 3 ? " (new)" : "" }' | sort -rn | head -12
echo "   (CPU of threads that ended while sampling: $(( ticks1 - ticks0 - $(join -a 2 "$work/threads.before" "$work/threads.after" | awk '{ s += NF == 3 ? $2 : $4 - $2 } END { print s + 0 }') )) ticks)"
echo "load average at end:   $(cut -d" " -f1-3 /proc/loadavg) on $(nproc) cores"
