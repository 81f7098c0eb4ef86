#!/usr/bin/env bash
# Fuzz smoke run: each target for SECONDS (default 60) from the checked-in seeds (for the
# tag scanner: the example's own tagged sources, read in place).
# Needs cargo-fuzz; RUSTC_BOOTSTRAP lets the stable toolchain build with the sanitizer flags.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
for target in item front_matter config tags reports lockfiles osv; do
  mkdir -p "corpus/$target"
  case $target in
    tags) seeds=(../examples/infusion-pump/firmware/src ../examples/infusion-pump/tools/tests) ;;
    *) seeds=("seeds/$target") ;;
  esac
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "corpus/$target" "${seeds[@]}" -- \
    -max_total_time="$seconds" -print_final_stats=1 2>&1 | grep -E "stat::number_of_executed_units|Done|ERROR|panicked" || true
  if [ -d "artifacts/$target" ] && [ -n "$(ls -A "artifacts/$target" 2>/dev/null)" ]; then
    echo "fuzz target $target found a crash: fuzz/artifacts/$target" >&2
    exit 1
  fi
done
