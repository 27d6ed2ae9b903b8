#!/usr/bin/env bash
# Side-by-side ingest figures on one deterministic synthetic feed:
#   - papers parse-only (examples/parse_file), best of 5
#   - papers full import (parse, store, full-text index) into a fresh database, best of 5
#   - arxiv.py's parser on the same bytes (only if `python3 -c 'import arxiv'` works;
#     `pip install arxiv==4.0.2`), best of 5, and the ratios.
# The last line, `figures: entries=… mb=… parse_s=… import_s=… arxiv_s=…` (arxiv_s
# empty without arxiv.py), is for benches/scale.sh.
# Usage: benches/compare.sh [ENTRIES]   (default 20000, about 46 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
entries=${1:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin papers --example synth_feed --example parse_file
target/release/examples/synth_feed "$entries" > "$work/feed.xml"
mb=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$work/feed.xml")
echo "feed: $entries entries, $mb MB ($(nproc) cores, $(uname -m))"

best() { sort -n | head -1; }

parse_s=$(for _ in 1 2 3 4 5; do
  target/release/examples/parse_file "$work/feed.xml" | sed -E 's/.* in ([0-9.]+) s.*/\1/'
done | best)

import_s=$(for _ in 1 2 3 4 5; do
  rm -f "$work"/db*
  start=$(date +%s.%N)
  target/release/papers -q --db "$work/db" import "$work/feed.xml"
  end=$(date +%s.%N)
  python3 -c "print($end - $start)"
done | best)

rate() { python3 -c "print(f'{$entries / $1:,.0f} entries/s, {$mb / $1:.1f} MB/s')"; }
echo "papers parse-only:           best ${parse_s} s = $(rate "$parse_s")"
echo "papers import (store + FTS): best ${import_s} s = $(rate "$import_s")"

if python3 -c 'import arxiv._feed' 2>/dev/null; then
  py_s=$(python3 - "$work/feed.xml" <<'PY'
import sys, time
from arxiv import _feed
data = open(sys.argv[1], "rb").read()
best = min(
    (lambda t0: (_feed.parse(data), time.perf_counter() - t0)[1])(time.perf_counter())
    for _ in range(5)
)
print(best)
PY
)
  echo "arxiv.py parse-only:         best ${py_s} s = $(rate "$py_s")"
  python3 -c "print(f'ratios: parse {$py_s / $parse_s:.1f}x, import vs arxiv.py parse {$py_s / $import_s:.1f}x')"
else
  py_s=
  echo "arxiv.py not installed (pip install arxiv==4.0.2): no side-by-side ratios"
fi
echo "figures: entries=$entries mb=$mb parse_s=$parse_s import_s=$import_s arxiv_s=$py_s"
