#!/usr/bin/env bash
# The reference workload (bench/reference/) screened by Sift and by the SQL peer on the same
# generated applications (2% of answers missing, as the generator writes them by default), then
# compared applicant by applicant: verdict, score, failed knockouts, unknown criteria, flags and
# shortlist rank must agree, but for the one documented difference (bench/reference/compare.py).
#   reference_workload.sh SIFT SOURCE_DIR [COUNT]
set -euo pipefail
sift=$1 source=$2 count=${3:-3000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$source/tools/gen_applicants.py" --count "$count" --seed 1 --vacancy reference-workload \
  --out "$work/apps.jsonl"
bash "$source/bench/reference/peer_sql.sh" "$work/apps.jsonl" "$work/peer.db" "$work/peer.tsv"
"$sift" --db "$work/sift.db" screen "$source/bench/reference/reference-workload.sift" \
  "$work/apps.jsonl" --as-of 2026-11-23 >/dev/null
"$sift" --db "$work/sift.db" report reference-workload --csv "$work/sift.csv" >/dev/null
python3 "$source/bench/reference/compare.py" "$work/sift.csv" "$work/peer.tsv"
