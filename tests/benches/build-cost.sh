#!/usr/bin/env bash
# Build cost of the generated crate from clean: its dependency count, clean build times
# (dev and release) in a throwaway target directory, and what each optional feature adds.
#
#   bash tests/benches/build-cost.sh
#
# Crates come from the local cargo cache when they are there (as on a developer's
# machine after one build), so the times are compile times, not download times. The
# shared target/ is never touched. BENCHMARKS.md records the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."

crate=slack-admin-users-session
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

seconds() { date +%s.%N; }

clean_build() {
  # $1: label; the rest: extra cargo arguments.
  local label="$1"
  shift
  rm -rf "$scratch/target"
  local start end
  start="$(seconds)"
  CARGO_TARGET_DIR="$scratch/target" cargo build --quiet -p "$crate" "$@"
  end="$(seconds)"
  printf '  %-34s %6.1f s\n' "$label" "$(echo "$end - $start" | bc)"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rustc: $(rustc --version)"
echo
echo "dependencies (normal edges, the crate itself included):"
printf '  %-34s %6s\n' "cargo tree ... | sort -u | wc -l" \
  "$(cargo tree -p "$crate" -e normal --prefix none | sort -u | wc -l)"
printf '  %-34s %6s\n' "distinct packages" \
  "$(cargo tree -p "$crate" -e normal --prefix none | sed 's/ (\*)$//' | sort -u | wc -l)"
printf '  %-34s %6s\n' "same, with --features fake" \
  "$(cargo tree -p "$crate" -e normal --features fake --prefix none | sort -u | wc -l)"
echo
echo "clean builds (CARGO_TARGET_DIR=$scratch/target, -j $(nproc)):"
clean_build "dev (cargo build)"
clean_build "release (cargo build --release)" --release

features="$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json,sys; m=json.load(sys.stdin); print(" ".join(sorted(next(p for p in m["packages"] if p["name"]==sys.argv[1])["features"])))' "$crate")"
echo
if [ -z "$features" ]; then
  echo "optional features: none (the crate declares no [features]; nothing to add or remove)"
else
  echo "optional features (dev build, each on top of --no-default-features):"
  clean_build "--no-default-features" --no-default-features
  for feature in $features; do
    clean_build "--features $feature" --no-default-features --features "$feature"
  done
fi
