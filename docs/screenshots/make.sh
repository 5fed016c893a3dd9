#!/usr/bin/env bash
# Regenerates the screenshots of the HTML report in this folder from a generated year of remittances:
#   report-1280.png        the report as a 1280 px wide browser window shows it (the top of the page)
#   report-worklist-1280.png  the worklist further down, with a search typed in
#   report-print-page1.png the first page of the report printed to PDF (landscape), and page 3, the worklist's first
# Needs Debian's chromium and poppler-utils (pdftoppm). Run from the repository root: docs/screenshots/make.sh
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$repo/docs/screenshots"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
recoup=(dotnet run --project "$repo/samples/Recoupment.Detection.Cli" -c Release --)
chromium_flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --user-data-dir="$work/profile" --hide-scrollbars)

cd "$work" # relative paths, so that the report names the ledger recoup.db
"${recoup[@]}" generate --out corpus --seed 1 --days 365 >/dev/null
"${recoup[@]}" scan --ledger recoup.db corpus >/dev/null
"${recoup[@]}" report --ledger recoup.db --format html --as-of 2026-12-31 --out report.html >/dev/null

chromium "${chromium_flags[@]}" --window-size=1280,1100 --screenshot="$out/report-1280.png" "file://$work/report.html" 2>/dev/null
# The worklist: the same page without its summary, with "pinecrest" typed into the search box.
sed 's|</body>|<script>var s=document.getElementById("wl-search");s.value="pinecrest";s.dispatchEvent(new Event("input"));document.getElementById("summary").hidden=true;</script></body>|' \
  "$work/report.html" >"$work/worklist.html"
chromium "${chromium_flags[@]}" --window-size=1280,1100 --screenshot="$out/report-worklist-1280.png" "file://$work/worklist.html" 2>/dev/null
chromium "${chromium_flags[@]}" --no-pdf-header-footer --print-to-pdf="$work/report.pdf" "file://$work/report.html" 2>/dev/null
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/report.pdf" "$out/report-print-page1"
pdftoppm -png -r 80 -f 3 -l 3 -singlefile "$work/report.pdf" "$out/report-print-page3"
echo "screenshots written to $out"
