#!/usr/bin/env python3
"""The HTML digest of a real week in a real headless browser, on a phone and a desk.

It builds a database of one week of the 2026 arXiv listings in the shared data
(primary cs.CL and cs.AI, as `digest_weeks.py` does), reads that week's Hugging
Face daily papers, with their one-line summaries and a thumbnail served on
127.0.0.1, from a mock, and exports the HTML digest (`--summary short`, the HTML
default) and its `--draft`. Then, for widths of 390 and 1280 CSS pixels, Debian's
Chromium (`apt-get install chromium`) loads each page headless and reports how
wide the page is against the window (no sideways scroll means the two are
equal), and takes a screenshot of the top of the page (at 390 px in the dark
colours too). It also checks that every
web address in the text is inside a link, and prints how long the page is (and
how long the Markdown is with each --summary).

    cargo build --release
    python3 benches/digest_html.py ../shared/importance target/release/papers [WEEK] [OUT_DIR]

WEEK defaults to 2026-W10, OUT_DIR (screenshots, pages) to /tmp/digest-html.
Needs Python 3's standard library and /usr/bin/chromium.
"""

import datetime as dt
import html.parser
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import zlib
from collections import defaultdict

sys.path.insert(0, os.path.dirname(__file__))
import importance_holdout as holdout  # noqa: E402

PRIMARIES = {"cs.CL", "cs.AI"}
WIDTHS = (390, 1280)
# What the mock serves besides Hugging Face: the thumbnail, the pages and their frames.
FILES = {}
URL = re.compile(r"https?://[^\s<>\"]+")
CHROMIUM = ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def png(width, height, rgb):
    """A plain PNG of one colour, standing in for Hugging Face's thumbnails."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


class Unlinked(html.parser.HTMLParser):
    """Web addresses in the text of a page that are not inside a link."""

    def __init__(self):
        super().__init__()
        self.depth, self.skip, self.found = 0, 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "a"
        self.skip += tag in ("style", "script", "title")

    def handle_endtag(self, tag):
        self.depth -= tag == "a"
        self.skip -= tag in ("style", "script", "title")

    def handle_data(self, data):
        if not self.depth and not self.skip:
            self.found += URL.findall(data)


def measure(base, name, width, out):
    """The page's width and height in CSS pixels in a viewport `width` wide, and a screenshot.

    Headless Chromium's window is at least 500 px wide, so the page is loaded in
    an iframe of the width asked (its viewport), from the mock's own origin so
    that the frame can be measured."""
    wrapper = (f'<body style="margin:0"><iframe id="page" src="/{name}.html" style="border:0;width:{width}px;'
               'height:2000px"></iframe><script>addEventListener("load", () => { const d = document.getElementById('
               '"page").contentDocument.documentElement; document.body.setAttribute("data-fit", [d.scrollWidth,'
               ' d.clientWidth, d.scrollHeight].join(" ")); });</script></body>')
    FILES[f"/frame-{name}-{width}.html"] = (wrapper.encode(), "text/html")
    address = f"{base}/frame-{name}-{width}.html"
    with tempfile.TemporaryDirectory() as profile:
        common = CHROMIUM + [f"--user-data-dir={profile}", f"--window-size={max(width, 500)},2000",
                             "--virtual-time-budget=3000"]
        dom = subprocess.run(common + ["--dump-dom", address], capture_output=True, text=True, timeout=120).stdout
        subprocess.run(common + [f"--screenshot={out}", address], capture_output=True, timeout=120)
        if width == min(WIDTHS):
            # The reader's dark setting, as a phone at night has it.
            dark = out.replace(".png", "-dark.png")
            subprocess.run(common + ["--force-dark-mode", f"--screenshot={dark}", address], capture_output=True,
                           timeout=120)
    fit = re.search(r'data-fit="(\d+) (\d+) (\d+)"', dom)
    return tuple(map(int, fit.groups())) if fit else None


def main():
    shared, papers = sys.argv[1:3]
    week = sys.argv[3] if len(sys.argv) > 3 else "2026-W10"
    out = sys.argv[4] if len(sys.argv) > 4 else "/tmp/digest-html"
    os.makedirs(out, exist_ok=True)
    year, number = map(int, week.split("-W"))
    monday = dt.date.fromisocalendar(year, number, 1)
    listed = [p for p in holdout.rows(os.path.join(shared, "arxiv-listings.jsonl.gz"))
              if p["primary_category"] in PRIMARIES
              and monday <= dt.date.fromisoformat(p["listing_day"]) < monday + dt.timedelta(days=7)]
    days = defaultdict(list)
    FILES["/thumbnail.png"] = (png(640, 336, (90, 120, 170)), "image/png")
    base = holdout.serve(days, FILES)
    for r in holdout.rows(os.path.join(shared, "hf-daily-featured.jsonl.gz")):
        paper = {"id": r["arxiv_id"], "title": r["title"], "upvotes": r["upvotes"], "ai_summary": r.get("ai_summary")}
        days[r["day"]].append({"paper": paper, "numComments": r["comments"], "title": r["title"],
                               "thumbnail": base + "/thumbnail.png"})
    with tempfile.TemporaryDirectory() as tmp:
        db, feed = os.path.join(tmp, "papers.db"), os.path.join(tmp, "week.xml")
        with open(feed, "w", encoding="utf-8") as f:
            f.write(holdout.atom(listed))
        run = lambda *args: subprocess.run([papers, "--db", db, *args], capture_output=True, text=True, check=True)
        run("-q", "import", feed)
        run("-q", "signals", "--week", week, "--hf-url", base, "--hf-delay", "0",
            "--api-url", base + "/api/query", "--delay", "0")
        pages = {"digest": run("export", "--week", week, "--format", "html").stdout,
                 "draft": run("export", "--week", week, "--format", "html", "--draft").stdout}
        markdown = {length: len(run("export", "--week", week, "--summary", length).stdout.encode())
                    for length in ("full", "short")}
    print(f"{week}: {len(listed)} papers listed in cs.CL and cs.AI; the Markdown of the top 20 is"
          f" {markdown['full'] / 1024:.0f} KB with --summary full, {markdown['short'] / 1024:.0f} KB with short")
    for name, page in pages.items():
        with open(os.path.join(out, f"{name}.html"), "w", encoding="utf-8") as f:
            f.write(page)
        FILES[f"/{name}.html"] = (page.encode(), "text/html; charset=utf-8")
        unlinked = Unlinked()
        unlinked.feed(page)
        print(f"{name}: {len(page) / 1024:.0f} KB, {page.count('<article')} papers, {page.count('<img')} thumbnails,"
              f" {len(unlinked.found)} web addresses outside a link" + (f" e.g. {unlinked.found[:3]}" if unlinked.found else ""))
        for width in WIDTHS:
            shot = os.path.join(out, f"{name}-{width}.png")
            fit = measure(base, name, width, shot)
            if fit is None:
                print(f"  {width} px: Chromium gave no measure")
                continue
            wide, window, tall = fit
            verdict = "no sideways scroll" if wide <= window else f"SCROLLS SIDEWAYS by {wide - window} px"
            print(f"  {width} px: page {wide} px wide in a {window} px viewport ({verdict}), {tall} px tall;"
                  f" screenshot {shot}")


if __name__ == "__main__":
    main()
