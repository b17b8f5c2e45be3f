#!/usr/bin/python3
"""Prints the goals and the breakdowns of a dashboard run (POST /api/run's JSON answer, read from
standard input), as the README shows them:

  curl -s -H 'Content-Type: application/json' http://127.0.0.1:8080/api/run -d @body.json | /usr/bin/python3 web/show_run.py
"""
import json, sys
d = json.load(sys.stdin)
for g in d["goals"]:
    pub = g["published"][-1] if g["published"] else None
    latest = "%s %.1f" % (pub["period"], pub["value"]) if pub else "none"
    print("%s: %s %s %g in %s (latest published: %s)" % (g["name"], g["measure"], g["condition"], g["target"], g["period"], latest))
    for f in g["forecasts"]:
        print("  %-8s  mean %14.1f  90%% %14.1f to %14.1f  P(met) %.2f (%d/%d) %s" % (
            f["scenario"], f["mean"], f["low"], f["high"], f["probability"], f["met"], f["replicates"], f["status"]))
for b in d["breakdowns"]:
    ms = b["measures"]
    name = {"need": "EHC plans by primary need", "age": "EHC plans by age band"}[b["key"]]
    lab = (lambda m: m["id"].split("plans_need_")[1].upper()) if b["key"] == "need" else (lambda m: m["label"])
    print("%s %s: %s" % (name, ms[0]["periods"][-1], ", ".join("%s %.0f" % (lab(m), m["scenario"][-1]) for m in ms)))
