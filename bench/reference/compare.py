#!/usr/bin/env python3
"""Compares Sift's results for the reference workload with a peer's, applicant by applicant.

    compare.py SIFT_REPORT.csv PEER.tsv

SIFT_REPORT.csv is `sift report --format csv` of a run of reference-workload.sift; PEER.tsv the
output of peer_sql.sh or peer_jre.js (ref, verdict, score, failed knockouts, unknown criteria,
flags, shortlist rank). Prints the number of applicants that agree on every column and each
disagreement; exits 1 if any applicant disagrees in a way that is not the one documented
difference below, 0 otherwise.

The documented difference: D_experience. The workload calls it unknown whenever the known
teaching is under five years and some spell's `teaching` (or a teaching spell's start) is
missing. Sift says "not met" when even counting every such spell (each has its dates) the years
stay under five: every way of filling in the missing answers gives "not met". The verdict, the
score (an unknown desirable earns nothing either way), the flags and the ranks are the same.
"""
import csv
import sys

CRITERIA = ["E_qts", "E_teachqual", "E_subjects", "E_ks34", "E_tutor", "E_rtw", "E_barred",
            "D_third_sci", "D_experience", "D_leadership", "D_ks5", "D_ups", "D_masters"]
FLAGS = ["F_gap", "F_missing"]


def number(text):
    value = float(text)
    return str(int(value)) if value == int(value) else str(value)


def sift_rows(path):
    rows = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            verdict = row["verdict"].replace(" ", "_")
            raised = set(row["flags"].split())
            rows[row["ref"]] = {
                "verdict": verdict,
                "score": number(row["score"]),
                "failed": ",".join(c for c in CRITERIA if c.startswith("E_") and row[c] == "not met"),
                "unknown": ",".join(c for c in CRITERIA if row[c] == "unknown"),
                "flags": ",".join(f for f in FLAGS if f in raised),
                "rank": row["rank"] if verdict == "shortlisted" else "",
            }
    return rows


def peer_rows(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            ref, verdict, score, failed, unknown, flags, rank = line.rstrip("\n").split("\t")
            rows[ref] = {"verdict": verdict, "score": number(score), "failed": failed,
                         "unknown": unknown, "flags": flags, "rank": rank}
    return rows


def main():
    sift, peer = sift_rows(sys.argv[1]), peer_rows(sys.argv[2])
    if set(sift) != set(peer):
        print(f"different applicants: {len(set(sift) - set(peer))} only in Sift, "
              f"{len(set(peer) - set(sift))} only in the peer")
        return 1
    same = documented = 0
    unexplained = []
    for ref in sorted(peer):
        s, p = sift[ref], peer[ref]
        if s == p:
            same += 1
            continue
        differing = [k for k in p if s[k] != p[k]]
        unknown_s = set(filter(None, s["unknown"].split(",")))
        unknown_p = set(filter(None, p["unknown"].split(",")))
        if differing == ["unknown"] and unknown_p - unknown_s == {"D_experience"} and \
                unknown_s <= unknown_p:
            documented += 1
            continue
        unexplained.append(f"{ref}: " + "; ".join(f"{k} sift={s[k]!r} peer={p[k]!r}"
                                                  for k in differing))
    print(f"applicants={len(peer)} identical={same} "
          f"d_experience_decided_by_sift={documented} unexplained={len(unexplained)}")
    for line in unexplained[:20]:
        print("  " + line)
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
