#!/usr/bin/env bash
# Whole-process benchmark of `readout analyze`: words per second per core (CPU time) and
# peak RSS, on a corpus built from the fixtures and, when ../shared exists, on the seed.
#
#   bench/run.sh [MB]        (default 100 MB; the corpus is cached in target/bench-corpus)
#
# Prints one line per input: bytes, words, user+sys CPU seconds, words/s per core, peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
MB="${1:-100}"
BIN=target/release/readout
cargo build --release --quiet -p readout-cli
mkdir -p target/bench-corpus
CORPUS="target/bench-corpus/fixtures-${MB}mb.txt"
if [ ! -f "$CORPUS" ]; then
  # Repeat the fixture articles (one article per block) until the size is reached.
  python3 - "$CORPUS" "$MB" <<'PY'
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
fi
measure() {
  local input="$1" log
  log=$(mktemp)
  /usr/bin/time -v "$BIN" analyze --format json "$input" > /dev/null 2> "$log"
  local words user sys rss bytes
  words=$(wc -w < "$input")
  bytes=$(wc -c < "$input")
  user=$(awk -F': ' '/User time/ {print $2}' "$log")
  sys=$(awk -F': ' '/System time/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$log")
  rm -f "$log"
  python3 - "$input" "$bytes" "$words" "$user" "$sys" "$rss" <<'PY'
import sys
name, b, w, u, s, rss = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
cpu = max(u + s, 1e-6)
print(f"{name}: {b/1e6:.1f} MB, {w} words, {cpu:.2f} s CPU, {w/cpu:,.0f} words/s per core, {b/1e6/cpu:.1f} MB/s per core, peak RSS {rss/1024:.0f} MB")
PY
}
echo "commit $(git rev-parse --short HEAD), $(nproc) cores, $(uname -m)"
measure "$CORPUS"
if [ -f ../shared/data/seed/seed.txt ]; then
  measure ../shared/data/seed/seed.txt
fi
