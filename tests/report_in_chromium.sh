#!/usr/bin/env bash
# Renders the HTML shortlisting matrix in headless Chromium (Debian's chromium package) and
# checks it as the panel's paper grid: the page's script ran; an applicant per row group with
# its cells; every criterion headed by its wording with E or D shown (not only on hover); a
# failed essential drawn apart from an unmet desirable; assessors' scores and the reasons on
# the page; no horizontal overflow at the width of an A4 landscape page (297 mm less 8 mm
# margins = 1062 px at 96 px/inch); and the printed PDF's pages are A4 landscape. Screenshots
# at that width and at a desktop width are kept in SCREENSHOT_DIR. Chromium missing is a
# failure, never a skip: scripts/install-deps installs it.
#   report_in_chromium.sh SIFT_BINARY SOURCE_DIR [SCREENSHOT_DIR]
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
shots=${3:-$work}
mkdir -p "$shots"
"$sift" --db "$work/sift.db" screen "$source/examples/second-in-science.sift" \
  "$source/examples/second-in-science.applications.jsonl" \
  --scores "$source/examples/second-in-science.scores.csv" --as-of 2026-11-23 > /dev/null
"$sift" --db "$work/sift.db" report second-in-science --html "$work/matrix.html" > /dev/null
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir="$work/profile")
page="file://$work/matrix.html"
a4=1062,750
timeout 120 "$chromium" "${flags[@]}" --window-size=$a4 --dump-dom "$page" > "$work/dom.html" 2> "$work/chromium.log"
timeout 120 "$chromium" "${flags[@]}" --window-size=$a4 --screenshot="$shots/matrix-a4-landscape.png" \
  "$page" >> "$work/chromium.log" 2>&1
timeout 120 "$chromium" "${flags[@]}" --window-size=1600,1000 --screenshot="$shots/matrix-desktop.png" \
  "$page" >> "$work/chromium.log" 2>&1
timeout 120 "$chromium" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$work/matrix.pdf" \
  "$page" >> "$work/chromium.log" 2>&1
fail() { echo "FAIL: $*"; exit 1; }
grep -q '<body [^>]*class="ready"' "$work/dom.html" || fail "the page's script did not run"
grep -q 'data-overflow="no"' "$work/dom.html" ||
  fail "the grid is wider than an A4 landscape page: $(grep -o '<body [^>]*>' "$work/dom.html")"
rows=$(grep -c '<tbody class="[a-z]*" data-verdict=' "$work/dom.html" || true)
[ "$rows" -eq 200 ] || fail "expected 200 applicants, found $rows"
grep -q 'data-verdict="shortlisted"' "$work/dom.html" || fail "no shortlisted applicant"
grep -q '<th class="criterion essential" data-column="[0-9]*" [^>]*><span>Excellent subject knowledge</span>' \
  "$work/dom.html" || fail "no criterion headed by its wording"
grep -q '<th class="kind essential">E</th>' "$work/dom.html" || fail "Essential not shown"
grep -q '<th class="kind desirable">D</th>' "$work/dom.html" || fail "Desirable not shown"
grep -q 'class="mark failed"' "$work/dom.html" || fail "no failed essential drawn"
grep -q 'class="mark unmet"' "$work/dom.html" || fail "no unmet desirable drawn"
grep -q '<small>[0-3]&middot;[0-3]</small>\|<small>[0-3]·[0-3]</small>' "$work/dom.html" ||
  fail "no assessors' scores in a cell"
grep -q '<b>Reason:</b> essential criteria not met: ' "$work/dom.html" || fail "no reason shown"
[ -s "$work/matrix.pdf" ] || fail "no PDF printed"
pages=$(grep -a -c 'MediaBox \[0 0 841\.9[0-9]* 59[45]\.[0-9]*\]' "$work/matrix.pdf" || true)
others=$(grep -a 'MediaBox' "$work/matrix.pdf" | grep -a -v -c 'MediaBox \[0 0 841\.9[0-9]* 59[45]\.[0-9]*\]' || true)
[ "$pages" -gt 0 ] && [ "$others" -eq 0 ] || fail "the printed pages are not A4 landscape ($pages A4, $others other)"
for shot in matrix-a4-landscape matrix-desktop; do
  size=$(stat -c %s "$shots/$shot.png" 2>/dev/null || echo 0)
  [ "$size" -gt 20000 ] || fail "the screenshot $shot is nearly empty ($size bytes)"
done
echo "ok: matrix rendered in $("$chromium" --version 2>/dev/null): 200 applicants, fits" \
  "$(grep -o 'data-table-width="[0-9]*" data-page-width="[0-9]*"' "$work/dom.html"), $pages A4" \
  "landscape pages printed, screenshots in $shots"
