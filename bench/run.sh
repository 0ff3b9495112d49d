#!/usr/bin/env bash
# Whole-process benchmark of `readout analyze` (every stage on): words per second per core
# (CPU time, user + sys) and peak RSS, measured with /usr/bin/time -v.
#
#   bench/run.sh [MB] [RUNS]     a corpus of MB megabytes (default 100; cached in
#                                target/bench-corpus), RUNS runs (default 3), then the
#                                seed when ../shared (or $READOUT_SHARED) exists
#   READOUT_BIN=path bench/run.sh …   measure that binary (no build)
#   bench/run.sh --stream [MB]   one run on a MB-megabyte input (default 1024, i.e. 1 GB)
#                                made on the fly in /tmp and deleted afterwards
#
# The corpus repeats the fixture articles (one article per block) until the size is
# reached. Prints one line per run (bytes, words, CPU and wall seconds, words/s per core,
# peak RSS) and, for several runs, the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
STREAM=0
if [ "${1:-}" = "--stream" ]; then
  STREAM=1
  shift
  MB="${1:-1024}"
  RUNS=1
else
  MB="${1:-100}"
  RUNS="${2:-3}"
fi
# READOUT_BIN names a binary to measure instead of building target/release/readout.
if [ -n "${READOUT_BIN:-}" ]; then
  BIN="$READOUT_BIN"
else
  BIN=target/release/readout
  cargo build --release --quiet -p readout-cli
fi

make_corpus() {
  python3 - "$1" "$2" <<'PY'
import glob, sys
out, mb = sys.argv[1], int(sys.argv[2])
arts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob("fixtures/articles/*.txt"))]
target = mb * 1024 * 1024
with open(out, "w", encoding="utf-8") as f:
    n = 0
    i = 0
    while n < target:
        a = arts[i % len(arts)]
        f.write(a)
        n += len(a.encode("utf-8"))
        i += 1
PY
}

# measure INPUT RUNS: runs `readout analyze --format json INPUT > /dev/null` RUNS times.
measure() {
  local input="$1" runs="$2" log words bytes
  words=$(wc -w < "$input")
  bytes=$(wc -c < "$input")
  log=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$BIN" analyze --format json "$input" > /dev/null 2> "$log.one"
    awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} /Elapsed \(wall/ {w=$2}
      /Maximum resident/ {r=$2} END {print u, s, w, r}' "$log.one" >> "$log"
  done
  python3 - "$input" "$bytes" "$words" "$log" <<'PY'
import statistics, sys
name, b, w, log = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
def secs(t):
    s = 0.0
    for part in t.split(":"):
        s = s * 60 + float(part)
    return s
runs = []
for line in open(log):
    u, s, wall, rss = line.split()
    runs.append((float(u) + float(s), secs(wall), int(rss)))
for cpu, wall, rss in runs:
    print(f"{name}: {b/1e6:.1f} MB, {w} words, {cpu:.2f} s CPU, {wall:.1f} s wall, "
          f"{w/max(cpu,1e-6):,.0f} words/s per core, {b/1e6/max(cpu,1e-6):.2f} MB/s per core, "
          f"peak RSS {rss/1024:.0f} MB")
if len(runs) > 1:
    cpu = statistics.median(r[0] for r in runs)
    wall = statistics.median(r[1] for r in runs)
    rss = max(r[2] for r in runs)
    print(f"{name}: median of {len(runs)} runs: {cpu:.2f} s CPU ({w/cpu:,.0f} words/s per core), "
          f"{wall:.1f} s wall; largest peak RSS {rss/1024:.0f} MB")
PY
  rm -f "$log" "$log.one"
}

echo "commit $(git rev-parse --short HEAD), $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$STREAM" = 1 ]; then
  INPUT=$(mktemp /tmp/readout-bench-XXXXXX.txt)
  trap 'rm -f "$INPUT"' EXIT
  make_corpus "$INPUT" "$MB"
  measure "$INPUT" 1
  exit 0
fi
mkdir -p target/bench-corpus
CORPUS="target/bench-corpus/fixtures-${MB}mb.txt"
if [ ! -f "$CORPUS" ]; then
  make_corpus "$CORPUS" "$MB"
fi
measure "$CORPUS" "$RUNS"
SHARED="${READOUT_SHARED:-../shared}"
if [ -f "$SHARED/data/seed/seed.txt" ]; then
  measure "$SHARED/data/seed/seed.txt" "$RUNS"
fi
