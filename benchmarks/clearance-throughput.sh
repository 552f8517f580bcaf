#!/usr/bin/env bash
# The clearance throughput benchmark of issue 14: N self-pay registrations submitted at once through the LocalHost's
# API (each clearance runs to Cleared with no person in the loop), then, in the same run on the same Azurite backend,
# N empty baseline orchestrations with as many no-op activities and timers as one clearance's history holds (the
# LocalHost's benchmark-only LocalHost:BenchmarkBaseline setting). Prints throughput, p50/p95 submit-to-final, the
# ratio, activities, timers and backend messages per instance, Cosmos requests per instance (from the emulator's
# COSMOS_TRACE=1 log), CPU seconds and peak RSS of each process. Results go in docs/benchmarks.md ("Clearance throughput").
#   benchmarks/clearance-throughput.sh                       # N = 50, then N = 200
#   benchmarks/clearance-throughput.sh --throughput 20       # one smaller batch
#   benchmarks/clearance-throughput.sh --throughput 20 --path insured [--card-wait-seconds 5]
#       # typed PPO insurance without a card photo: the card deadline (a timer), a scripted specialist's Continue, the
#       # payer sandbox's 271 and MRI approval (sub-orchestrations, counted in), the estimate; the baseline's timers
#       # wait as long as the card deadline
# Ports as kill-test.sh (PA_API_PORT, PA_SANDBOX_PORT, COSMOS_PORT, AZURITE_*_PORT). Logs: .local/clearance-throughput/.
set -euo pipefail
export COSMOS_TRACE=1 # the emulator logs each request, so Cosmos operations can be counted per clearance
source "$(dirname "${BASH_SOURCE[0]}")/local-stack.sh" clearance-throughput

report=".local/clearance-throughput/report-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "clearance-throughput.sh: $(nproc) cores, load $(awk '{print $1, $2, $3}' /proc/loadavg), report in $report"
args=("$@")
[[ " ${args[*]} " == *" --throughput "* ]] || args=(--throughput 50,200 "${args[@]}")
dotnet "$tool" --api-port "$api_port" --sandbox-port "$sandbox_port" --report "$report" "${args[@]}"
