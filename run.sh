#!/usr/bin/env bash
# PatientAccess on this machine, on its embedded defaults: the local servers (Azurite, the Cosmos emulator),
# the payer sandbox and the LocalHost, then the bundled sample registrations driven through them.
#   ./run.sh          follow the samples, keep serving until Ctrl-C
#   ./run.sh --once   exit 0 when every sample reached its expected state (non-zero otherwise), stop everything
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source scripts/common.sh

once=false
[[ "${1:-}" == "--once" ]] && once=true
state=.local/run
mkdir -p "$state"
: >"$state/build.log"

scripts/prereqs.sh

# Ports: the defaults below, or override with PA_API_PORT, PA_SIDECAR_PORT, PA_SANDBOX_PORT and the emulators'
# COSMOS_PORT, AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT, AZURITE_TABLE_PORT (see tools/emulators/README.md).
api_port="${PA_API_PORT:-7071}"
sidecar_port="${PA_SIDECAR_PORT:-7072}"
sandbox_port="${PA_SANDBOX_PORT:-7080}"
export COSMOS_PORT="${COSMOS_PORT:-8081}" AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
export AZURITE_QUEUE_PORT="${AZURITE_QUEUE_PORT:-10001}" AZURITE_TABLE_PORT="${AZURITE_TABLE_PORT:-10002}"
storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$AZURITE_QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$AZURITE_TABLE_PORT/devstoreaccount1;"

for port in "$api_port" "$sidecar_port" "$sandbox_port"; do
  if port_busy "$port"; then echo "run.sh: port $port is in use; stop what runs there first" >&2; exit 1; fi
done

pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  tools/emulators/stop.sh >/dev/null 2>&1 || true
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "run.sh: building (log: $state/build.log)"
for project in src/LocalHost src/PayerSandbox src/Cli; do
  dotnet build "$project" -v q --nologo >>"$state/build.log" 2>&1 || { tail -n 40 "$state/build.log" >&2; exit 1; }
done

tools/emulators/start.sh

dotnet src/PayerSandbox/bin/Debug/net10.0/PatientAccess.PayerSandbox.dll --Sandbox:Url="http://127.0.0.1:$sandbox_port" >"$state/sandbox.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$sandbox_port/health" 60 "$state/sandbox.log" "$!"
echo "run.sh: payer sandbox on http://127.0.0.1:$sandbox_port"

api_key="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
(
  cd src/LocalHost/bin/Debug/net10.0
  # Demo timings: the card deadline passes in seconds (a specialist is asked) and the reminder sweep runs every
  # few seconds, so a patient who has not uploaded a card gets a "card needed" message in the outbox, and one
  # whose upload was refused gets "please upload again" a couple of seconds later.
  LocalHost__ApiKey="$api_key" LocalHost__ApiPort="$api_port" LocalHost__SidecarPort="$sidecar_port" \
  LocalHost__StorageConnectionString="$storage" CardStorage__connectionString="$storage" \
  Cosmos__Endpoint="https://127.0.0.1:$COSMOS_PORT/" Clearinghouse__BaseUrl="http://127.0.0.1:$sandbox_port/" \
  Clearance__CardWaitTimeout="00:00:20" Reminders__Interval="00:00:05" Reminders__FirstReminderAfter="00:00:08" \
  Reminders__RetakeReminderAfter="00:00:02" Portal__BaseUrl="http://127.0.0.1:$api_port/portal/" \
  exec dotnet PatientAccess.LocalHost.dll
) >"$state/localhost.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$api_port/health" 90 "$state/localhost.log" "$!"
echo "run.sh: LocalHost on http://127.0.0.1:$api_port (API key for this run: $api_key; logs in $state/)"
echo "run.sh: try  curl -H 'X-Api-Key: $api_key' http://127.0.0.1:$api_port/api/worklist"

cli=(dotnet src/Cli/bin/Debug/net10.0/PatientAccess.Cli.dll samples run --base-url "http://127.0.0.1:$api_port/" --api-key "$api_key" --manifest samples/demo.json)
if $once; then
  "${cli[@]}" --once --timeout 240
  echo "run.sh: samples done; stopping"
else
  "${cli[@]}" || true
  echo "run.sh: serving until Ctrl-C"
  wait
fi
