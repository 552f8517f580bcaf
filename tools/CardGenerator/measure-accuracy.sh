#!/usr/bin/env bash
# Reads every card in samples/cards with the local reader (Tesseract + PP-OCR; --engine tesseract for Tesseract alone) and prints per-field exact-match rates for
# clean and phone-photo cards and the read time per card (markdown, as pasted into docs/benchmarks.md).
# Needs: tesseract-ocr (Debian, 5.x). Usage: tools/CardGenerator/measure-accuracy.sh [cards-dir] [--markdown]
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v tesseract >/dev/null || { echo "tesseract is not installed: apt-get install -y tesseract-ocr" >&2; exit 1; }
dir="${1:-samples/cards}"
shift || true
dotnet build tools/CardGenerator -c Release -v q --nologo >/dev/null
dotnet tools/CardGenerator/bin/Release/net10.0/PatientAccess.CardGenerator.dll measure "$dir" "$@"
