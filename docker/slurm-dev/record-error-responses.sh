#!/usr/bin/env bash
# Record what Slurm answers when things go wrong, for the tests of error classification (~30 s):
#   slurmrestd (v0.0.42) responses  -> src/test/resources/slurmrestd/recorded/  (index-errors.json)
#   Slurm command outputs (24.11)   -> src/test/resources/slurm-cli/recorded/    (index.json)
# Quota: user carol is at her submit limit (MaxSubmitJobs=0, set by 'slurm-dev up').
# Slurm unreachable: an extra slurmrestd (port 6829) and the commands with SLURM_CONF pointing at ports where
# nothing listens ('slurm-dev restd start 6829 unreachable'); the cluster itself keeps running.
# Needs: slurm-dev up, curl, python3.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
slurm_dev="$here/slurm-dev"
url=${SLURMRESTD_URL:-http://127.0.0.1:6820}
broken_port=6829
broken_url=http://127.0.0.1:$broken_port
rest_out=${REST_OUT_DIR:-$repo/src/test/resources/slurmrestd/recorded}
cli_out=${CLI_OUT_DIR:-$repo/src/test/resources/slurm-cli/recorded}
api=v0.0.42
unreachable_conf=/etc/slurm-unreachable/slurm.conf

log() { printf '[record-errors] %s\n' "$*" >&2; }
die() { printf '[record-errors] ERROR: %s\n' "$*" >&2; exit 1; }

"$slurm_dev" status >/dev/null || die "the dev cluster is not up (docker/slurm-dev/slurm-dev up)"
mkdir -p "$rest_out" "$cli_out"
work=$(mktemp -d)
trap '"$slurm_dev" restd stop $broken_port >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
: >"$work/rest.tsv"
: >"$work/cli.tsv"
"$slurm_dev" restd start $broken_port unreachable

# rest NAME NOTE USER BASE METHOD PATH [BODY]
rest() {
  local name=$1 note=$2 user=$3 base=$4 method=$5 path=$6 body=${7:-} tok meta file
  tok=$("$slurm_dev" token "$user" 600)
  local args=(-sS -o "$work/body" -w '%{http_code}\t%{content_type}' -X "$method"
              -H "X-SLURM-USER-NAME: $user" -H "X-SLURM-USER-TOKEN: $tok")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  meta=$(curl "${args[@]}" "$base$path") || die "curl $method $path failed"
  if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/body" 2>/dev/null; then
    file="$name.json"
  else
    file="$name.txt"
  fi
  rm -f "$rest_out/$name.json" "$rest_out/$name.txt"
  cp "$work/body" "$rest_out/$file"
  [[ -n $body ]] && printf '%s' "$body" >"$work/req-$name.json"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$method" "$path" "${meta%%$'\t'*}" "${meta#*$'\t'}" "$file" "$note" \
    >>"$work/rest.tsv"
  log "rest $name: $method $path -> HTTP ${meta%%$'\t'*}"
}

# cli NAME NOTE USER [STDIN_FILE|-] COMMAND...  (run inside the cluster as USER)
cli() {
  local name=$1 note=$2 user=$3 stdin=$4; shift 4
  local rc=0
  if [[ $stdin == - ]]; then
    "$slurm_dev" as "$user" "$@" </dev/null >"$cli_out/$name.stdout" 2>"$cli_out/$name.stderr" || rc=$?
  else
    "$slurm_dev" as "$user" "$@" <"$stdin" >"$cli_out/$name.stdout" 2>"$cli_out/$name.stderr" || rc=$?
  fi
  python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "$@" >"$work/cmd-$name.json"
  printf '%s\t%s\t%s\n' "$name" "$rc" "$note" >>"$work/cli.tsv"
  log "cli $name: $* -> exit $rc"
}

body() {  # body SCRIPT [EXTRA_JOB_FIELDS_JSON] [HOME]
  python3 -c 'import json,sys
job = {"current_working_directory": sys.argv[3], "environment": ["PATH=/usr/bin:/bin"],
       "time_limit": {"number": 1, "set": True, "infinite": False}}
job.update(json.loads(sys.argv[2]))
print(json.dumps({"script": sys.argv[1], "job": job}))' "$1" "${2:-"{}"}" "${3:-/home/alice}"
}

printf '#!/bin/bash\nsleep 1\n' >"$work/short.sh"
printf '#!/bin/bash\necho run $SLURM_RESTART_COUNT\nsleep 3\n' >"$work/requeue.sh"

# ---------------------------------------------------------------- quota and permanent
rest submit-quota "carol is at her submit limit (MaxSubmitJobs=0): error 2050" carol "$url" POST \
  "/slurm/$api/job/submit" "$(body $'#!/bin/bash\nsleep 1\n' '{}' /home/carol)"
cli sbatch-quota "carol is at her submit limit (MaxSubmitJobs=0)" carol "$work/short.sh" \
  sbatch --parsable --chdir=/home/carol --output=/dev/null
cli sbatch-invalid-partition "a partition that does not exist" alice "$work/short.sh" \
  sbatch --parsable --partition=nosuch --output=/dev/null
cli sbatch-invalid-account "an account the user has no association with" alice "$work/short.sh" \
  sbatch --parsable --account=nosuch --output=/dev/null
rest submit-invalid-account "an account the user has no association with" alice "$url" POST \
  "/slurm/$api/job/submit" "$(body $'#!/bin/bash\nsleep 1\n' '{"account": "nosuch"}')"

# ---------------------------------------------------------------- slurmctld and slurmdbd unreachable
rest submit-controller-unreachable "slurmrestd cannot reach slurmctld: error 1800" alice "$broken_url" POST \
  "/slurm/$api/job/submit" "$(body $'#!/bin/bash\nsleep 1\n')"
rest ping-controller-down "slurmrestd cannot reach slurmctld: 200 with pinged DOWN" slurm "$broken_url" GET \
  "/slurm/$api/ping"
rest jobs-state-controller-unreachable "slurmrestd cannot reach slurmctld" slurm "$broken_url" GET \
  "/slurm/$api/jobs/state/?job_id=1"
rest slurmdb-job-unreachable "slurmrestd cannot reach slurmdbd: error 7000" alice "$broken_url" GET \
  "/slurmdb/$api/job/1"
cli sbatch-controller-unreachable "slurmctld unreachable" alice "$work/short.sh" \
  env SLURM_CONF=$unreachable_conf sbatch --parsable --output=/dev/null
cli squeue-controller-unreachable "slurmctld unreachable" slurm - \
  env SLURM_CONF=$unreachable_conf squeue --json --states=all --jobs=1,2
cli sacct-dbd-unreachable "slurmdbd unreachable" alice - env SLURM_CONF=$unreachable_conf sacct --json --jobs=1
cli scontrol-ping-down "slurmctld unreachable" slurm - env SLURM_CONF=$unreachable_conf scontrol ping

# ---------------------------------------------------------------- answers the CLI adapter reads
cli sbatch-ok "a submitted job" alice "$work/short.sh" sbatch --parsable --output=/dev/null
done_id=$(tr -dc 0-9 <"$cli_out/sbatch-ok.stdout")
held_id=$(printf '#!/bin/bash\nsleep 1\n' | "$slurm_dev" as alice sbatch --parsable --hold --output=/dev/null)
requeued_id=$(printf '#!/bin/bash\nsleep 4\n' | "$slurm_dev" as alice sbatch --parsable --requeue --output=/dev/null)
for _ in $(seq 60); do
  [[ $("$slurm_dev" as alice squeue -h -j "$requeued_id" -o %T) == RUNNING ]] && break; sleep 0.5
done
"$slurm_dev" as alice scontrol requeue "$requeued_id"
for _ in $(seq 60); do
  [[ $("$slurm_dev" as alice squeue -h --states=all -j "$done_id" -o %T) == COMPLETED ]] && break; sleep 0.5
done
cli squeue-jobs "a COMPLETED and a held PENDING job, and an unknown id" slurm - \
  squeue --json --states=all --jobs="$done_id,$held_id,9999999"
cli squeue-unknown-job "one unknown job id" slurm - squeue --json --states=all --jobs=9999999
"$slurm_dev" as alice scancel "$held_id"
for _ in $(seq 120); do
  [[ $("$slurm_dev" as alice squeue -h --states=all -j "$requeued_id" -o %T 2>/dev/null) == COMPLETED ]] && break
  sleep 0.5
done
sleep 3   # accounting lags a little behind
cli sacct-requeued "a job requeued once (scontrol requeue), then COMPLETED" alice - sacct --json --jobs="$requeued_id"
cli sacct-requeued-duplicates "the same job with --duplicates: one record per run" alice - \
  sacct --json --duplicates --jobs="$requeued_id"
cli sacct-unknown "a job id accounting does not know" alice - sacct --json --jobs=9999999
cli scontrol-ping "slurmctld up" slurm - scontrol ping

# ---------------------------------------------------------------- indexes
version=$("$slurm_dev" as alice sinfo -V)
python3 - "$work" "$rest_out/index-errors.json" "$cli_out/index.json" "$version" "$done_id" "$held_id" "$requeued_id" <<'PY'
import json, os, sys, time
work, rest_index, cli_index, version, done_id, held_id, requeued_id = sys.argv[1:]
date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
responses = {}
for line in open(os.path.join(work, "rest.tsv"), encoding="utf-8"):
    name, method, path, status, ctype, body_file, note = line.rstrip("\n").split("\t")
    req = {"method": method, "path": path}
    rq = os.path.join(work, f"req-{name}.json")
    if os.path.exists(rq):
        req["body"] = json.load(open(rq, encoding="utf-8"))
    responses[name] = {"note": note, "request": req, "status": int(status), "contentType": ctype,
                       "bodyFile": body_file}
with open(rest_index, "w", encoding="utf-8") as f:
    json.dump({"recordedWith": {"slurm": version, "api": "v0.0.42", "date": date}, "responses": responses},
              f, indent=2, sort_keys=True)
    f.write("\n")
outputs = {}
for line in open(os.path.join(work, "cli.tsv"), encoding="utf-8"):
    name, rc, note = line.rstrip("\n").split("\t")
    outputs[name] = {"note": note, "command": json.load(open(os.path.join(work, f"cmd-{name}.json"))),
                     "exitCode": int(rc), "stdoutFile": f"{name}.stdout", "stderrFile": f"{name}.stderr"}
with open(cli_index, "w", encoding="utf-8") as f:
    json.dump({"recordedWith": {"slurm": version, "date": date,
                                "jobIds": {"completed": int(done_id), "cancelled": int(held_id),
                                           "requeued": int(requeued_id), "neverExisted": 9999999}},
               "outputs": outputs}, f, indent=2, sort_keys=True)
    f.write("\n")
PY
log "wrote $(wc -l <"$work/rest.tsv") slurmrestd responses and $(wc -l <"$work/cli.tsv") command outputs"
