#!/bin/bash
# Side by side, alternating round by round: two builds of `reward` on verifiers-only eval of RM-Bench + JudgeBench
# (1,082 pairs) and of the development set (data/dev/freeform.jsonl), each run a fresh process as a user runs it.
# Prints per round the pairs/s each eval reports, its wall and CPU seconds, then the medians and the load average.
#   [DATA=../shared/data] benchmarks/model-free-rounds.sh OLD_REWARD NEW_REWARD [ROUNDS=5]
set -euo pipefail
old=$1; new=$2; rounds=${3:-5}
root=$(cd "$(dirname "$0")/.." && pwd); data=${DATA:-$root/../shared/data}
t=$(mktemp -d "${TMPDIR:-/tmp}/rounds.XXXXXX"); trap 'rm -rf "$t"' EXIT
sets=(
  "1082:--dataset $data/rm-bench/chat_normal.json --dataset $data/rm-bench/chat_hard.json --dataset $data/judgebench/knowledge.json"
  "dev:--dataset $root/data/dev/freeform.jsonl"
)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$rounds"); do
  for s in "${sets[@]}"; do
    name=${s%%:*}; args=${s#*:}
    for tool in old new; do
      bin=$old; [ $tool = new ] && bin=$new
      rm -rf "$t/o"
      # shellcheck disable=SC2086
      /usr/bin/time -f "%e %U %S" -o "$t/time" "$bin" eval $args --out "$t/o" > "$t/log" 2>&1
      rate=$(grep -Eo 'pairs/s: [0-9.]+' "$t/log" | grep -Eo '[0-9.]+$')
      read -r wall user sys < "$t/time"
      cpu=$(echo "$user + $sys" | bc)
      echo "round $r $name $tool: $rate pairs/s, wall $wall s, cpu $cpu s"
      echo "$name $tool $rate $wall $cpu" >> "$t/all"
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$t/all" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for name in dict.fromkeys(r[0] for r in rows):
    med = {}
    for tool in ("old", "new"):
        xs = [r for r in rows if r[0] == name and r[1] == tool]
        med[tool] = [statistics.median(float(x[i]) for x in xs) for i in (2, 3, 4)]
        print(f"median {name} {tool}: {med[tool][0]:,.0f} pairs/s, wall {med[tool][1]:.2f} s, cpu {med[tool][2]:.2f} s")
    print(f"median {name} new/old: pairs/s {med['new'][0] / med['old'][0]:.2f}x, wall {med['new'][1] / med['old'][1]:.2f}x, cpu {med['new'][2] / med['old'][2]:.2f}x")
PY
