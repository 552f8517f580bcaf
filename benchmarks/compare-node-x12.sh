#!/usr/bin/env bash
# Runs npm node-x12 (pinned in benchmarks/node-x12/package-lock.json) and our X12 reader on the same 271 files
# (a small 271, one with 50 benefit loops, a 20 MB batch; written by our writer into a temp folder) and prints
# throughput per reader. Several interleaved rounds; medians reported. Measures CPU time as well as wall time,
# because build machines are shared.
# Usage: benchmarks/compare-node-x12.sh [ROUNDS] [SECONDS_PER_FILE]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rounds="${1:-3}"
seconds="${2:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$here/X12.Benchmarks" -c Release -v q --nologo >/dev/null
bench="$here/X12.Benchmarks/bin/Release/net10.0/PatientAccess.X12.Benchmarks"
(cd "$here/node-x12" && { [ -d node_modules/node-x12 ] || npm ci --no-audit --no-fund >/dev/null; })
"$bench" --write-files "$work"
files=("$work/small-271.x12" "$work/benefits-50-271.x12" "$work/batch-20mb-271.x12")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo)"
echo "runtimes: .NET $(dotnet --version) SDK, node $(node --version), node-x12 $(node -p "require('$here/node-x12/node_modules/node-x12/package.json').version")"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for f in "${files[@]}"; do echo "file: $(basename "$f") $(stat -c %s "$f") bytes"; done

for round in $(seq 1 "$rounds"); do
  node "$here/node-x12/bench.js" --seconds "$seconds" "${files[@]}" >>"$work/results.jsonl"
  "$bench" --throughput --seconds "$seconds" "${files[@]}" >>"$work/results.jsonl"
  echo "round $round done, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
node "$here/node-x12/summarize.js" <"$work/results.jsonl"
if [ -n "${KEEP_RESULTS:-}" ]; then cp "$work/results.jsonl" "$KEEP_RESULTS"; fi
