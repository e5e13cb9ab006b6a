#!/bin/bash
# Proves a speed change left every verdict as it was: runs two builds of `reward` side by side on real data from
# ../shared/data and compares byte for byte (1) `reward check --input` on N responses (RM-Bench answers crossed
# with IFEval's constraint sets, seeded, language constraints included) and (2) eval's scores.jsonl, verifiers-only,
# over RM-Bench + JudgeBench and over the development set data/dev/freeform.jsonl. Prints each tool's wall and CPU
# seconds (side by side, same moment: ratios only) and the load average. With IFEVAL_ORACLE set, IFEval's Python
# reference checks the same responses in the same run (../shared/acceptance/tools/ifeval_oracle.py).
#   [DATA=../shared/data] [IFEVAL_ORACLE=DIR] benchmarks/model-free-identity.sh OLD_REWARD NEW_REWARD [N=50000]
# OLD_REWARD: e.g. a copy of engine/RewardEngine.Cli/bin/Release/net10.0/linux-x64 taken before the change.
set -euo pipefail
old=$1; new=$2; n=${3:-50000}
root=$(cd "$(dirname "$0")/.." && pwd); data=${DATA:-$root/../shared/data}; acceptance=$(dirname "$data")/acceptance
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
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run "check old" "$old" check --input "$t/in.jsonl" > "$t/check.old"
run "check new" "$new" check --input "$t/in.jsonl" > "$t/check.new"
if [ -n "${IFEVAL_ORACLE:-}" ]; then
  run "check IFEval reference" /usr/bin/python3 "$acceptance/tools/ifeval_oracle.py" "$t/in.jsonl" > /dev/null
fi
sets=(--dataset "$data/rm-bench/chat_normal.json" --dataset "$data/rm-bench/chat_hard.json" --dataset "$data/judgebench/knowledge.json")
run "eval old" "$old" eval "${sets[@]}" --out "$t/eval.old" > "$t/eval.old.log" 2>&1
run "eval new" "$new" eval "${sets[@]}" --out "$t/eval.new" > "$t/eval.new.log" 2>&1
run "dev-set eval old" "$old" eval --dataset "$root/data/dev/freeform.jsonl" --out "$t/dev.old" > "$t/dev.old.log" 2>&1
run "dev-set eval new" "$new" eval --dataset "$root/data/dev/freeform.jsonl" --out "$t/dev.new" > "$t/dev.new.log" 2>&1
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -Eo 'pairs/s:? *[0-9,.]+' "$t/eval.old.log" | tail -1 | sed 's/^/eval old reports /'
grep -Eo 'pairs/s:? *[0-9,.]+' "$t/eval.new.log" | tail -1 | sed 's/^/eval new reports /'
grep -Eo 'pairs/s:? *[0-9,.]+' "$t/dev.old.log" | tail -1 | sed 's/^/dev-set eval old reports /'
grep -Eo 'pairs/s:? *[0-9,.]+' "$t/dev.new.log" | tail -1 | sed 's/^/dev-set eval new reports /'
status=0
cmp "$t/check.old" "$t/check.new" && echo "check --input: $(wc -l < "$t/check.new") lines, byte-identical" || status=1
cmp "$t/eval.old/scores.jsonl" "$t/eval.new/scores.jsonl" && echo "eval scores.jsonl: $(wc -l < "$t/eval.new/scores.jsonl") lines, byte-identical" || status=1
cmp "$t/dev.old/scores.jsonl" "$t/dev.new/scores.jsonl" && echo "dev-set eval scores.jsonl: $(wc -l < "$t/dev.new/scores.jsonl") lines, byte-identical" || status=1
[ $status -eq 0 ] && rm -rf "$t" || echo "outputs differ: kept in $t"
exit $status
