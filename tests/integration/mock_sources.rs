//! The OAI-PMH and RSS routes of the arXiv emulator: arXivRaw ListRecords pages
//! in the 2015 or the 2025 server's dialect, OAI errors with HTTP 200, and RSS 2.0
//! announcement feeds written like rss.arxiv.org's.

use chrono::{DateTime, NaiveDate, Utc};

use crate::mock_arxiv::{MockOai, MockPaper};

type Answer = (String, Vec<u8>, String);

const OAI_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
<responseDate>2026-11-28T12:00:00Z</responseDate>
"#;

/// Answers one OAI-PMH request from the script in `oai`.
pub fn oai_answer(corpus: &[MockPaper], query: &[(String, String)], oai: &mut MockOai) -> Answer {
    let param = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    if param("verb").as_deref() != Some("ListRecords") {
        return ok(oai_error("badVerb", "Illegal OAI verb"));
    }
    let (set, from, until, skip) = match param("resumptionToken") {
        Some(token) => {
            if query.len() != 2 {
                return ok(oai_error("badArgument", "resumptionToken is an exclusive argument"));
            }
            if oai.reject_tokens > 0 {
                oai.reject_tokens -= 1;
                return ok(oai_error(
                    "badResumptionToken",
                    "The value of the resumptionToken argument is invalid or expired.",
                ));
            }
            match decode_token(&token, oai.old_server) {
                Some(parts) => parts,
                None => return ok(oai_error("badResumptionToken", "Invalid token")),
            }
        }
        None => {
            if param("metadataPrefix").as_deref() != Some("arXivRaw") {
                return ok(oai_error("cannotDisseminateFormat", "unsupported format"));
            }
            (
                param("set").unwrap_or_default(),
                param("from").unwrap_or_default(),
                param("until").unwrap_or_default(),
                0,
            )
        }
    };
    if set.contains("bogus") {
        return ok(oai_error("badArgument", &format!("Invalid set: {set}")));
    }
    let mut matching: Vec<_> = oai
        .records
        .iter()
        .filter(|r| set.is_empty() || in_set(&corpus[r.paper], &set))
        .filter(|r| from.is_empty() || r.datestamp >= from.as_str())
        .filter(|r| until.is_empty() || r.datestamp <= until.as_str())
        .collect();
    matching.sort_by_key(|r| (r.datestamp, &corpus[r.paper].id));
    if matching.is_empty() {
        return ok(oai_error(
            "noRecordsMatch",
            "The combination of the values of the from, until, set and metadataPrefix arguments results in an empty list.",
        ));
    }
    let page_size = oai.page_size.max(1);
    let mut body = String::from(OAI_HEAD);
    body.push_str("<request verb=\"ListRecords\">http://oaipmh.arxiv.org/oai</request>\n<ListRecords>\n");
    for record in matching.iter().skip(skip).take(page_size) {
        body.push_str(&oai_record(&corpus[record.paper], record.datestamp, record.deleted, oai.old_server));
    }
    let next = skip + page_size;
    match (next < matching.len(), oai.old_server) {
        (true, true) => body.push_str(&format!(
            "<resumptionToken cursor=\"0\" completeListSize=\"{}\">{}</resumptionToken>\n",
            matching.len(),
            encode_token(&set, &from, &until, next, true)
        )),
        (true, false) => {
            let expires = match oai.expired_tokens {
                true => "2020-01-01T00:00:00Z",
                false => "2999-01-01T00:00:00Z",
            };
            body.push_str(&format!(
                "<resumptionToken expirationDate=\"{expires}\">{}</resumptionToken>\n",
                encode_token(&set, &from, &until, next, false)
            ));
        }
        (false, true) => {}
        (false, false) => body.push_str("<resumptionToken/>\n"),
    }
    body.push_str("</ListRecords>\n</OAI-PMH>\n");
    ok(body)
}

fn ok(body: String) -> Answer {
    ("200 OK".into(), body.into_bytes(), String::new())
}

/// Old tokens are opaque numbers with a `|`; new ones a quoted query string.
fn encode_token(set: &str, from: &str, until: &str, skip: usize, old: bool) -> String {
    match old {
        true => format!("{set}!{from}!{until}|{skip}"),
        false => {
            format!("verb%3DListRecords%26set%3D{set}%26from%3D{from}%26until%3D{until}%26skip%3D{skip}")
        }
    }
}

fn decode_token(token: &str, old: bool) -> Option<(String, String, String, usize)> {
    if old {
        let (head, skip) = token.split_once('|')?;
        let mut parts = head.split('!');
        let (set, from, until) = (parts.next()?, parts.next()?, parts.next()?);
        return Some((set.into(), from.into(), until.into(), skip.parse().ok()?));
    }
    let text = token.replace("%3D", "=").replace("%26", "&");
    let value =
        |name: &str| text.split('&').find_map(|kv| kv.strip_prefix(&format!("{name}="))).map(str::to_string);
    Some((value("set")?, value("from")?, value("until")?, value("skip")?.parse().ok()?))
}

/// Whether the paper falls in a set: `cs`, `cs:cs:CL`, `physics:hep-th`.
fn in_set(paper: &MockPaper, set: &str) -> bool {
    paper.categories.iter().any(|category| {
        let (archive, class) = category.split_once('.').unwrap_or((category, ""));
        let group = if archive == "hep-th" { "physics" } else { archive };
        let full = match class.is_empty() {
            true => format!("{group}:{archive}"),
            false => format!("{group}:{archive}:{class}"),
        };
        full == set || full.starts_with(&format!("{set}:")) || group == set
    })
}

fn oai_record(paper: &MockPaper, datestamp: &str, deleted: bool, old: bool) -> String {
    let spec = if old { "cs" } else { "cs:cs:CL" };
    if deleted {
        return format!(
            "<record><header status=\"deleted\"><identifier>oai:arXiv.org:{}</identifier><datestamp>{datestamp}</datestamp><setSpec>{spec}</setSpec></header></record>\n",
            paper.id
        );
    }
    let mut versions = String::new();
    for v in 1..=paper.version {
        versions.push_str(&format!(
            "<version version=\"v{v}\"><date>{}</date><size>{}kb</size><source_type>D</source_type></version>\n",
            rfc2822(paper.submitted(v), old),
            100 + v
        ));
    }
    // The old server wrote records on one line, the new one indents them.
    let sep = if old { "" } else { "\n  " };
    format!(
        "<record><header><identifier>oai:arXiv.org:{id}</identifier><datestamp>{datestamp}</datestamp><setSpec>{spec}</setSpec></header>\n<metadata>{sep}<arXivRaw xmlns=\"http://arxiv.org/OAI/arXivRaw/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">{sep}<id>{id}</id>{sep}<submitter>Ada Example</submitter>{sep}{versions}<title>Paper {id}</title>{sep}<authors>Author of {id} (Example University) and Second Author</authors>{sep}<categories>{cats}</categories>{sep}<comments>12 pages</comments>{sep}<license>http://creativecommons.org/licenses/by/4.0/</license>{sep}<abstract>  Abstract of {id}.\n</abstract>{sep}</arXivRaw>\n</metadata></record>\n",
        id = paper.id,
        cats = paper.categories.join(" "),
    )
}

/// `Tue, 3 Apr 2007 22:04:11 GMT`; the old server did not pad the day.
fn rfc2822(t: DateTime<Utc>, old: bool) -> String {
    match old {
        true => t.format("%a, %-d %b %Y %H:%M:%S GMT").to_string(),
        false => t.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
    }
}

fn oai_error(code: &str, message: &str) -> String {
    format!(
        "{OAI_HEAD}<request>http://oaipmh.arxiv.org/oai</request>\n<error code=\"{code}\">{message}</error>\n</OAI-PMH>\n"
    )
}

/// rss.arxiv.org's answer to an unknown category.
pub fn rss_error(cats: &str) -> String {
    format!(
        "<?xml version='1.0' encoding='UTF-8'?>\n<rss xmlns:arxiv=\"http://arxiv.org/schemas/atom\" version=\"2.0\"><channel><title>Feed error for query: {cats}</title><link>http://rss.arxiv.org/rss/{cats}</link><description>Bad archive or category: {cats}</description></channel></rss>\n"
    )
}

/// An RSS 2.0 announcement feed for `day`: (paper, announce type) per item. The
/// version is the paper's newest one, as in arXiv's feeds.
pub fn rss_feed(cats: &str, day: NaiveDate, items: &[(&MockPaper, &str)]) -> String {
    let date = day.format("%a, %d %b %Y 00:00:00 -0500");
    let mut out = format!(
        "<?xml version='1.0' encoding='UTF-8'?>\n<rss xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" version=\"2.0\">\n  <channel>\n    <title>{cats} updates on arXiv.org</title>\n    <link>http://rss.arxiv.org/rss/{cats}</link>\n    <description>{cats} updates on the arXiv.org e-print archive.</description>\n    <atom:link href=\"https://rss.arxiv.org/rss/{cats}\" rel=\"self\" type=\"application/rss+xml\"/>\n    <docs>http://www.rssboard.org/rss-specification</docs>\n    <language>en-us</language>\n    <lastBuildDate>{date}</lastBuildDate>\n    <managingEditor>rss-help@arxiv.org</managingEditor>\n    <pubDate>{date}</pubDate>\n    <skipDays>\n      <day>Saturday</day>\n      <day>Sunday</day>\n    </skipDays>\n"
    );
    for (paper, kind) in items {
        let id = &paper.id;
        let v = paper.version;
        out.push_str(&format!(
            "    <item>\n      <title>Paper {id}</title>\n      <link>https://arxiv.org/abs/{id}</link>\n      <description>arXiv:{id}v{v} Announce Type: {kind} \nAbstract: Abstract of {id}.</description>\n      <guid isPermaLink=\"false\">oai:arXiv.org:{id}v{v}</guid>\n"
        ));
        for c in &paper.categories {
            out.push_str(&format!("      <category>{c}</category>\n"));
        }
        out.push_str(&format!(
            "      <pubDate>{date}</pubDate>\n      <arxiv:announce_type>{kind}</arxiv:announce_type>\n      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>\n      <dc:creator>Author of {id},  Second Author</dc:creator>\n    </item>\n"
        ));
    }
    out.push_str("  </channel>\n</rss>\n");
    out
}
