#!/usr/bin/env bash
# Every test project of the solution against real local servers (Azurite and the Cosmos emulator on ports of
# their own, the payer sandbox in-process, Tesseract from Debian). Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source scripts/common.sh

scripts/prereqs.sh || { echo "0 passed, 1 failed"; exit 1; }

# Test ports differ from run.sh's, so the tests can run while the system is up.
export COSMOS_PORT="${TEST_COSMOS_PORT:-18081}" AZURITE_BLOB_PORT="${TEST_AZURITE_BLOB_PORT:-11000}"
export AZURITE_QUEUE_PORT="${TEST_AZURITE_QUEUE_PORT:-11001}" AZURITE_TABLE_PORT="${TEST_AZURITE_TABLE_PORT:-11002}"
export COSMOS_ENDPOINT="https://127.0.0.1:$COSMOS_PORT/"
export AZURITE_BLOB_ENDPOINT="http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1"
# The well-known development account of Azurite (public, not a secret).
export AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=$AZURITE_BLOB_ENDPOINT;QueueEndpoint=http://127.0.0.1:$AZURITE_QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$AZURITE_TABLE_PORT/devstoreaccount1;"

results=.local/test-results
rm -rf "$results"
mkdir -p "$results"

trap 'tools/emulators/stop.sh >/dev/null 2>&1 || true' EXIT
tools/emulators/start.sh || { echo "0 passed, 1 failed"; exit 1; }

echo "test.sh: building the solution"
if ! dotnet build PatientAccess.sln -v q --nologo >"$results/build.log" 2>&1; then
  grep -E "error" "$results/build.log" | sort -u | head -40
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0 failed=0 skipped=0 broken=()
mapfile -t projects < <(dotnet sln PatientAccess.sln list | grep -E '^tests/.*\.csproj$' | sort)
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  echo "test.sh: $name"
  dotnet test "$project" --no-build --nologo -v q \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --blame-hang-timeout 10m >"$results/$name.log" 2>&1
  trx="$results/$name.trx"
  if [[ ! -f "$trx" ]]; then
    echo "test.sh: $name produced no results; last lines:"; tail -n 30 "$results/$name.log"
    broken+=("$name"); failed=$((failed + 1)); continue
  fi
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")"
  f="$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")"
  t="$(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters")"
  e="$(sed -E 's/.* executed="([0-9]+)".*/\1/' <<<"$counters")"
  s=$((t - e))
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  echo "  $p passed, $f failed, $s skipped"
  if ((f > 0)); then
    # The names from the results file (the console log's format differs between runners), then what the log says.
    grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -E 's/.* testName="([^"]*)".*/  FAILED \1/' | head -n 20
    grep -E "^\s+Failed |Error Message|\[FAIL\]" -A3 "$results/$name.log" | head -n 40
  fi
done

((${#broken[@]})) && echo "test.sh: projects without results: ${broken[*]}"
echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0))
