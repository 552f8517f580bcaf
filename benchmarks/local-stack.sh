# Sourced by kill-test.sh and clearance-throughput.sh: the ports (PA_API_PORT, PA_SANDBOX_PORT as run.sh; the
# emulators' COSMOS_PORT, AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT, AZURITE_TABLE_PORT, default test.sh's 18081,
# 11000-11002), the endpoints the tool reads, the build of src/LocalHost and benchmarks/KillTest, and the emulators
# (started here, stopped on exit). Sets api_port, sandbox_port and tool (the built benchmark tool).
#   source benchmarks/local-stack.sh <log dir under .local>
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/common.sh

scripts/prereqs.sh
log_dir=".local/$1"
api_port="${PA_API_PORT:-7071}"
sandbox_port="${PA_SANDBOX_PORT:-7080}"
export COSMOS_PORT="${COSMOS_PORT:-18081}" AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-11000}"
export AZURITE_QUEUE_PORT="${AZURITE_QUEUE_PORT:-11001}" AZURITE_TABLE_PORT="${AZURITE_TABLE_PORT:-11002}"
export COSMOS_ENDPOINT="https://127.0.0.1:$COSMOS_PORT/"
# The well-known development account of Azurite (public, not a secret).
export AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$AZURITE_QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$AZURITE_TABLE_PORT/devstoreaccount1;"

for port in "$api_port" "$sandbox_port"; do
  if port_busy "$port"; then echo "$(basename "$0"): port $port is in use; stop what runs there first" >&2; exit 1; fi
done

mkdir -p "$log_dir"
echo "$(basename "$0"): building (log: $log_dir/build.log)"
: >"$log_dir/build.log"
for project in src/LocalHost benchmarks/KillTest; do
  dotnet build "$project" -v q --nologo >>"$log_dir/build.log" 2>&1 || { tail -n 40 "$log_dir/build.log" >&2; exit 1; }
done

trap 'tools/emulators/stop.sh >/dev/null 2>&1 || true' EXIT
tools/emulators/start.sh
tool=benchmarks/KillTest/bin/Debug/net10.0/PatientAccess.KillTest.dll
