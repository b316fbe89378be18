#!/bin/bash
# Time to first output of sbatch_longrun, in milliseconds from the command's start to its first line on stdout
# ("Job submitted with ID: N"), median of RUNS runs per mode:
#   standalone, first — the first engine of this build: unpacks the jar, records the class-data archive;
#   standalone, cold  — no engine running (each run stops it first): the command starts one;
#   standalone, warm  — the engine already running;
#   service           — LONGRUN_URL set, a Longrun service (started here on the dev profile, port 18080);
# plus `longrun list` (warm standalone) and `longrun --help` (the JVM alone).
# Needs: mvn package (target/bin, target/longrun-*.jar), the dev cluster up, root (jobs run as alice).
# Usage: src/test/bench/time-to-first-output.sh [RUNS]
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/../../.." && pwd)
bin=$root/target/bin
cluster=$root/docker/slurm-dev/slurm-dev
work=/tmp/longrun-first-output-$$
mkdir -p "$work"
"$cluster" as alice mkdir -p "$work" >/dev/null
printf '#!/bin/bash\nsleep 2\n' > "$work/job.sh"
chmod 755 "$work/job.sh"
export LONGRUN_HOME=$work/home LONGRUN_USER=alice LONGRUN_ENGINE_IDLE_MINUTES=5
export LONGRUN_SLURM_CLI_COMMAND_PREFIX="$cluster,as,{user}"
cd "$work"

# ms until the first stdout line of "$@"; then the command is stopped (its chain goes on)
first_line_ms() {
  local t0 line pid ms fifo=$work/first-line.fifo
  rm -f "$fifo"; mkfifo "$fifo"
  t0=$(date +%s%N)
  "$@" > "$fifo" 2>/dev/null &
  pid=$!
  { read -r line || true; } < "$fifo"
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  kill -TERM "$pid" 2>/dev/null || true   # what Ctrl-C does (a background job here ignores SIGINT)
  wait "$pid" 2>/dev/null || true
  echo "$ms"
}
whole_ms() {
  local t0
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
report() { # label, values...
  local label=$1; shift
  printf '%-44s median %6s ms   runs: %s\n' "$label" "$(printf '%s\n' "$@" | median)" "$*"
}

echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
cold=(); warm=(); detached=(); list=(); help=()
# The very first start of this build also unpacks the jar and records the class-data archive (at its exit).
first=$(first_line_ms "$bin/sbatch_longrun" --max-restarts 0 job.sh)
for _ in $(seq "$runs"); do
  "$bin/longrun" engine stop >/dev/null
  cold+=("$(first_line_ms "$bin/sbatch_longrun" --max-restarts 0 job.sh)")
done
for _ in $(seq "$runs"); do
  warm+=("$(first_line_ms "$bin/sbatch_longrun" --max-restarts 0 job.sh)")
  detached+=("$(whole_ms "$bin/sbatch_longrun" --detached --max-restarts 0 job.sh)")
  list+=("$(whole_ms "$bin/longrun" list)")
  help+=("$(whole_ms "$bin/longrun" --help)")
done
report "standalone, first engine of this build" "$first"
report "standalone, engine not running (first line)" "${cold[@]}"
report "standalone, engine running (first line)" "${warm[@]}"
report "standalone --detached, engine running (exit)" "${detached[@]}"
report "standalone longrun list, engine running" "${list[@]}"
report "longrun --help (the JVM alone)" "${help[@]}"
"$bin/longrun" engine stop >/dev/null

# Service mode: Longrun on the dev profile with its own database, as alice with a Slurm token.
jar=$(ls "$root"/target/longrun-*.jar | grep -v -e sources -e javadoc | head -1)
java -jar "$jar" --spring.profiles.active=dev --server.port=18080 --longrun.data-dir="$work/service" \
  > "$work/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null || true' EXIT
for _ in $(seq 240); do
  curl -sf localhost:18080/actuator/health/readiness >/dev/null 2>&1 && break
  sleep 0.5
done
export LONGRUN_URL=http://localhost:18080 LONGRUN_TOKEN_COMMAND="$cluster token alice"
service_first=(); service_detached=()
for _ in $(seq "$runs"); do
  service_first+=("$(first_line_ms "$bin/sbatch_longrun" --max-restarts 0 job.sh)")
  service_detached+=("$(whole_ms "$bin/sbatch_longrun" --detached --max-restarts 0 job.sh)")
done
report "service (first line)" "${service_first[@]}"
report "service --detached (exit)" "${service_detached[@]}"
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
kill $service
"$cluster" as alice rm -rf "$work" >/dev/null 2>&1 || true
