//! Fetches a week of a category through the library, classifies and prints it:
//! `cargo run --example fetch_week -- http://127.0.0.1:8080/api/query 2024-W21 cs.CL`

use std::{error::Error, sync::Arc, time::Duration};

use papers::arxiv::client::{ArxivClient, ArxivUrls, DEFAULT_OAI_URL, DEFAULT_RSS_URL};
use papers::classify::{Classifier, Taxonomy};
use papers::http::client::{ClientConfig, HttpClient, Limiter};
use papers::ingest::fetch::{Period, Selection, fetch, plan};
use papers::ingest::{Context, Silent, StopFlag};
use papers::{store::Store, week::IsoWeek, week::Schedule};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [api_url, week, category] = args.as_slice() else {
        return Err("usage: API_URL WEEK CATEGORY".into());
    };
    let urls = ArxivUrls { api: api_url.clone(), oai: DEFAULT_OAI_URL.into(), rss: DEFAULT_RSS_URL.into() };
    let config = ClientConfig { retry: Default::default(), timeout: Duration::from_secs(60) };
    let http = HttpClient::new(config, Arc::new(Limiter::new(Duration::from_secs(3))))?;
    let client = ArxivClient::new(http, urls)?;
    let (mut store, schedule) = (Store::open_in_memory()?, Schedule::default());
    let classifier = Classifier::new(Taxonomy::builtin()?);
    let week = IsoWeek::parse_expr(week, chrono::Utc::now().date_naive())?;
    let selection =
        Selection::Named { categories: vec![category.clone()], query: None, author: None, ids: vec![] };
    let plan = plan(&store, &schedule, Period::Week(week), &selection)?;
    let context =
        Context { classifier: &classifier, schedule: &schedule, observer: &Silent, stop: &StopFlag::new() };
    let report = fetch(&mut store, &client, &context, &plan, 500).await.map_err(|failed| failed.error)?;
    for paper in store.papers_in_week(week, false)? {
        let topics: Vec<&str> = paper.topics.iter().map(|t| t.slug.as_str()).collect();
        println!("{}  {}  [{}]", paper.paper.id, paper.paper.title, topics.join(", "));
    }
    eprintln!("{}: {} new in {} pages", report.label, report.counts.new, report.pages);
    Ok(())
}
