#!/usr/bin/env bash
# CSV → totals: workreport (examples/rollup_csv.rs, release) against polars
# (polars_sum.py) on the same generated files of 1 M and 10 M rows.
#
#   benches/compare/run.sh            # RUNS=3 OUT=target/compare by default
#
# Each side times itself in process, from opening the CSV to the totals,
# and prints seconds; the best of RUNS runs counts. Installs polars with
# pip if it is missing. Prints each side's time, ours / polars, and how
# each side's time grows from 1 M to 10 M rows.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-3}
OUT=${OUT:-target/compare}
TARGET=${CARGO_TARGET_DIR:-target}
ROWS=(1000000 10000000)

python3 -c 'import polars' 2>/dev/null || python3 -m pip install --quiet polars
echo "polars $(python3 -c 'import polars; print(polars.__version__)'), $(nproc) CPUs"
cargo build --quiet --release --example rollup_csv
mkdir -p "$OUT"
for rows in "${ROWS[@]}"; do
  [ -s "$OUT/observations-$rows.csv" ] || python3 benches/compare/generate.py "$OUT" --rows "$rows" >/dev/null
done

best() { sort -g | head -1; }
declare -A ours theirs
for rows in "${ROWS[@]}"; do
  csv="$OUT/observations-$rows.csv"
  echo "== $rows rows ($(du -h "$csv" | cut -f1)), best of $RUNS"
  ours[$rows]=$(for _ in $(seq "$RUNS"); do
    "$TARGET/release/examples/rollup_csv" "$csv" "$OUT/catalog-$rows.json" "$OUT/units-$rows.json"
  done | best)
  theirs[$rows]=$(for _ in $(seq "$RUNS"); do python3 benches/compare/polars_sum.py "$csv"; done | best)
  single=$(for _ in $(seq "$RUNS"); do POLARS_MAX_THREADS=1 python3 benches/compare/polars_sum.py "$csv" 2>/dev/null; done | best)
  awk -v a="${ours[$rows]}" -v b="${theirs[$rows]}" -v c="$single" -v t="$(nproc)" \
    'BEGIN { printf "workreport %.3f s, polars %.3f s (%d threads; %.3f s on 1), ours/polars %.2f (%.2f against 1 thread)\n", a, b, t, c, a / b, a / c }'
done
awk -v a1="${ours[1000000]}" -v a10="${ours[10000000]}" -v b1="${theirs[1000000]}" -v b10="${theirs[10000000]}" \
  'BEGIN { printf "10M/1M: workreport %.2fx, polars %.2fx\n", a10 / a1, b10 / b1 }'
