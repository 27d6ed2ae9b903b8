#!/usr/bin/env python3
"""The weekly digest on real weeks, through the real binary.

For weeks of the 2026 arXiv listings in the shared data (`../shared/importance`,
primary cs.CL and cs.AI, as a newsletter on LLMs follows them), this builds a
database of the week (`papers import` of an Atom feed made from the listing, with
authors and comments), reads Hugging Face's daily papers of the week from a mock
on 127.0.0.1 (`papers signals`), and exports the digest. It prints, per week:
how the default top 20 spread over the sections, how many landed in "Other
papers", and how much TeX is left in the Markdown of `export --all` (backslash
commands, `$…$` pairs, TeX quotes).

    cargo build --release
    python3 benches/digest_weeks.py ../shared/importance target/release/papers [WEEKS]

Needs only Python 3's standard library.
"""

import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(__file__))
import importance_holdout as holdout  # noqa: E402

PRIMARIES = {"cs.CL", "cs.AI"}
TEX = re.compile(r"\\[A-Za-z]+|\$[^$\n]{1,80}\$|``|''")


def main():
    shared, papers = sys.argv[1:3]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    listings = holdout.rows(os.path.join(shared, "arxiv-listings.jsonl.gz"))
    featured = holdout.rows(os.path.join(shared, "hf-daily-featured.jsonl.gz"))
    days = defaultdict(list)
    for r in featured:
        paper = {"id": r["arxiv_id"], "title": r["title"], "upvotes": r["upvotes"]}
        days[r["day"]].append({"paper": paper, "numComments": r["comments"], "title": r["title"]})
    base = holdout.serve(days)
    weeks = defaultdict(list)
    for p in listings:
        if p["primary_category"] in PRIMARIES:
            day = dt.date.fromisoformat(p["listing_day"])
            weeks[(day - dt.timedelta(days=day.weekday())).isoformat()].append(p)
    # Weeks both crawls covered whole (to 2026-07-01), spread over the half year.
    full = sorted(w for w in weeks if "2026-01-05" <= w <= "2026-06-22" and len(weeks[w]) > 300)
    chosen = full[:: max(1, len(full) // count)][:count]
    totals = Counter()
    print("week        papers  other  largest section (of the top 20)            TeX left in --all")
    for monday in chosen:
        iso = dt.date.fromisoformat(monday).isocalendar()
        week = f"{iso[0]}-W{iso[1]:02d}"
        with tempfile.TemporaryDirectory() as tmp:
            db, feed = os.path.join(tmp, "papers.db"), os.path.join(tmp, "week.xml")
            with open(feed, "w", encoding="utf-8") as f:
                f.write(holdout.atom(weeks[monday]))
            run = lambda *args: subprocess.run([papers, "--db", db, *args], capture_output=True, text=True, check=True)
            run("-q", "import", feed)
            run("-q", "signals", "--week", week, "--hf-url", base, "--hf-delay", "0",
                "--api-url", base + "/api/query", "--delay", "0")
            import json

            digest = json.loads(run("export", "--week", week, "--format", "json").stdout)
            sizes = [(s["name"], len(s["papers"])) for s in digest["sections"]]
            other = sum(n for name, n in sizes if name == "Other papers")
            # Without near misses these would have gone to "Other papers" too.
            topicless = sum(1 for s in digest["sections"] for p in s["papers"] if not p["topics"])
            largest = max(sizes, key=lambda s: s[1])
            markdown = run("export", "--week", week, "--all").stdout
            left = TEX.findall(markdown)
        totals.update(papers=len(weeks[monday]), other=other, largest=largest[1], shown=sum(n for _, n in sizes),
                      tex=len(left), topicless=topicless)
        print(f"{monday}  {len(weeks[monday]):>6}  {other:>5}  {largest[1]:>2} in {largest[0]:<38} {len(left):>5}"
              + (f"  e.g. {left[:3]}" if left else ""))
    print(f"all: {totals['shown']} shown, {totals['other']} in Other papers ({totals['other'] / totals['shown']:.3f};"
          f" {totals['topicless']} without a topic, who would be there without near misses),"
          f" {totals['largest']} in the largest section ({totals['largest'] / totals['shown']:.3f});"
          f" TeX left in the Markdown of --all: {totals['tex']}")


if __name__ == "__main__":
    main()
