#!/usr/bin/env python3
"""Summarises a JMH JSON result (-rf json) of the Caskade benchmarks.

For each benchmark: throughput (mean, and the best iteration, which is the least disturbed by
other processes on a shared machine), CPU nanoseconds per operation from the cursors' cpuNanos/ops
counters (see ThreadCpu.java), gc.alloc.rate.norm when -prof gc was on, and the ratios to a
baseline benchmark of the same class and parameters.

usage: summarize.py [--baseline m1,m2,...] result.json [more.json ...]
       (default baselines: rawCaffeine,raw_plain,rawLettuce,sequentialGets; several files, e.g.
       the rounds of interleave.sh, are merged: their iterations are pooled per benchmark)
"""
import json
import sys


def flat(raw):
    return [x for fork in raw for x in fork]


def main():
    args = sys.argv[1:]
    baselines = ["rawCaffeine", "raw_plain", "rawLettuce", "sequentialGets"]
    if args and args[0] == "--baseline":
        baselines, args = args[1].split(","), args[2:]
    merged = {}
    for path in args:
        for r in json.load(open(path)):
            cls, method = r["benchmark"].rsplit(".", 2)[-2:]
            params = ",".join(f"{k}={v}" for k, v in sorted((r.get("params") or {}).items()))
            m = merged.setdefault((cls, method, params), dict(
                cls=cls, method=method, params=params, unit=r["primaryMetric"]["scoreUnit"],
                thr=[], cpu=0, ops=0, alloc=[], err=[]))
            m["thr"] += flat(r["primaryMetric"]["rawData"])
            m["err"].append(r["primaryMetric"].get("scoreError"))
            sec = r.get("secondaryMetrics", {})
            if "cpuNanos" in sec and "ops" in sec:
                m["cpu"] += sum(flat(sec["cpuNanos"]["rawData"]))
                m["ops"] += sum(flat(sec["ops"]["rawData"]))
            if "gc.alloc.rate.norm" in sec:
                m["alloc"] += flat(sec["gc.alloc.rate.norm"]["rawData"])
    rows = []
    for m in merged.values():
        thr = m["thr"]
        rows.append(dict(cls=m["cls"], method=m["method"], params=m["params"], unit=m["unit"],
                         mean=sum(thr) / len(thr), best=max(thr), n=len(thr),
                         # JMH's 99.9% error when there is one file; a pooled run has none
                         err=m["err"][0] if len(m["err"]) == 1 else None,
                         nsop=(m["cpu"] / m["ops"] if m["ops"] else None),
                         alloc=(sum(m["alloc"]) / len(m["alloc"]) if m["alloc"] else None)))
    base = {}
    for b in baselines:
        for row in rows:
            key = (row["cls"], row["params"])
            if row["method"] == b and key not in base:
                base[key] = row
    hdr = ("benchmark", "params", "iters", "thrpt mean", "±err", "best iter", "cpu ns/op", "alloc B/op",
           "ratio mean", "ratio best", "ratio cpu")
    print("| " + " | ".join(hdr) + " |")
    print("|" + "---|" * len(hdr))
    for row in rows:
        b = base.get((row["cls"], row["params"]))

        def ratio(a, z, inverse=False):
            if b is None or a is None or z is None:
                return ""
            return f"{(z / a if inverse else a / z):.2f}"

        print("| " + " | ".join([
            f"{row['cls']}.{row['method']}", row["params"] or "-", str(row["n"]),
            f"{row['mean']:.3f} {row['unit']}",
            "" if row["err"] is None or row["err"] != row["err"] else f"{row['err']:.3f}",
            f"{row['best']:.3f}",
            "" if row["nsop"] is None else f"{row['nsop']:.1f}",
            "" if row["alloc"] is None else f"{row['alloc']:.3f}",
            ratio(row["mean"], b and b["mean"]),
            ratio(row["best"], b and b["best"]),
            # CPU ratio expressed like throughput: baseline ns/op over this ns/op
            ratio(row["nsop"], b and b["nsop"], inverse=True) if b else "",
        ]) + " |")


if __name__ == "__main__":
    main()
