#!/usr/bin/env bash
# Renders the HTML shortlisting matrix in headless Chromium (Debian's chromium package) and
# checks that the page's script ran, the matrix is there with a row per applicant and its
# cells, and that a screenshot was drawn. Chromium missing is a failure, never a skip:
# scripts/install-deps installs it.
#   report_in_chromium.sh SIFT_BINARY SOURCE_DIR [SCREENSHOT.png]
set -euo pipefail
sift=$1
source=$2
chromium=$(command -v chromium || true)
if [ -z "$chromium" ]; then
  echo "FAIL: chromium is not installed (scripts/install-deps installs it)"
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shot=${3:-$work/matrix.png}
"$sift" --db "$work/sift.db" screen "$source/examples/second-in-science.sift" \
  "$source/examples/second-in-science.applications.jsonl" \
  --scores "$source/examples/second-in-science.scores.csv" --as-of 2026-11-23 > /dev/null
"$sift" --db "$work/sift.db" report second-in-science --html "$work/matrix.html" > /dev/null
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir="$work/profile")
timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$work/matrix.html" > "$work/dom.html" 2> "$work/chromium.log"
timeout 120 "$chromium" "${flags[@]}" --window-size=1600,1000 --screenshot="$shot" \
  "file://$work/matrix.html" >> "$work/chromium.log" 2>&1
fail() { echo "FAIL: $*"; exit 1; }
grep -q '<body class="ready">' "$work/dom.html" || fail "the page's script did not run"
rows=$(grep -c '<tr class="[a-z]*" data-verdict=' "$work/dom.html" || true)
[ "$rows" -eq 200 ] || fail "expected 200 applicant rows, found $rows"
grep -q 'data-verdict="shortlisted"' "$work/dom.html" || fail "no shortlisted row"
grep -q '<th data-column="[0-9]*" title="Excellent subject knowledge' "$work/dom.html" || fail "no criterion column"
[ -s "$shot" ] || fail "no screenshot"
size=$(stat -c %s "$shot")
[ "$size" -gt 20000 ] || fail "the screenshot is nearly empty ($size bytes)"
echo "ok: matrix rendered in $("$chromium" --version 2>/dev/null), 200 rows, screenshot $size bytes"
