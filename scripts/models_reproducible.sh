#!/usr/bin/env bash
# Retrains every committed model with its documented command and fails when a weight file
# differs from the committed one: the weights must be what the commands write (a change
# to features, lexicons or training code that affects a model must come with retrained
# weights). Needs ../shared (the training data) and writes into crates/core/models.
#
#   scripts/models_reproducible.sh [SHARED]
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${1:-../shared}"
XT=(cargo run --release --quiet --locked -p xtask --)
step() { printf -- '-- %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }
# In the order the models feed one another: the tagger's tags feed the entity tagger and
# the statement finder, the entity layer feeds the statement filter's features.
step "train-ling (tagger and parser)"
"${XT[@]}" train-ling --shared "$SHARED" > /dev/null
step "train-segment"
"${XT[@]}" train-segment --seeds 3 --mix 0.15 --more-noise --closings 0.2 --crf 0.05 \
  --dev "$SHARED/data/dumps.dev.jsonl" --calibrate-dev > /dev/null 2>&1
step "train-ner"
"${XT[@]}" train-ner --shared "$SHARED" > /dev/null 2>&1
step "train-statements"
"${XT[@]}" train-statements --shared "$SHARED" 2>/dev/null
step "compare with the committed weights"
if ! git diff --quiet -- crates/core/models; then
  git diff --stat -- crates/core/models
  echo "a committed weight file is not what its training command writes (see above)"
  exit 1
fi
echo "every model file is what its command writes"
