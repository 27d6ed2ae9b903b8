#!/usr/bin/env bash
# Every figure of the README's performance table, in one run, on this machine:
#   1. parse-only and full import of a 100,000-entry feed, side by side with
#      arxiv.py's parser on the same bytes (benches/compare.sh)
#   2. classifier papers/s (criterion, on the labelled set's realistic abstracts)
#   3. a one-million-paper database (a 2.1 GB feed imported in one go): time, peak RSS
#   4. whole-process latency (best of 7) and peak RSS of the exports and lists of
#      the busiest (~13,000-paper) week on that database, and of listing it all
# It prints the table as Markdown at the end; with --readme it also replaces the
# table in README.md (between the `scale.sh` markers), so that the README is never
# edited by hand. Needs python3 (timing and RSS), about 6 GB of free disk in
# $TMPDIR, and arxiv.py for the ratios (`pip install arxiv==4.0.2`).
# Usage: benches/scale.sh [--readme] [PAPERS]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
write_readme=false
if [[ ${1:-} == --readme ]]; then
  write_readme=true
  shift
fi
papers_total=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=target/release/papers
rows="$work/rows.md"

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
echo "== machine: $(nproc) cores, $(uname -m), $cpu"
echo "== 1. parse and import, side by side"
benches/compare.sh 100000 | tee "$work/compare.txt"
figures=$(grep '^figures:' "$work/compare.txt") || { echo "compare.sh printed no figures line" >&2; exit 1; }
read -r entries mb parse_s import_s arxiv_s < <(echo "$figures" | sed -E 's/^figures: //; s/[a-z_]+=//g')
arxiv_s=${arxiv_s:-}
# fmt RATE_EXPR: a number with thousands separators.
fmt() { python3 -c "print(f'{$1:,.0f}')"; }
# ratio SECONDS: how many times faster than arxiv.py's parser on the same feed.
ratio() { [[ -n $arxiv_s ]] && python3 -c "print(f'{$arxiv_s / ($1):.1f}×')" || echo "n/a"; }
if [[ -n $arxiv_s ]]; then
  host="arxiv.py 4.0.2 parses $(fmt "$entries / $arxiv_s") entries/s here"
  echo "| arxiv.py 4.0.2, parse only ($(fmt "$entries") entries, ${mb%.*} MB) | $(printf '%.2f' "$arxiv_s") s, $(fmt "$entries / $arxiv_s")/s | | 1× |" >> "$rows"
else
  host="arxiv.py was not installed, so there are no ratios"
fi
echo "| \`papers\`, parse only (the same feed) | $(printf '%.2f' "$parse_s") s, $(fmt "$entries / $parse_s")/s | | $(ratio "$parse_s") |" >> "$rows"
echo "| \`papers import\` of it (parse, classify, prior, store, full-text index) | $(printf '%.2f' "$import_s") s, $(fmt "$entries / $import_s")/s | | $(ratio "$import_s") |" >> "$rows"

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

echo "== 3. a ${papers_total}-paper database"
target/release/examples/synth_feed "$papers_total" > "$work/big.xml"
size_mb=$(($(stat -c %s "$work/big.xml") / 1000000))
read -r secs rss < <(measure 1 "$bin" -q --db "$work/big.db" import "$work/big.xml")
echo "import of $size_mb MB ($papers_total entries): $secs s, $(fmt "$papers_total / $secs") entries/s, peak RSS $rss MB"
echo "| \`papers import\` of $(fmt "$papers_total") entries ($size_mb MB) into a new database | $(printf '%.1f' "$secs") s, $(fmt "$papers_total / $secs")/s | $rss MB | $(ratio "$secs * $entries / $papers_total") |" >> "$rows"
rm -f "$work/big.xml"

echo "== 4. queries on it (whole process, best of 7)"
week=$("$bin" --db "$work/big.db" weeks --format json | python3 -c "
import json, sys
print(max(json.load(sys.stdin), key=lambda w: w['papers'])['week'])")
count() { "$bin" --db "$work/big.db" list --week "$week" "$@" --format json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))"; }
all=$(count)
new=$(count --new-only)
for args in "export --week $week" "export --week $week --all" "export --week $week --all --format html" \
            "export --week $week --all --format bibtex" "export --week $week --new-only" \
            "list --week $week --sort importance --limit 20" "list --week $week" "list --week $week --format json" \
            "list --week $week --format csv" "list --search \"kv cache\" --week $week --format json" \
            "list --topic attention --week $week --format json" "list --topic attention --week $week --new-only" \
            "list --search attention --limit 20"; do
  eval "set -- $args"
  read -r secs rss < <(measure 7 "$bin" -q --db "$work/big.db" "$@")
  ms=$(python3 -c "print(f'{$secs * 1000:.0f}')")
  printf '%-62s %6s ms  %4s MB peak\n' "$args" "$ms" "$rss"
  echo "| \`papers $args\` | $ms ms | $rss MB | |" >> "$rows"
done
echo "(busiest week $week: $new new papers and $((all - new)) replaced in it)"
read -r secs rss < <(measure 1 "$bin" -q --db "$work/big.db" list --format jsonl)
printf '%-62s %6.1f s   %4s MB peak\n' "list --format jsonl (every paper, once)" "$secs" "$rss"
echo "| \`papers list --format jsonl\` (all $(fmt "$papers_total") papers) | $(printf '%.1f' "$secs") s | $rss MB | |" >> "$rows"

{
  echo "<!-- scale.sh: begin (benches/scale.sh --readme writes this table; do not edit by hand) -->"
  echo "Measured on $(date -u +%Y-%m-%d) on $(nproc) cores ($cpu); $host."
  echo "The week is $week, the busiest of the synthetic database: $new new papers and $((all - new)) replaced."
  echo
  echo "| | time | peak RSS | vs arxiv.py parsing |"
  echo "|---|---|---|---|"
  cat "$rows"
  echo "<!-- scale.sh: end -->"
} > "$work/table.md"
echo
cat "$work/table.md"
if $write_readme; then
  python3 - "$work/table.md" README.md <<'PY'
import re, sys
table, readme = open(sys.argv[1]).read().rstrip("\n"), sys.argv[2]
text = open(readme).read()
block = re.compile(r"<!-- scale.sh: begin.*?<!-- scale.sh: end -->", re.S)
if not block.search(text):
    sys.exit("README.md has no scale.sh markers")
open(readme, "w").write(block.sub(lambda _: table, text))
PY
  echo "README.md: table replaced"
fi
