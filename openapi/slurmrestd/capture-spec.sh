#!/usr/bin/env bash
# Capture slurmrestd's OpenAPI document from the running dev cluster
# (docker/slurm-dev/slurm-dev up) and write the filtered v0.0.42 spec
# openapi/slurmrestd/slurmrestd-v0.0.42.json. The raw capture stays in /tmp.
#
# env: SLURMRESTD_URL (default http://127.0.0.1:6820), RAW (default /tmp/slurmrestd-openapi-raw.json)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
slurm_dev="$here/../../docker/slurm-dev/slurm-dev"
url=${SLURMRESTD_URL:-http://127.0.0.1:6820}
raw=${RAW:-/tmp/slurmrestd-openapi-raw.json}
out="$here/slurmrestd-v0.0.42.json"

token=$("$slurm_dev" token slurm 300)
code=$(curl -sS -o "$raw" -w '%{http_code}' \
  -H "X-SLURM-USER-NAME: slurm" -H "X-SLURM-USER-TOKEN: $token" \
  "$url/openapi/v3")
if [[ $code != 200 ]]; then
  echo "capture-spec: GET $url/openapi/v3 answered HTTP $code:" >&2
  head -c 2000 "$raw" >&2; echo >&2
  exit 1
fi
echo "capture-spec: raw spec $(wc -c <"$raw") bytes in $raw" >&2
python3 "$here/filter-spec.py" "$raw" "$out"
