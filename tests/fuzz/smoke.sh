#!/usr/bin/env bash
# Runs one libFuzzer target for a short while on a copy of its seed corpus.
# Usage: smoke.sh BINARY CORPUS_DIR SECONDS
set -euo pipefail
binary=$1 corpus=$2 seconds=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# -timeout: one input taking longer than 5 s is a hang and fails the run.
mkdir -p "$work/corpus" "$work/artifacts"
[ -d "$corpus" ] && cp -r "$corpus/." "$work/corpus/"
"$binary" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" || {
  status=$?
  for crash in "$work"/artifacts/*; do [ -f "$crash" ] && echo "failing input (base64): $(base64 -w0 "$crash")"; done
  exit "$status"
}
