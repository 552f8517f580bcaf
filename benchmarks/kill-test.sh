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
source "$(dirname "${BASH_SOURCE[0]}")/local-stack.sh" kill-test

report=".local/kill-test/report-$(date -u +%Y%m%dT%H%M%SZ).json"
echo "kill-test.sh: $(nproc) cores, $(awk '{print $1, $2, $3}' /proc/loadavg) load, report in $report"
dotnet "$tool" --api-port "$api_port" --sandbox-port "$sandbox_port" --report "$report" "$@"
