# The verdict of a durability check, from report.json (imagebatch report) and ledger.json (the
# simulator's /admin/ledger) in the current folder.
# Usage: durability-report.py <rows> <kills> <images stored in S3>
import json, sys, collections
rows, kills, stored = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
report = json.load(open("report.json"))
ledger = json.load(open("ledger.json"))
calls = collections.Counter(g["prompt"] for g in ledger["generated"])
paid = sum(line["images"] for line in report["cost_by_model"])
again = sum(c - 1 for c in calls.values())
print(f"rows {rows}, kills {kills}: run {report['status']}, items {report['items']}")
print(f"every row ended exactly once: {report['items']['succeeded'] == rows and len(calls) == rows}")
print(f"images in S3: {stored} (one per row: {stored == rows}); images recorded as paid: {paid}")
print(f"calls made {ledger['requests']}, made again after a kill: {again} "
      f"({paid - stored} answered but not yet stored, {sum(calls.values()) - paid} still waiting for the answer)")
