#!/usr/bin/env bash
# Runs JMH benchmark methods one after another, ROUNDS times over (A B C A B C ...), one short
# fork each, so that load from other processes on a shared machine falls on all of them alike;
# then pools the iterations with summarize.py.
#
# usage: caskade-benchmarks/interleave.sh ROUNDS OUTDIR 'Class.methodA$' 'Class.methodB$' ... [-- jmh options]
# e.g.   caskade-benchmarks/interleave.sh 4 /tmp/l1 'L1HitBenchmark.rawCaffeine$' 'L1HitBenchmark.caskade$' -- -prof gc
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=$1 out=$2; shift 2
methods=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do methods+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
mkdir -p "$out"
files=()
for r in $(seq 1 "$rounds"); do
  for m in "${methods[@]}"; do
    f="$out/round$r-$(echo "$m" | tr -c 'A-Za-z0-9_\n' '_').json"
    java -jar caskade-benchmarks/target/benchmarks.jar "$m" -f 1 -wi 2 -w 2s -i 3 -r 2s \
      -rf json -rff "$f" "$@" > "$f.log" 2>&1 || { echo "failed: $m (see $f.log)" >&2; exit 1; }
    files+=("$f")
    echo "round $r: $m done" >&2
  done
done
python3 caskade-benchmarks/summarize.py "${files[@]}"
