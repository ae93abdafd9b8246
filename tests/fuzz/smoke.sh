#!/usr/bin/env bash
# Runs one libFuzzer target for a short while on a copy of its seed corpus.
# Usage: smoke.sh BINARY CORPUS_DIR SECONDS
set -euo pipefail
binary=$1 corpus=$2 seconds=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -d "$corpus" ] && cp -r "$corpus/." "$work/"
# -timeout: one input taking longer than 5 s is a hang and fails the run.
"$binary" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 "$work"
