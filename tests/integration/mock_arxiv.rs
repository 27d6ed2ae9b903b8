//! A small arXiv emulator on 127.0.0.1 for network tests. Its export API
//! (`/api/query`) filters a corpus by `cat:` terms and the `submittedDate` window,
//! pages by `start`/`max_results` sorted by submission date and answers `id_list`.
//! Its OAI-PMH server (`/oai`, see [`MockOai`]) pages arXivRaw records with
//! resumption tokens; its RSS server (`/rss/<cats>`) returns the feeds a test set;
//! and it stands in for Hugging Face's daily papers (`/api/daily_papers?date=D`,
//! the lists a test set, `[]` for other days).
//! It can be told to misbehave on the next requests, and records when each request
//! arrived and when its answer was sent.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Duration as Span, NaiveDateTime, Utc};

use crate::mock_sources::{oai_answer, rss_error};

#[derive(Debug, Clone)]
pub struct MockPaper {
    pub id: String,
    pub published: DateTime<Utc>,
    pub categories: Vec<&'static str>,
    /// The newest version; version N was submitted N-1 weeks after v1.
    pub version: u32,
}

impl MockPaper {
    pub fn submitted(&self, version: u32) -> DateTime<Utc> {
        self.published + Span::days(7 * (i64::from(version) - 1))
    }
}

/// What to do instead of a normal answer.
#[derive(Debug, Clone)]
#[allow(dead_code)]
pub enum Fault {
    /// Answer normally (to let some requests through before a later fault).
    Pass,
    RateLimited,
    Unavailable,
    /// A 503 with a proxy's HTML error page as its body.
    UnavailableHtml,
    EmptyBody,
    /// HTTP 200 with an HTML page instead of a feed.
    NotXml,
    EmptyPage,
    ShortPage,
    Truncated,
    /// A well-formed page whose first entry has an unreadable date.
    BadEntry,
    Reset,
    Slow(Duration),
    BadRequest,
    /// HTTP 400 with arXiv's error feed, as the API refuses a request it will
    /// always refuse.
    ApiError,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    pub query: Vec<(String, String)>,
    pub arrived: Instant,
    /// When the answer started to go out.
    pub answered: Instant,
}

impl Request {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct State {
    faults: VecDeque<Fault>,
    requests: Vec<Request>,
    /// Report at least this total for windows longer than a day (to force splitting).
    inflate_wide_totals: Option<u64>,
    oai: MockOai,
    /// RSS bodies by the `+`-joined category path.
    rss: Vec<(String, String)>,
    /// Daily-papers JSON bodies by date.
    daily: Vec<(String, String)>,
}

/// How the OAI-PMH emulator behaves. Records are served sorted by (datestamp, id),
/// `page_size` at a time; tokens carry the set, dates and offset.
#[derive(Debug, Clone, Default)]
pub struct MockOai {
    /// (paper index in the corpus, datestamp); `deleted` records have no metadata.
    pub records: Vec<OaiEntry>,
    pub page_size: usize,
    /// The 2015-style server: tokens like `726959|1001` with cursor and
    /// completeListSize, days not zero-padded. Otherwise the 2025 one: URL-quoted
    /// tokens with an expirationDate, padded days.
    pub old_server: bool,
    /// Give tokens an expirationDate already past.
    pub expired_tokens: bool,
    /// Answer the next this many token requests with badResumptionToken.
    pub reject_tokens: usize,
}

#[derive(Debug, Clone)]
pub struct OaiEntry {
    pub paper: usize,
    pub datestamp: &'static str,
    pub deleted: bool,
}

pub struct MockArxiv {
    pub url: String,
    /// The base of every route: `{base}/oai`, `{base}/rss`.
    pub base: String,
    corpus: Arc<Vec<MockPaper>>,
    state: Arc<Mutex<State>>,
}

impl MockArxiv {
    pub fn start(corpus: Vec<MockPaper>) -> MockArxiv {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let url = format!("{base}/api/query");
        let corpus = Arc::new(corpus);
        let state = Arc::new(Mutex::new(State::default()));
        let (c, s) = (Arc::clone(&corpus), Arc::clone(&state));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = serve(stream, &c, &s);
            }
        });
        MockArxiv { url, base, corpus, state }
    }

    pub fn set_oai(&self, oai: MockOai) {
        self.state.lock().expect("lock").oai = oai;
    }

    /// Serves `body` at `/rss/{cats}` (instead of what was there).
    pub fn set_rss(&self, cats: &str, body: String) {
        let feeds = &mut self.state.lock().expect("lock").rss;
        feeds.retain(|(c, _)| c != cats);
        feeds.push((cats.to_string(), body));
    }

    /// Serves `body` as Hugging Face's daily papers of `date` (instead of what was there).
    pub fn set_daily(&self, date: &str, body: String) {
        let lists = &mut self.state.lock().expect("lock").daily;
        lists.retain(|(d, _)| d != date);
        lists.push((date.to_string(), body));
    }

    pub fn fail_next(&self, faults: impl IntoIterator<Item = Fault>) {
        self.state.lock().expect("lock").faults.extend(faults);
    }

    pub fn inflate_wide_totals(&self, total: u64) {
        self.state.lock().expect("lock").inflate_wide_totals = Some(total);
    }

    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().expect("lock").requests.clone()
    }

    /// Ids of the corpus papers submitted in `[start, end)`, sorted.
    pub fn ids_between(&self, start: &str, end: &str) -> Vec<String> {
        let (start, end) = (time(start), time(end));
        let mut ids: Vec<String> = self
            .corpus
            .iter()
            .filter(|p| start <= p.published && p.published < end)
            .map(|p| p.id.clone())
            .collect();
        ids.sort();
        ids
    }
}

pub fn time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc)
}

/// `count` papers every `every` from `first`, alternating cs.CL, cs.LG and cs.CV primaries.
pub fn corpus(first: &str, every: Span, count: usize) -> Vec<MockPaper> {
    let cats: [&[&'static str]; 3] = [&["cs.CL"], &["cs.LG", "cs.CL"], &["cs.CV"]];
    (0..count)
        .map(|i| MockPaper {
            id: format!("2405.{:05}", i + 1),
            published: time(first) + every * i as i32,
            categories: cats[i % 3].to_vec(),
            version: 1,
        })
        .collect()
}

fn serve(mut stream: TcpStream, corpus: &[MockPaper], state: &Mutex<State>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" {
            break;
        }
    }
    let arrived = Instant::now();
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let (path, query_text) = target.split_once('?').unwrap_or((target, ""));
    let query = parse_query(query_text);
    let fault = state.lock().expect("lock").faults.pop_front();
    let inflate = state.lock().expect("lock").inflate_wide_totals;
    let (status, body, headers) = match (path, fault_answer(fault.as_ref())) {
        (_, Some(answer)) => answer,
        ("/oai", None) => oai_answer(corpus, &query, &mut state.lock().expect("lock").oai),
        (rss, None) if rss.starts_with("/rss/") => {
            let cats = &rss["/rss/".len()..];
            let feeds = &state.lock().expect("lock").rss;
            match feeds.iter().find(|(c, _)| c == cats) {
                Some((_, body)) => ("200 OK".into(), body.clone().into_bytes(), String::new()),
                None => ("400 Bad Request".into(), rss_error(cats).into_bytes(), String::new()),
            }
        }
        ("/api/daily_papers", None) => {
            let date = query.iter().find(|(k, _)| k == "date").map(|(_, v)| v.as_str()).unwrap_or("");
            let lists = &state.lock().expect("lock").daily;
            let whole = lists.iter().find(|(d, _)| d == date).map_or("[]".to_string(), |(_, b)| b.clone());
            let mut body = daily_page(&whole, &query);
            if let Some(Fault::Truncated) = fault {
                body.truncate(body.len() * 2 / 3);
            }
            ("200 OK".into(), body.into_bytes(), String::new())
        }
        _ => answer(corpus, &query, fault.as_ref(), inflate),
    };
    if let Some(Fault::Slow(wait)) = fault {
        std::thread::sleep(wait);
    }
    // Taken as the answer starts: the client cannot have read it sooner, so a gap
    // measured from here is never longer than the one the client kept, however
    // late this thread runs again after writing.
    let answered = Instant::now();
    // A client that timed out has gone: record the request whether or not the write lands.
    let written = match fault {
        Some(Fault::Reset) => Ok(()),
        _ => {
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/atom+xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n",
                body.len()
            );
            stream
                .write_all(head.as_bytes())
                .and_then(|()| stream.write_all(&body))
                .and_then(|()| stream.flush())
        }
    };
    state.lock().expect("lock").requests.push(Request { path: path.to_string(), query, arrived, answered });
    written
}

type Answer = (String, Vec<u8>, String);

/// The answer a transport-level fault makes, whatever the route.
fn fault_answer(fault: Option<&Fault>) -> Option<Answer> {
    match fault {
        Some(Fault::RateLimited) => {
            return Some(("429 Too Many Requests".into(), b"Rate exceeded.".to_vec(), String::new()));
        }
        Some(Fault::Unavailable) => {
            return Some(("503 Service Unavailable".into(), Vec::new(), "Retry-After: 0\r\n".into()));
        }
        Some(Fault::UnavailableHtml) => {
            let page = "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n<body><h1>Service Unavailable</h1>\n<p>The server is temporarily unable to service your request.</p></body></html>\n";
            return Some(("503 Service Unavailable".into(), page.as_bytes().to_vec(), String::new()));
        }
        Some(Fault::EmptyBody) => return Some(("200 OK".into(), Vec::new(), String::new())),
        Some(Fault::NotXml) => {
            return Some((
                "200 OK".into(),
                b"<html><body>Service busy</body></html>".to_vec(),
                String::new(),
            ));
        }
        Some(Fault::BadRequest) => {
            return Some(("400 Bad Request".into(), b"bad request".to_vec(), String::new()));
        }
        Some(Fault::ApiError) => {
            let feed = error_feed("incorrect id format");
            return Some(("400 Bad Request".into(), feed.into_bytes(), String::new()));
        }
        _ => {}
    }
    None
}

fn answer(
    corpus: &[MockPaper],
    query: &[(String, String)],
    fault: Option<&Fault>,
    inflate: Option<u64>,
) -> Answer {
    let param = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let search = param("search_query").unwrap_or("");
    if search.contains("AND AND") {
        let feed = error_feed(&format!("malformed query: {search}"));
        return ("400 Bad Request".into(), feed.into_bytes(), String::new());
    }
    let mut hits: Vec<&MockPaper> = match param("id_list") {
        Some(list) if !list.is_empty() => {
            corpus.iter().filter(|p| list.split(',').any(|id| id == p.id)).collect()
        }
        _ => corpus.iter().filter(|p| matches(p, search)).collect(),
    };
    hits.sort_by(|a, b| (a.published, &a.id).cmp(&(b.published, &b.id)));
    let start: usize = param("start").and_then(|s| s.parse().ok()).unwrap_or(0);
    let max: usize = param("max_results").and_then(|s| s.parse().ok()).unwrap_or(10);
    let mut total = hits.len() as u64;
    if let (Some(floor), Some((from, to))) = (inflate, window(search))
        && to - from > Span::days(1) + Span::seconds(59)
    {
        total = total.max(floor);
    }
    let mut page: Vec<&MockPaper> = hits.into_iter().skip(start).take(max).collect();
    match fault {
        Some(Fault::EmptyPage) => page.clear(),
        Some(Fault::ShortPage) => page.truncate(page.len() / 2),
        _ => {}
    }
    let mut body = feed(&page, total, start, max);
    match fault {
        Some(Fault::Truncated) => body.truncate(body.len() * 2 / 3),
        Some(Fault::BadEntry) => {
            if let Some(at) = body.find("<published>") {
                let end = body[at..].find("</published>").map_or(at, |e| at + e);
                body.replace_range(at + "<published>".len()..end, "yesterday");
            }
        }
        _ => {}
    }
    ("200 OK".into(), body.into_bytes(), String::new())
}

/// Page `p` (from 0) of `limit` items (50 when not asked) of a daily-papers list,
/// as Hugging Face pages them.
fn daily_page(whole: &str, query: &[(String, String)]) -> String {
    let param = |name: &str| query.iter().find(|(k, _)| k == name).and_then(|(_, v)| v.parse::<usize>().ok());
    let (limit, page) = (param("limit").unwrap_or(50), param("p").unwrap_or(0));
    let items: Vec<serde_json::Value> = serde_json::from_str(whole).expect("the test's list is JSON");
    let shown: Vec<_> = items.into_iter().skip(page * limit).take(limit).collect();
    serde_json::to_string(&shown).expect("JSON")
}

fn matches(paper: &MockPaper, search: &str) -> bool {
    let cats: Vec<&str> = search
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter_map(|t| t.strip_prefix("cat:"))
        .collect();
    let cat_ok = cats.is_empty() || paper.categories.iter().any(|c| cats.contains(c));
    let window_ok = window(search).is_none_or(|(from, to)| from <= paper.published && paper.published <= to);
    cat_ok && window_ok
}

/// `submittedDate:[A TO B]`, both ends inclusive; the upper minute runs to :59.
fn window(search: &str) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let inside = search.split_once("submittedDate:[")?.1.split_once(']')?.0;
    let (from, to) = inside.split_once(" TO ")?;
    let parse = |s: &str| NaiveDateTime::parse_from_str(s.trim(), "%Y%m%d%H%M").ok().map(|t| t.and_utc());
    Some((parse(from)?, parse(to)? + Span::seconds(59)))
}

fn feed(papers: &[&MockPaper], total: u64, start: usize, max: usize) -> String {
    let mut out = format!(
        "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\" xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns=\"http://www.w3.org/2005/Atom\">\n  <id>https://arxiv.org/api/mock</id>\n  <opensearch:itemsPerPage>{max}</opensearch:itemsPerPage>\n  <opensearch:totalResults>{total}</opensearch:totalResults>\n  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
    );
    for p in papers {
        let stamp = p.published.format("%Y-%m-%dT%H:%M:%SZ");
        out.push_str(&format!(
            "  <entry>\n    <id>http://arxiv.org/abs/{id}v{v}</id>\n    <title>Paper {id}</title>\n    <updated>{updated}</updated>\n    <summary>Abstract of {id}.</summary>\n    <published>{stamp}</published>\n",
            id = p.id,
            v = p.version,
            updated = p.submitted(p.version).format("%Y-%m-%dT%H:%M:%SZ"),
        ));
        for c in &p.categories {
            out.push_str(&format!("    <category term=\"{c}\" scheme=\"http://arxiv.org/schemas/atom\"/>\n"));
        }
        out.push_str(&format!(
            "    <arxiv:primary_category term=\"{}\"/>\n    <author><name>Author of {}</name></author>\n  </entry>\n",
            p.categories[0], p.id
        ));
    }
    out.push_str("</feed>\n");
    out
}

fn error_feed(message: &str) -> String {
    format!(
        "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">\n  <opensearch:totalResults>1</opensearch:totalResults>\n  <entry>\n    <id>https://arxiv.org/api/errors#malformed_query</id>\n    <title>Error</title>\n    <summary>{}</summary>\n  </entry>\n</feed>\n",
        message.replace('&', "&amp;").replace('<', "&lt;")
    )
}

fn parse_query(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
