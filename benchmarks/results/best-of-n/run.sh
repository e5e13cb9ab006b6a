#!/bin/bash
# Makes the best-of-n results in this folder. Run from the repository root:
#   bash benchmarks/results/best-of-n/run.sh [DATA]      (DATA: the shared benchmark data folder, default ../shared/data)
# 1. tiny/: the tiny profile end to end (random-weight models: plumbing, not quality): 4 IFEval prompts x 8 responses
#    generated, bon --n 2,4,8, annotate --format trl.
# 2. rmbench-answers/: 541 IFEval prompts, each given 16 real answers drawn (seeded) from RM-Bench's chat answers (they
#    answer other questions, but their text meets or misses each prompt's constraints as real text does), bon
#    --n 1,2,4,8,16 in the verifiers-only profile (no model: the tiny profile's random reward model would add noise,
#    and at 1.5 responses/s on this shared machine 8,656 responses take 1.5 hours): the agent's constraint signal,
#    parsed from the instruction (not the gold kwargs), against IFEval's gold verdicts.
set -euo pipefail
R=${REWARD:-./reward}   # the CLI (default: the launcher, which builds it first)
DATA=${1:-../shared/data}
OUT=benchmarks/results/best-of-n
W=$(mktemp -d)
"$R" models make-tiny --out "$W/m" > /dev/null
head -4 "$DATA/ifeval/input_data.jsonl" > "$W/p.jsonl"
"$R" generate --input "$W/p.jsonl" --n 8 --config "$W/m/tiny.json" --max-tokens 48 --seed 42 --out "$W/r.jsonl"
"$R" bon --input "$W/r.jsonl" --n 2,4,8 --config "$W/m/tiny.json" --out "$W/bon" > "$OUT/tiny-bon.txt"
"$R" annotate --input "$W/r.jsonl" --config "$W/m/tiny.json" --format trl --out "$W/pairs.jsonl" > "$OUT/tiny-annotate.txt"
mkdir -p "$OUT/tiny"
cp "$W/bon/best_of_n.png" "$W/bon/best_of_n.svg" "$W/bon/accuracy.json" "$OUT/tiny/"

/usr/bin/python3 - "$DATA" "$W/rm.jsonl" <<'PY'
import json, random, sys
D, out = sys.argv[1], sys.argv[2]
prompts = [json.loads(l) for l in open(f"{D}/ifeval/input_data.jsonl")]
answers = [it[s][1]["content"] for it in json.load(open(f"{D}/rm-bench/chat_normal.json")) for s in ("text_chosen", "text_rejected")]
rng = random.Random(11)
with open(out, "w") as f:
    for p in prompts:
        p["responses"] = [rng.choice(answers) for _ in range(16)]
        f.write(json.dumps(p) + "\n")
PY
BON=(bon --input "$W/rm.jsonl" --n 1,2,4,8,16 --profile verifiers-only --selectors first,weighted_sum,major_vote --out "$W/bon-rm")
"$R" "${BON[@]}" > "$OUT/rmbench-answers-bon.txt"
mkdir -p "$OUT/rmbench-answers"
cp "$W/bon-rm/best_of_n.png" "$W/bon-rm/best_of_n.svg" "$W/bon-rm/accuracy.json" "$OUT/rmbench-answers/"
# A rerun computes nothing new.
"$R" "${BON[@]}" | tail -2 > "$OUT/rmbench-answers-rerun.txt"
rm -rf "$W"
