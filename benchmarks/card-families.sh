#!/usr/bin/env bash
# Card reading by layout family (issue 16): renders fresh synthetic cards of the development and the held-out layout
# families (tools/CardGenerator, LayoutFamily.IsHeldOut: every third new family), clean, phone photo and harsh photo,
# with backs, reads each with the local reader and prints per set, rendering and field: exact match, confidently
# wrong values (wrong at or above the reconciler's accept confidence) and read times (markdown, as pasted into
# docs/benchmarks.md). Held-out families are reported in aggregate only.
#
# Usage: benchmarks/card-families.sh [--engine local|tesseract|paddle] [--per N] [--dev-per N] [--seed S] [--out DIR]
# Needs what scripts/prereqs.sh installs (tesseract, the PP-OCR models) and the generator's fonts (installed here).
set -euo pipefail
cd "$(dirname "$0")/.."
engine=local per=6 dev_per=2 seed=30000 out=/tmp/pa-card-families
while (($#)); do
  case "$1" in
    --engine) engine="$2"; shift 2 ;;
    --per) per="$2"; shift 2 ;;
    --dev-per) dev_per="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
scripts/prereqs.sh
fonts=()
[[ -d /usr/share/fonts/truetype/liberation ]] || fonts+=(fonts-liberation)
[[ -d /usr/share/fonts/truetype/freefont ]] || fonts+=(fonts-freefont-ttf)
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ]] || fonts+=(fonts-dejavu-extra)
if ((${#fonts[@]})); then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${fonts[@]}" >/dev/null
fi
dotnet build tools/CardGenerator -c Release -v q --nologo >/dev/null
gen=(dotnet tools/CardGenerator/bin/Release/net10.0/PatientAccess.CardGenerator.dll)
rm -rf "$out" && mkdir -p "$out/heldout" "$out/dev"
"${gen[@]}" families "$out/heldout" --set heldout --per "$per" --seed "$seed" --backs
"${gen[@]}" families "$out/dev" --set dev --per "$dev_per" --seed "$((seed + 10000))" --backs
echo "date $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "### Held-out families ($per cards per family and rendering, seeds from $seed)"
echo
"${gen[@]}" measure "$out/heldout" --engine "$engine" --markdown
echo "### Development families ($dev_per cards per family and rendering, seeds from $((seed + 10000)))"
echo
"${gen[@]}" measure "$out/dev" --engine "$engine" --markdown
echo "load at end $(cut -d' ' -f1-3 /proc/loadavg)"
