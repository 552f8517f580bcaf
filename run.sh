#!/usr/bin/env bash
# PatientAccess on this machine, on its embedded defaults: the local servers (Azurite, the Cosmos emulator),
# the payer sandbox and the LocalHost, then the bundled sample registrations driven through them.
#   ./run.sh          drive the samples, print how to reach the API, then keep serving (and print what changes) until Ctrl-C
#   ./run.sh --once   exit 0 when every sample reached its expected state (non-zero otherwise), stop everything
# The samples' visits are relative to today ("in 10 days at 09:30" clinic time), so this works on any date.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source scripts/common.sh

once=false
[[ "${1:-}" == "--once" ]] && once=true
state=.local/run
mkdir -p "$state"
: >"$state/build.log"

scripts/prereqs.sh

# Ports: the defaults below, or override with PA_API_PORT, PA_SANDBOX_PORT and the emulators'
# COSMOS_PORT, AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT, AZURITE_TABLE_PORT (see tools/emulators/README.md).
api_port="${PA_API_PORT:-7071}"
sandbox_port="${PA_SANDBOX_PORT:-7080}"
export COSMOS_PORT="${COSMOS_PORT:-8081}" AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
export AZURITE_QUEUE_PORT="${AZURITE_QUEUE_PORT:-10001}" AZURITE_TABLE_PORT="${AZURITE_TABLE_PORT:-10002}"
storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$AZURITE_QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$AZURITE_TABLE_PORT/devstoreaccount1;"

# (The task engine has no port: it listens on a private Unix socket; PA_SIDECAR_PORT is not used any more.)
for port in "$api_port" "$sandbox_port"; do
  if port_busy "$port"; then echo "run.sh: port $port is in use; stop what runs there first" >&2; exit 1; fi
done

pids=()
cleanup() {
  local status=$?
  # Newest first: the demo client before the LocalHost it talks to, the LocalHost before the sandbox.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do stop_pid "${pids[i]}"; done
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

# The servers run in sessions of their own, so a Ctrl-C in this terminal reaches only this script, and the trap
# stops everything in order (the demo client before the host it talks to).
setsid dotnet src/PayerSandbox/bin/Debug/net10.0/PatientAccess.PayerSandbox.dll --Sandbox:Url="http://127.0.0.1:$sandbox_port" >"$state/sandbox.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$sandbox_port/health" 60 "$state/sandbox.log" "$!"
echo "run.sh: payer sandbox on http://127.0.0.1:$sandbox_port"

# The API key of this run goes to the LocalHost in its environment and to the demo client in a file only this user
# can read: never on a command line, which every user of the machine sees in ps. The .header file is for curl -H @file.
api_key="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
(umask 077; printf '%s\n' "$api_key" >"$state/api-key"; printf 'X-Api-Key: %s\n' "$api_key" >"$state/api-key.header")

# The sandbox PPO's notification secret for this run: the payer sends it in X-Notification-Secret with each rest-hook
# notification (the subscription below names it), the LocalHost knows it from its environment; in a file, never on a
# command line.
notification_secret="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
(umask 077; printf '{"resourceType":"Subscription","status":"requested","reason":"PAS decisions for PatientAccess (run.sh)","criteria":"Claim","channel":{"type":"rest-hook","endpoint":"http://127.0.0.1:%s/api/priorauth/notifications","payload":"application/fhir+json","header":["X-Notification-Secret: %s"]}}\n' \
  "$api_port" "$notification_secret" >"$state/pas-subscription.json")

# The demo clinic (Springfield, Illinois, as the samples' appointments) and its quiet hours, pinned here rather than
# left to appsettings.json: quiet hours are the patient's local time (the samples' patients live in Chicago), so a
# reminder written at night waits until 08:00 there and the demo shows it as "Pending until ... (QuietHours)".
clinic_zone="America/Chicago" quiet_start="21:00" quiet_end="08:00"
(
  cd src/LocalHost/bin/Debug/net10.0
  # Demo timings: the card deadline passes in seconds (a specialist is asked) and the reminder sweep runs every
  # few seconds, so a patient who has not uploaded a card gets a "card needed" message in the outbox, and one
  # whose upload was refused gets "please upload again" a couple of seconds later.
  LocalHost__ApiKey="$api_key" LocalHost__ApiPort="$api_port" \
  LocalHost__StorageConnectionString="$storage" CardStorage__connectionString="$storage" \
  Cosmos__Endpoint="https://127.0.0.1:$COSMOS_PORT/" Clearinghouse__BaseUrl="http://127.0.0.1:$sandbox_port/" \
  PriorAuth__BaseUrl="http://127.0.0.1:$sandbox_port/fhir/" PriorAuthSecrets__SBXPPO="$notification_secret" \
  Clearance__AuthorizationPollInterval="00:01:00" \
  Clearance__CardWaitTimeout="00:00:20" Reminders__Interval="00:00:05" Reminders__FirstReminderAfter="00:00:08" \
  Reminders__RetakeReminderAfter="00:00:02" Portal__BaseUrl="http://127.0.0.1:$api_port/portal/" \
  Clinic__TimeZone="$clinic_zone" QuietHours__Start="$quiet_start" QuietHours__End="$quiet_end" \
  exec setsid dotnet PatientAccess.LocalHost.dll
) >"$state/localhost.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$api_port/health" 90 "$state/localhost.log" "$!"
echo "run.sh: LocalHost on http://127.0.0.1:$api_port (API key for this run: $api_key; logs in $state/)"
# The operator step of docs/prior-auth.md: subscribe to the sandbox PPO's PAS decisions (rest-hook to our notifications
# endpoint), so a pended authorization is decided by the payer's notification; polling (every minute here) is the fallback.
if (umask 077; curl -sf -X POST -H 'Content-Type: application/fhir+json' --data-binary @"$state/pas-subscription.json" \
    "http://127.0.0.1:$sandbox_port/fhir/Subscription" >"$state/pas-subscription.created.json"); then
  echo "run.sh: subscribed to the sandbox PPO's prior authorization decisions ($(grep -o '"id": *"[^"]*"' "$state/pas-subscription.created.json" | head -n 1 | cut -d'"' -f4))"
else
  echo "run.sh: could not subscribe to the sandbox PPO's decisions; pended authorizations are polled every minute" >&2
fi
echo "run.sh: clinic time zone $clinic_zone (now $(TZ="$clinic_zone" date +%H:%M) there), quiet hours $quiet_start-$quiet_end in the patient's zone"

# How to reach everything, printed again once the samples are through (their lines scroll the first one away).
ready() {
  cat <<READY
run.sh: ready
  API            http://127.0.0.1:$api_port/api/   (key for this run: $api_key, also in $state/api-key)
  payer sandbox  http://127.0.0.1:$sandbox_port/
  logs           $state/   (localhost.log, sandbox.log, build.log)
  console        http://127.0.0.1:$api_port/console/   (development sign-in: any name)
  API reference  http://127.0.0.1:$api_port/api/reference   (OpenAPI: /api/openapi.json)
  patient page   $(cat "$state/patient-link" 2>/dev/null || echo "(no sample registration yet)")
  try            curl -H @$state/api-key.header http://127.0.0.1:$api_port/api/worklist
                 curl -H @$state/api-key.header http://127.0.0.1:$api_port/api/outbox
READY
}

cli=(dotnet src/Cli/bin/Debug/net10.0/PatientAccess.Cli.dll)
host_args=(--base-url "http://127.0.0.1:$api_port/" --api-key-file "$state/api-key")
# A patient link of a sample: the server issues it (the console's "resend the patient link" operation, the API key
# acting as a specialist), so the token is a real stored capability; printed once the first sample registration exists.
print_patient_link() {
  local id="" link=""
  for _ in $(seq 1 120); do
    id="$(curl -s -H @"$state/api-key.header" "http://127.0.0.1:$api_port/api/outbox?max=500" | grep -o '"registrationId":"[0-9a-f]*"' | head -n 1 | cut -d'"' -f4 || true)"
    [[ -n "$id" ]] && break
    sleep 1
  done
  [[ -z "$id" ]] && return 0
  link="$(curl -s -X POST -H @"$state/api-key.header" "http://127.0.0.1:$api_port/api/console/registrations/$id/patient-link" | grep -o '"url":"[^"]*"' | cut -d'"' -f4 || true)"
  [[ -n "$link" ]] && echo "$link" >"$state/patient-link" && echo "run.sh: a sample patient's page: $link"
}
rm -f "$state/patient-link"
print_patient_link &
pids+=($!)
echo "run.sh: specialist console http://127.0.0.1:$api_port/console/ (development sign-in: any name)"
if $once; then
  "${cli[@]}" samples run "${host_args[@]}" --manifest samples/demo.json --timeout 240
  echo "run.sh: samples done; stopping"
else
  "${cli[@]}" samples run "${host_args[@]}" --manifest samples/demo.json --timeout 240 --state "$state/samples.json" ||
    echo "run.sh: not every sample reached its expected state (see above); still serving"
  ready
  echo "run.sh: serving until Ctrl-C; what changes from now on:"
  # In the background and waited for, so Ctrl-C or a TERM to run.sh reaches the trap at once.
  "${cli[@]}" samples follow "${host_args[@]}" --state "$state/samples.json" &
  pids+=($!)
  wait "$!" || true
  wait
fi
