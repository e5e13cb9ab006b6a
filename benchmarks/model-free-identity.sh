#!/bin/bash
# Proves a speed change left every verdict as it was: runs two builds of `reward` side by side on real data from
# ../shared/data and compares byte for byte (1) `reward check --input` on N responses (RM-Bench answers crossed
# with IFEval's constraint sets, seeded, language constraints included) and (2) eval's scores.jsonl, verifiers-only,
# over RM-Bench + JudgeBench. Prints each tool's wall and CPU seconds (side by side, same moment: ratios only).
#   benchmarks/model-free-identity.sh OLD_REWARD NEW_REWARD [N=50000]
# OLD_REWARD: e.g. a copy of engine/RewardEngine.Cli/bin/Release/net10.0/linux-x64 taken before the change.
set -euo pipefail
old=$1; new=$2; n=${3:-50000}
root=$(cd "$(dirname "$0")/.." && pwd); data=$root/../shared/data
t=$(mktemp -d "${TMPDIR:-/tmp}/identity.XXXXXX")
/usr/bin/python3 - "$data" "$t/in.jsonl" "$n" <<'PY'
import json, random, sys
D, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
prompts = [json.loads(l) for l in open(f"{D}/ifeval/input_data.jsonl")]
answers = [it[s][1]["content"] for f in ("rm-bench/chat_normal.json", "rm-bench/chat_hard.json") for it in json.load(open(f"{D}/{f}")) for s in ("text_chosen", "text_rejected")]
rng = random.Random(3)
with open(out, "w") as o:
    for i in range(n):
        p = rng.choice(prompts)
        o.write(json.dumps({"key": i, "prompt": p["prompt"], "response": rng.choice(answers), "instruction_id_list": p["instruction_id_list"], "kwargs": p["kwargs"]}) + "\n")
PY
run() { /usr/bin/time -f "$1: %e s wall, %U s user, %S s sys" "${@:2}"; }
run "check old" "$old" check --input "$t/in.jsonl" > "$t/check.old"
run "check new" "$new" check --input "$t/in.jsonl" > "$t/check.new"
sets=(--dataset "$data/rm-bench/chat_normal.json" --dataset "$data/rm-bench/chat_hard.json" --dataset "$data/judgebench/knowledge.json")
run "eval old" "$old" eval "${sets[@]}" --out "$t/eval.old" > "$t/eval.old.log" 2>&1
run "eval new" "$new" eval "${sets[@]}" --out "$t/eval.new" > "$t/eval.new.log" 2>&1
grep -Eo 'pairs/s:? *[0-9,.]+' "$t/eval.old.log" | tail -1 | sed 's/^/eval old reports /'
grep -Eo 'pairs/s:? *[0-9,.]+' "$t/eval.new.log" | tail -1 | sed 's/^/eval new reports /'
status=0
cmp "$t/check.old" "$t/check.new" && echo "check --input: $(wc -l < "$t/check.new") lines, byte-identical" || status=1
cmp "$t/eval.old/scores.jsonl" "$t/eval.new/scores.jsonl" && echo "eval scores.jsonl: $(wc -l < "$t/eval.new/scores.jsonl") lines, byte-identical" || status=1
[ $status -eq 0 ] && rm -rf "$t" || echo "outputs differ: kept in $t"
exit $status
