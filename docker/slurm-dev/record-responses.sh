#!/usr/bin/env bash
# Record real slurmrestd (v0.0.42) responses from the running dev cluster, as user alice,
# into src/test/resources/slurmrestd/recorded/ for WireMock tests:
#   <name>.json (or <name>.txt when the body is not JSON)  the body, byte for byte
#   index.json                                            per name: request, status, content type, body file
# See the README.md in that folder. Needs: slurm-dev up, curl, python3. Takes about 2 minutes
# (a --time=1 job has to reach TIMEOUT).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
slurm_dev="$here/slurm-dev"
url=${SLURMRESTD_URL:-http://127.0.0.1:6820}
out=${OUT_DIR:-$repo/src/test/resources/slurmrestd/recorded}
user=alice
api=v0.0.42
missing_id=9999999   # a job id that never existed

log() { printf '[record] %s\n' "$*" >&2; }
die() { printf '[record] ERROR: %s\n' "$*" >&2; exit 1; }

"$slurm_dev" status >/dev/null || die "the dev cluster is not up (docker/slurm-dev/slurm-dev up)"
token=$("$slurm_dev" token "$user" 3600)
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: >"$work/index.tsv"

# json_get FILE PYTHON_EXPR   (expression over `d`, the parsed body; prints the result)
json_get() {
  python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
r = eval(sys.argv[2])
print(",".join(map(str, r)) if isinstance(r, list) else r)' "$1" "$2"
}

# call METHOD PATH [BODY] [TOKEN] -> body in $work/last.body, status + content type in LAST_*
call() {
  local method=$1 path=$2 body=${3:-} tok=${4-$token} meta
  local args=(-sS -o "$work/last.body" -w '%{http_code}\t%{content_type}' -X "$method")
  [[ $tok == NONE ]] || args+=(-H "X-SLURM-USER-NAME: $user" -H "X-SLURM-USER-TOKEN: $tok")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  meta=$(curl "${args[@]}" "$url$path") || die "curl $method $path failed"
  LAST_STATUS=${meta%%$'\t'*}
  LAST_TYPE=${meta#*$'\t'}
}

# record NAME NOTE METHOD PATH [BODY] [TOKEN]
record() {
  local name=$1 note=$2 method=$3 path=$4 body=${5:-} tok=${6-$token} file
  call "$method" "$path" "$body" "$tok"
  if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/last.body" 2>/dev/null; then
    file="$name.json"
  else
    file="$name.txt"
  fi
  rm -f "$out/$name.json" "$out/$name.txt"
  cp "$work/last.body" "$out/$file"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$method" "$path" "$LAST_STATUS" "$LAST_TYPE" "$file" "$note" >>"$work/index.tsv"
  [[ -n $body ]] && printf '%s' "$body" >"$work/req-$name.json"
  log "$name: $method $path -> HTTP $LAST_STATUS ($LAST_TYPE) -> $file"
}

submit_body() {  # submit_body SCRIPT NAME [EXTRA_JOB_FIELDS_JSON]
  python3 -c 'import json,sys
job = {"name": sys.argv[2], "current_working_directory": "/home/alice",
       "environment": ["PATH=/usr/bin:/bin"],
       "time_limit": {"number": 1, "set": True, "infinite": False}}
job.update(json.loads(sys.argv[3]))
print(json.dumps({"script": sys.argv[1], "job": job}))' "$1" "$2" "${3:-"{}"}"
}

submit() {  # submit BODY -> prints job id
  call POST "/slurm/$api/job/submit" "$1"
  [[ $LAST_STATUS == 200 ]] || { cat "$work/last.body" >&2; die "submit failed: HTTP $LAST_STATUS"; }
  json_get "$work/last.body" 'd["job_id"]'
}

job_state() {  # job_state ID -> e.g. RUNNING or COMPLETED (slurmctld view)
  call GET "/slurm/$api/job/$1"
  [[ $LAST_STATUS == 200 ]] || return 1
  json_get "$work/last.body" 'd["jobs"][0]["job_state"]'
}

wait_state() {  # wait_state ID REGEX TIMEOUT
  local id=$1 re=$2 deadline=$((SECONDS + $3)) s=""
  while (( SECONDS < deadline )); do
    s=$(job_state "$id" || true)
    [[ $s =~ $re ]] && return 0
    sleep 1
  done
  die "job $id did not reach /$re/ in $3 s (last state: $s)"
}

wait_accounted() {  # wait_accounted ID REGEX TIMEOUT : slurmdbd knows the job in a state matching REGEX
  local id=$1 re=$2 deadline=$((SECONDS + $3)) s=""
  while (( SECONDS < deadline )); do
    call GET "/slurmdb/$api/job/$id"
    if [[ $LAST_STATUS == 200 ]]; then
      s=$(json_get "$work/last.body" 'd["jobs"][0]["state"]["current"] if d.get("jobs") else ""' || true)
      [[ $s =~ $re ]] && return 0
    fi
    sleep 1
  done
  die "slurmdbd does not show job $id in /$re/ after $3 s (last: $s)"
}

# ---------------------------------------------------------------------------------------
record ping "slurmctld ping" GET "/slurm/$api/ping"

log "submitting the TIMEOUT job (--time=1, sleep 200; reaches TIMEOUT after about 90 s)"
timeout_id=$(submit "$(submit_body $'#!/bin/bash\nsleep 200\n' rec-timeout)")

ok_body='{"script":"#!/bin/bash\nsleep 1\n","job":{"name":"rec","current_working_directory":"/home/alice","environment":["PATH=/usr/bin:/bin"],"time_limit":{"number":1,"set":true,"infinite":false}}}'
record submit-ok "submit of a 1 s job" POST "/slurm/$api/job/submit" "$ok_body"
[[ $LAST_STATUS == 200 ]] || die "submit-ok failed"
ok_id=$(json_get "$work/last.body" 'd["job_id"]')

long_id=$(submit "$(submit_body $'#!/bin/bash\nsleep 300\n' rec-long '{"time_limit": {"number": 10, "set": true, "infinite": false}}')")
log "jobs: completed=$ok_id timeout=$timeout_id long(running, later cancelled)=$long_id"

record submit-invalid-partition "partition that does not exist" POST "/slurm/$api/job/submit" \
  "$(submit_body $'#!/bin/bash\nsleep 1\n' rec-badpart '{"partition": "nosuch"}')"
record submit-no-environment "job without environment: error 2019" POST "/slurm/$api/job/submit" \
  '{"script":"#!/bin/bash\nsleep 1\n","job":{"name":"rec-noenv","current_working_directory":"/home/alice","time_limit":{"number":1,"set":true,"infinite":false}}}'
record submit-null-job-id "\"job_id\": null in job (a Jackson client's unset field): error 2017" POST "/slurm/$api/job/submit" \
  "$(submit_body $'#!/bin/bash\nsleep 1\n' rec-nulljobid '{"job_id": null}')"

wait_state "$ok_id" 'COMPLETED' 60
wait_state "$long_id" 'RUNNING' 60
record jobs-state "one RUNNING and one COMPLETED job (repeated job_id parameter)" GET \
  "/slurm/$api/jobs/state/?job_id=$long_id&job_id=$ok_id"
record jobs-state-comma "comma list instead of a repeated parameter" GET \
  "/slurm/$api/jobs/state/?job_id=$long_id,$ok_id"
record job-get-completed "COMPLETED job (slurmctld view)" GET "/slurm/$api/job/$ok_id"
record job-get-running "RUNNING job (slurmctld view)" GET "/slurm/$api/job/$long_id"
record job-get-missing "job id that never existed" GET "/slurm/$api/job/$missing_id"

wait_accounted "$ok_id" 'COMPLETED' 60
record slurmdb-job "COMPLETED job (slurmdbd view)" GET "/slurmdb/$api/job/$ok_id"
record slurmdb-job-missing "job id that never existed (slurmdbd view)" GET "/slurmdb/$api/job/$missing_id"

record cancel "cancel of a RUNNING job" DELETE "/slurm/$api/job/$long_id"
record cancel-missing "cancel of a job id that never existed" DELETE "/slurm/$api/job/$missing_id"
wait_state "$long_id" 'CANCELLED' 60
record job-get-cancelled "CANCELLED job (slurmctld view)" GET "/slurm/$api/job/$long_id"

record auth-failure "request with a bad token" GET "/slurm/$api/job/$ok_id" "" "not.a.valid-token"
record auth-missing "request without auth headers" GET "/slurm/$api/job/$ok_id" "" NONE

log "waiting for job $timeout_id to end TIMEOUT"
wait_state "$timeout_id" 'TIMEOUT' 240
record job-get-timeout "TIMEOUT job (--time=1; slurmctld view)" GET "/slurm/$api/job/$timeout_id"
wait_accounted "$timeout_id" 'TIMEOUT' 60
record slurmdb-job-timeout "TIMEOUT job (slurmdbd view)" GET "/slurmdb/$api/job/$timeout_id"

# ---------------------------------------------------------------------------------------
version=$("$slurm_dev" as "$user" sinfo -V)
python3 - "$work" "$out/index.json" "$version" "$ok_id" "$timeout_id" "$long_id" "$missing_id" <<'EOF'
import json, os, sys, time
work, index_path, version, ok_id, timeout_id, long_id, missing_id = sys.argv[1:]
responses = {}
with open(os.path.join(work, "index.tsv"), encoding="utf-8") as f:
    for line in f:
        name, method, path, status, ctype, body_file, note = line.rstrip("\n").split("\t")
        req = {"method": method, "path": path}
        rq = os.path.join(work, f"req-{name}.json")
        if os.path.exists(rq):
            req["body"] = json.load(open(rq, encoding="utf-8"))
        responses[name] = {"note": note, "request": req, "status": int(status),
                           "contentType": ctype, "bodyFile": body_file}
index = {
    "recordedWith": {"slurm": version, "api": "v0.0.42", "user": "alice",
                     "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                     "jobIds": {"completed": int(ok_id), "timeout": int(timeout_id),
                                "cancelled": int(long_id), "neverExisted": int(missing_id)}},
    "responses": responses,
}
with open(index_path, "w", encoding="utf-8") as f:
    json.dump(index, f, indent=2, sort_keys=True)
    f.write("\n")
EOF
log "wrote $(wc -l <"$work/index.tsv") responses and index.json to $out"
