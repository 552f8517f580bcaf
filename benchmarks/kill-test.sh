#!/usr/bin/env bash
# The kill -9 proof of issue 10: clearances driven through the LocalHost and the payer sandbox while the LocalHost is
# killed with SIGKILL at random moments and started again, then every registration checked (final and right stage,
# one payer call per question, one work item per reason, one outbox message per reminder, nothing moved back after it
# was final, everything final within 60 s of the last restart). Results go in docs/benchmarks.md ("Kill -9").
#   benchmarks/kill-test.sh                          # 200 clearances, 10 kills
#   benchmarks/kill-test.sh --clearances 50 --kills 3 --seed 7
# Ports: PA_API_PORT (7071) and PA_SANDBOX_PORT (7080) as run.sh; the emulators' COSMOS_PORT, AZURITE_BLOB_PORT,
# AZURITE_QUEUE_PORT, AZURITE_TABLE_PORT (default: test.sh's 18081, 11000-11002). Logs: .local/kill-test/<time>/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/common.sh

scripts/prereqs.sh
api_port="${PA_API_PORT:-7071}"
sandbox_port="${PA_SANDBOX_PORT:-7080}"
export COSMOS_PORT="${COSMOS_PORT:-18081}" AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-11000}"
export AZURITE_QUEUE_PORT="${AZURITE_QUEUE_PORT:-11001}" AZURITE_TABLE_PORT="${AZURITE_TABLE_PORT:-11002}"
export COSMOS_ENDPOINT="https://127.0.0.1:$COSMOS_PORT/"
# The well-known development account of Azurite (public, not a secret).
export AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$AZURITE_QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$AZURITE_TABLE_PORT/devstoreaccount1;"

for port in "$api_port" "$sandbox_port"; do
  if port_busy "$port"; then echo "kill-test.sh: port $port is in use; stop what runs there first" >&2; exit 1; fi
done

mkdir -p .local/kill-test
echo "kill-test.sh: building (log: .local/kill-test/build.log)"
: >.local/kill-test/build.log
for project in src/LocalHost benchmarks/KillTest; do
  dotnet build "$project" -v q --nologo >>.local/kill-test/build.log 2>&1 || { tail -n 40 .local/kill-test/build.log >&2; exit 1; }
done

trap 'tools/emulators/stop.sh >/dev/null 2>&1 || true' EXIT
tools/emulators/start.sh

report=".local/kill-test/report-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "kill-test.sh: $(nproc) cores, $(awk '{print $1, $2, $3}' /proc/loadavg) load, report in $report"
dotnet benchmarks/KillTest/bin/Debug/net10.0/PatientAccess.KillTest.dll \
  --api-port "$api_port" --sandbox-port "$sandbox_port" --report "$report" "$@"
