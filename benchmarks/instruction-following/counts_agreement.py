#!/usr/bin/env python3
"""Agreement of the engine's writer counting with hand-labelled counts (data/dev/counts-blind.jsonl).

For each label of each answer it writes one `reward check` line whose constraint passes exactly when the engine's
count equals the label, runs `reward check --input`, and prints per count kind how many labels the engine matches.
  words      length_constraints:number_words with counting: writer, as two constraints (at least N, less than N+1)
  sentences  rwd:sentence_count, relation exactly
  paragraphs rwd:paragraph_count, relation exactly
  headings   rwd:titled_sections, relation exactly
  bullets    rwd:bullet_count, relation exactly
  numbered   rwd:numbered_list, relation exactly
A row holds its "response", or names a benchmark answer by "file" (under --data), "index" and "side" (labels for
real answers kept apart from their text, e.g. data/dev/counts-rmbench.labels.jsonl over RM-Bench's answers).
Usage: /usr/bin/python3 benchmarks/instruction-following/counts_agreement.py [--input F.jsonl] [--reward CMD]
       [--data DIR] [--show]   (--show lists each disagreement: key, kind, label, the engine's count from the reason)"""
import argparse, json, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KINDS = ["words", "sentences", "paragraphs", "headings", "bullets", "numbered"]


def constraints(kind, n):
    if kind == "words":
        return [("length_constraints:number_words", {"num_words": n, "relation": "at least", "counting": "writer"}),
                ("length_constraints:number_words", {"num_words": n + 1, "relation": "less than",
                                                     "counting": "writer"})]
    ident, arg = {"sentences": ("rwd:sentence_count", "num_sentences"),
                  "paragraphs": ("rwd:paragraph_count", "num_paragraphs"),
                  "headings": ("rwd:titled_sections", "num_sections"),
                  "bullets": ("rwd:bullet_count", "num_bullets"),
                  "numbered": ("rwd:numbered_list", "num_items")}[kind]
    return [(ident, {arg: n, "relation": "exactly"})]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", default=os.path.join(ROOT, "data/dev/counts-blind.jsonl"))
    ap.add_argument("--reward", default=os.path.join(ROOT, "reward"), help="the reward command to run")
    ap.add_argument("--data", default="/work/shared/data", help="benchmark data folder for rows that name a file")
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()

    rows = [json.loads(l) for l in open(args.input, encoding="utf-8") if l.strip()]
    files = {}
    for r in rows:
        if "response" not in r:
            if r["file"] not in files:
                files[r["file"]] = json.load(open(os.path.join(args.data, r["file"]), encoding="utf-8"))
            r["response"] = files[r["file"]][r["index"]][r["side"]][1]["content"]
    lines, labels = [], {}
    for r in rows:
        for kind, n in r["labels"].items():
            key = f"{r['key']}/{kind}"
            labels[key] = (kind, n)
            cs = constraints(kind, n)
            lines.append({"key": key, "prompt": "-", "response": r["response"],
                          "instruction_id_list": [c[0] for c in cs], "kwargs": [c[1] for c in cs]})
    with tempfile.TemporaryDirectory() as tmp:
        inp, out = os.path.join(tmp, "in.jsonl"), os.path.join(tmp, "out.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for l in lines:
                f.write(json.dumps(l, ensure_ascii=False) + "\n")
        subprocess.run(args.reward.split() + ["check", "--input", inp, "--out", out], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        results = [json.loads(l) for l in open(out, encoding="utf-8")]

    agree = {k: [0, 0] for k in KINDS}
    misses = []
    for res in results:
        kind, n = labels[res["key"]]
        ok = all(x["strict"] for x in res["results"])
        agree[kind][0] += ok
        agree[kind][1] += 1
        if not ok:
            m = re.match(r"\s*(\d+)", res["results"][0].get("reason") or "")
            misses.append((res["key"], kind, n, m.group(1) if m else "?"))
    print(f"{len(rows)} answers, {len(lines)} labels")
    print("| count | labels | agree | agreement |")
    print("|---|---:|---:|---:|")
    total = [0, 0]
    for k in KINDS:
        a, t = agree[k]
        total[0] += a
        total[1] += t
        if t:
            print(f"| {k} | {t} | {a} | {a / t:.3f} |")
    print(f"| all | {total[1]} | {total[0]} | {total[0] / max(total[1], 1):.3f} |")
    if args.show:
        for key, kind, n, got in misses:
            print(f"{key}\tlabel {n}\tengine {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
