#!/usr/bin/env python3
"""Per-family pairwise accuracy and tie rate of a `reward eval` run over data/dev/freeform.jsonl.
Usage: /usr/bin/python3 benchmarks/instruction-following/dev_summary.py OUT_DIR
A pair's result is 1 (chosen wins), 0 (rejected wins) or 0.5 (tie). For the family soft_only the right outcome is a
tie, so its "ok" column counts ties; elsewhere "acc" is the accuracy with ties as 0.5 (reward eval's default)."""
import json, sys
fam = {}
for line in open(f"{sys.argv[1]}/scores.jsonl"):
    d = json.loads(line)
    f = fam.setdefault(d["subset"], [0, 0, 0])
    f[0 if d["result"] == 1 else 1 if d["result"] == 0 else 2] += 1
print(f"| family | pairs | win | loss | tie | acc (tie=0.5) | tie rate |")
print("|---|---:|---:|---:|---:|---:|---:|")
tw = tl = tt = 0
hard = [0, 0, 0]
for k in sorted(fam):
    w, l, t = fam[k]
    n = w + l + t
    tw, tl, tt = tw + w, tl + l, tt + t
    if k != "soft_only":
        hard = [hard[0] + w, hard[1] + l, hard[2] + t]
    acc = (w + 0.5 * t) / n
    print(f"| {k} | {n} | {w} | {l} | {t} | {acc:.3f} | {t / n:.3f} |")
n = sum(hard)
print(f"| **hard families** | {n} | {hard[0]} | {hard[1]} | {hard[2]} | {(hard[0] + 0.5 * hard[2]) / n:.3f} | {hard[2] / n:.3f} |")
s = fam.get("soft_only", [0, 0, 0])
if sum(s):
    print(f"| **soft_only (must tie)** | {sum(s)} | {s[0]} | {s[1]} | {s[2]} | ties {s[2] / sum(s):.3f} | {s[2] / sum(s):.3f} |")
