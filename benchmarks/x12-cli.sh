#!/usr/bin/env bash
# x12 parse of the 20 MB batch of 271s (written by benchmarks/X12.Benchmarks --write-files, as in compare-node-x12.sh)
# against one parse of the same file by npm node-x12 (a node process that reads the file and calls X12Parser.parse).
# Wall time includes process start; CPU time (user + system) and peak RSS from /usr/bin/time. Several interleaved
# rounds; medians printed. The CLI runs from its Release build (dotnet PatientAccess.Cli.dll), output to /dev/null.
# Usage: benchmarks/x12-cli.sh [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
rounds="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$here/X12.Benchmarks" -c Release -v q --nologo >/dev/null
dotnet build "$root/src/Cli" -c Release -v q --nologo >/dev/null
(cd "$here/node-x12" && { [ -d node_modules/node-x12 ] || npm ci --no-audit --no-fund >/dev/null; })
"$here/X12.Benchmarks/bin/Release/net10.0/PatientAccess.X12.Benchmarks" --write-files "$work"
batch="$work/batch-20mb-271.x12"
cli="$root/src/Cli/bin/Release/net10.0/PatientAccess.Cli.dll"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo)"
echo "runtimes: .NET $(dotnet --version) SDK, node $(node --version), node-x12 $(node -p "require('$here/node-x12/node_modules/node-x12/package.json').version")"
echo "file: $(stat -c %s "$batch") bytes, $(grep -c '^ST\*271' "$batch") transaction sets"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

measure() { # name, command...
  local name="$1"; shift
  /usr/bin/time -f "$name %e %U %S %M" -o "$work/t" "$@" >"$work/out" 2>"$work/err" || { echo "$name failed:"; cat "$work/err"; exit 1; }
  cat "$work/t" >>"$work/times"
  echo "$name $(stat -c %s "$work/out")" >>"$work/sizes"
}

for round in $(seq 1 "$rounds"); do
  measure node-x12 node -e "const {X12Parser}=require('$here/node-x12/node_modules/node-x12'); const i=new X12Parser(true).parse(require('fs').readFileSync(process.argv[1],'utf8')); if(!i.functionalGroups.length) process.exit(1)" "$batch"
  measure text dotnet "$cli" x12 parse "$batch"
  measure json dotnet "$cli" x12 parse "$batch" --json
  measure summary dotnet "$cli" x12 parse "$batch" --summary
  echo "round $round done, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

awk '
  { wall[$1] = wall[$1] " " $2; cpu[$1] = cpu[$1] " " ($3 + $4); rss[$1] = ($5 > rss[$1] ? $5 : rss[$1]) }
  function median(list,   a, n, i, j, t) { n = split(list, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t } return a[int((n + 1) / 2)] }
  END {
    base = median(wall["node-x12"]); basecpu = median(cpu["node-x12"])
    printf "%-10s %10s %10s %12s %14s %14s\n", "run", "wall s", "CPU s", "peak RSS MB", "x node (wall)", "x node (CPU)"
    split("node-x12 text json summary", order, " ")
    for (k = 1; k <= 4; k++) { r = order[k]; w = median(wall[r]); c = median(cpu[r])
      printf "%-10s %10.2f %10.2f %12.0f %14.1f %14.1f\n", r, w, c, rss[r] / 1024, base / w, basecpu / c }
  }' "$work/times"
awk '{ size[$1] = $2 } END { for (r in size) printf "output %s: %.1f MB\n", r, size[r] / 1e6 }' "$work/sizes" | sort
