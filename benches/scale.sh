#!/usr/bin/env bash
# Every figure of the README's Performance section, in one run, on this machine:
#   1. parse-only and full import rates side by side with arxiv.py (benches/compare.sh)
#   2. classifier papers/s (criterion, on the labelled set's realistic abstracts)
#   3. peak RSS and rate of a 1 GB import into a fresh database
#   4. a one-million-paper database (a 2.1 GB feed, imported in one go: peak RSS again)
#   5. whole-process latency (best of 7) and peak RSS of the exports and lists of
#      the busiest (~13,000-paper) week on that database, and of listing it all
# Needs python3 (timing and RSS) and about 6 GB of free disk in $TMPDIR.
# Usage: benches/scale.sh [PAPERS]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
papers_total=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=target/release/papers

echo "== machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== 1. parse and import, side by side"
benches/compare.sh 20000

echo "== 2. classifier"
cargo bench --quiet --bench classify -- --noplot 2>/dev/null | grep -E "thrpt" | sed 's/^ */classify: /'

# measure N CMD...: runs CMD N times; prints the best wall time (s) and the peak RSS (MB).
measure() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
best = float("inf")
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    best = min(best, time.perf_counter() - start)
rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{best:.4f} {rss_mb:.0f}")
PY
}

echo "== 3. a 1 GB import"
gb_entries=$((1000000000 / 2111))
target/release/examples/synth_feed "$gb_entries" 7 > "$work/1gb.xml"
read -r secs rss < <(measure 1 "$bin" -q --db "$work/1gb.db" import "$work/1gb.xml")
size_mb=$(($(stat -c %s "$work/1gb.xml") / 1000000))
echo "import of $size_mb MB ($gb_entries entries): $secs s, $(python3 -c "print(f'{$gb_entries / $secs:,.0f}')") entries/s, peak RSS $rss MB"
rm -f "$work"/1gb*

echo "== 4. a ${papers_total}-paper database"
target/release/examples/synth_feed "$papers_total" > "$work/big.xml"
size_mb=$(($(stat -c %s "$work/big.xml") / 1000000))
read -r secs rss < <(measure 1 "$bin" -q --db "$work/big.db" import "$work/big.xml")
echo "import of $size_mb MB ($papers_total entries): $secs s, $(python3 -c "print(f'{$papers_total / $secs:,.0f}')") entries/s, peak RSS $rss MB"
rm -f "$work/big.xml"

echo "== 5. queries on it (whole process, best of 7)"
week=$("$bin" --db "$work/big.db" weeks --format json | python3 -c "
import json, sys
print(max(json.load(sys.stdin), key=lambda w: w['papers'])['week'])")
count() { "$bin" --db "$work/big.db" list --week "$week" "$@" --format json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))"; }
all=$(count)
new=$(count --new-only)
for args in "export --week $week" "export --week $week --all" "export --week $week --new-only" \
            "list --week $week --sort importance --limit 20" "list --week $week --format json" \
            "list --search \"kv cache\" --week $week --format json" "list --topic attention --week $week --format json" \
            "list --topic attention --week $week --new-only" "list --search attention --limit 20"; do
  eval "set -- $args"
  read -r secs rss < <(measure 7 "$bin" -q --db "$work/big.db" "$@")
  printf '%-62s %8.1f ms  %4s MB peak\n' "$args" "$(python3 -c "print($secs * 1000)")" "$rss"
done
echo "(busiest week $week: $new new papers and $((all - new)) replaced in it)"
read -r secs rss < <(measure 1 "$bin" -q --db "$work/big.db" list --format jsonl)
printf '%-62s %8.1f s   %4s MB peak\n' "list --format jsonl (every paper, once)" "$secs" "$rss"
