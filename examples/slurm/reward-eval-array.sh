#!/bin/bash
# One `reward eval` split over a Slurm job array: every array task runs this script, and `--shards` reads its shard K
# from SLURM_ARRAY_TASK_ID minus SLURM_ARRAY_TASK_MIN (so --array=0-7 and --array=1-8 both give K = 0..7). Each task
# writes its own folder; a failed task is resubmitted alone (sbatch --array=K ...) and resumes its folder. The merge
# runs as a job that depends on the whole array:
#   jid=$(sbatch --parsable examples/slurm/reward-eval-array.sh)
#   sbatch --dependency=afterok:$jid --wrap "./reward merge --out results/merged results/shards/s{0..7}"
# Run from the repository root (./reward builds the CLI once; on a cluster, build it before submitting).
#SBATCH --job-name=reward-eval
#SBATCH --array=0-7
#SBATCH --cpus-per-task=8
#SBATCH --mem=24G
#SBATCH --time=12:00:00
#SBATCH --output=results/logs/reward-eval-%a.log
set -euo pipefail
shards=$(( SLURM_ARRAY_TASK_MAX - SLURM_ARRAY_TASK_MIN + 1 ))
k=$(( SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN ))
exec ./reward eval \
  --dataset ../shared/data/rm-bench/chat_normal.json --dataset ../shared/data/rm-bench/chat_hard.json \
  --seed 42 --threads "${SLURM_CPUS_PER_TASK:-8}" \
  --shards "$shards" --out "results/shards/s$k"
