#!/usr/bin/env bash
# Checks that two readout binaries give byte-identical output: `readout analyze` JSON on
# the seed (with its publication date), every fixture text and page, every text of
# dumps.dev, and a text of just over 2 MiB (analysed in chunks); then `readout export`
# of a store each binary ingests from the same JSON Lines file.
#
#   scripts/same_output.sh OLD_BIN NEW_BIN [SHARED] [CORPUS.jsonl]
#
# SHARED defaults to ../shared (the seed and dumps.dev are skipped when it is missing);
# CORPUS.jsonl (e.g. target/bench/corpus/corpus-0000.jsonl) gives the store's documents,
# of which the first 300 are ingested; without it the fixture texts are.
# Prints one line per check and exits non-zero at the first difference.
set -euo pipefail
cd "$(dirname "$0")/.."
OLD="$1"
NEW="$2"
SHARED="${3:-../shared}"
CORPUS="${4:-}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# same NAME ARGS…: runs both binaries with ARGS and compares standard output.
same() {
  local name="$1"
  shift
  "$OLD" "$@" > "$WORK/old" 2> /dev/null || true
  "$NEW" "$@" > "$WORK/new" 2> /dev/null || true
  if ! cmp -s "$WORK/old" "$WORK/new"; then
    echo "DIFFERENT: $name"
    exit 1
  fi
}

n=0
if [ -f "$SHARED/data/seed/seed.txt" ]; then
  same seed analyze --format json --published 2025-11-25 "$SHARED/data/seed/seed.txt"
  n=$((n + 1))
fi
for f in fixtures/*.txt fixtures/articles/*.txt fixtures/html/*.html; do
  same "$f" analyze --format json "$f"
  n=$((n + 1))
done
if [ -f "$SHARED/data/dumps.dev.jsonl" ]; then
  mkdir "$WORK/dumps"
  python3 - "$SHARED/data/dumps.dev.jsonl" "$WORK/dumps" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    with open(f"{sys.argv[2]}/{d['dump_id']}.txt", "w", encoding="utf-8") as f:
        f.write(d["text"])
PY
  for f in "$WORK"/dumps/*.txt; do
    same "dumps.dev $(basename "$f")" analyze --format json --published 2025-11-25 "$f"
    n=$((n + 1))
  done
fi
for _ in $(seq 40); do cat fixtures/articles/*.txt; done > "$WORK/large.txt"
same "large text, chunked" analyze --format json "$WORK/large.txt"
n=$((n + 1))
echo "analyze: $n outputs byte-identical"

if [ -n "$CORPUS" ]; then
  head -300 "$CORPUS" > "$WORK/docs.jsonl"
else
  python3 - "$WORK/docs.jsonl" fixtures/*.txt fixtures/articles/*.txt <<'PY'
import json, sys
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for p in sys.argv[2:]:
        text = open(p, encoding="utf-8", errors="replace").read()
        if text.strip():
            out.write(json.dumps({"text": text, "source": p}) + "\n")
PY
fi
for which in old new; do
  bin=$OLD
  [ "$which" = new ] && bin=$NEW
  "$bin" ingest "$WORK/docs.jsonl" --store "$WORK/store-$which" --published 2025-11-25 2> /dev/null
  "$bin" export --format jsonl --store "$WORK/store-$which" --out "$WORK/export-$which" 2> /dev/null
done
if ! diff -r "$WORK/export-old" "$WORK/export-new" > /dev/null; then
  echo "DIFFERENT: readout export"
  exit 1
fi
echo "export: $(ls "$WORK/export-new" | wc -l) tables identical ($(wc -l < "$WORK/docs.jsonl") documents)"
