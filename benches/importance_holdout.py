#!/usr/bin/env python3
"""The importance ranking measured through the real binary, on real held-out weeks.

For each curator week in [FROM, UNTIL) of the shared data (`../shared/importance`,
see its SOURCES.md), this builds a database of that week's sampled papers
(`papers import` of an Atom feed made from them), ranks it offline
(`papers export --format json`), then reads Hugging Face's daily papers of the
week from a mock server on 127.0.0.1 (`papers signals`) and ranks it again. It
prints, per week, how many of the curator's picks among the week's papers the
digest's default top 20 holds, both ways.

The shipped model was trained on every curator week; to measure on weeks it never
saw, build the binary with a model trained before FROM:

    cargo run --release --example train_importance -- ../shared/importance data/importance.bin --until 2024-11-04
    cargo build --release
    python3 benches/importance_holdout.py ../shared/importance target/release/papers 2024-11-04 2025-03-10
    git checkout data/importance.bin && cargo build --release

Needs only Python 3's standard library.
"""

import datetime as dt
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from collections import defaultdict
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

NEW_YORK = ZoneInfo("America/New_York")
TOP = 20


def rows(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def listing_day(published):
    """arXiv's schedule: the 14:00 New York deadline, listing the weekday after."""
    t = dt.datetime.strptime(published, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.timezone.utc).astimezone(NEW_YORK)
    deadline = t.date() if t.hour < 14 else t.date() + dt.timedelta(days=1)
    while deadline.weekday() >= 5:
        deadline += dt.timedelta(days=1)
    listed = deadline + dt.timedelta(days=1)
    while listed.weekday() >= 5:
        listed += dt.timedelta(days=1)
    return listed


def atom(papers):
    """An export-API feed of `papers` (with `published`, or a `listing_day` whose
    previous weekday's noon UTC lists on it)."""
    entries = []
    for p in papers:
        if "published" in p:
            published = p["published"].replace(" ", "T") + "Z"
        else:
            day = dt.date.fromisoformat(p["listing_day"]) - dt.timedelta(days=1)
            while day.weekday() >= 5:
                day -= dt.timedelta(days=1)
            published = f"{day.isoformat()}T12:00:00Z"
        categories = "".join(f'<category term="{escape(c)}"/>' for c in p["categories"])
        authors = "".join(f"<author><name>{escape(a)}</name></author>" for a in p.get("authors") or [])
        comment = f"<arxiv:comment>{escape(p['comment'])}</arxiv:comment>" if p.get("comment") else ""
        entries.append(
            f"<entry><id>http://arxiv.org/abs/{p['arxiv_id']}v1</id><title>{escape(p['title'])}</title>"
            f"<updated>{published}</updated><published>{published}</published>"
            f"<summary>{escape(p['abstract'])}</summary>{categories}{comment}"
            f"<arxiv:primary_category term=\"{escape(p['primary_category'])}\"/>{authors}</entry>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom">' + "".join(entries) + "</feed>"
    )


EMPTY_FEED = (
    '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
    'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><opensearch:totalResults>0</opensearch:totalResults></feed>'
)


def serve(days, files=None):
    """Hugging Face's daily papers as the dumps hold them, and an arXiv API that knows no paper;
    `files` maps other paths to (body, content type)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            url = urllib.parse.urlparse(self.path)
            query = urllib.parse.parse_qs(url.query)
            if url.path == "/api/daily_papers":
                page = int(query.get("p", ["0"])[0])
                items = days.get(query.get("date", [""])[0], []) if page == 0 else []
                body, kind = json.dumps(items).encode(), "application/json"
            elif url.path in (files or {}):
                body, kind = files[url.path]
            else:
                body, kind = EMPTY_FEED.encode(), "application/atom+xml"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def top_ids(papers, db, week):
    out = subprocess.run(
        [papers, "--db", db, "export", "--week", week, "--format", "json"], capture_output=True, text=True, check=True
    )
    digest = json.loads(out.stdout)
    return [p["id"] for s in digest["sections"] for p in s["papers"]]


def main():
    shared, papers, start, until = sys.argv[1:5]
    sample = rows(os.path.join(shared, "arxiv-sample-2024.jsonl.gz"))
    featured = rows(os.path.join(shared, "hf-daily-featured.jsonl.gz"))
    picks = rows(os.path.join(shared, "curator-picks.jsonl"))
    days = defaultdict(list)
    for r in featured:
        paper = {"id": r["arxiv_id"], "title": r["title"], "upvotes": r["upvotes"], "authors": [{"name": a} for a in r["authors"]]}
        if r.get("github_repo"):
            paper["githubRepo"] = r["github_repo"]
        if r.get("github_stars") is not None:
            paper["githubStars"] = r["github_stars"]
        days[r["day"]].append({"paper": paper, "numComments": r["comments"], "title": r["title"]})
    base = serve(days)
    weeks = defaultdict(list)
    for p in sample:
        listed = listing_day(p["published"])
        weeks[(listed - dt.timedelta(days=listed.weekday())).isoformat()].append(p)
    picked = defaultdict(set)
    for p in picks:
        if p["arxiv_id"]:
            picked[p["week_start"]].add(p["arxiv_id"])
    totals = [0, 0, 0]
    print("week        papers picks  with-signals  offline")
    for monday in sorted(w for w in picked if start <= w < until and w in weeks):
        population = weeks[monday]
        in_week = picked[monday] & {p["arxiv_id"] for p in population}
        if not in_week:
            continue
        iso = dt.date.fromisoformat(monday).isocalendar()
        week = f"{iso[0]}-W{iso[1]:02d}"
        with tempfile.TemporaryDirectory() as tmp:
            db, feed = os.path.join(tmp, "papers.db"), os.path.join(tmp, "week.xml")
            with open(feed, "w", encoding="utf-8") as f:
                f.write(atom(population))
            subprocess.run([papers, "--db", db, "-q", "import", feed], check=True)
            offline = len(set(top_ids(papers, db, week)[:TOP]) & in_week)
            subprocess.run(
                [papers, "--db", db, "-q", "signals", "--week", week, "--hf-url", base, "--hf-delay", "0",
                 "--api-url", base + "/api/query", "--delay", "0"],
                check=True,
            )
            online = len(set(top_ids(papers, db, week)[:TOP]) & in_week)
        print(f"{monday}  {len(population):>6} {len(in_week):>5}  {online:>12}  {offline:>7}")
        for i, n in enumerate((len(in_week), online, offline)):
            totals[i] += n
    print(f"all: {totals[0]} picks; with signals {totals[1] / totals[0]:.3f}, offline {totals[2] / totals[0]:.3f}")


if __name__ == "__main__":
    main()
