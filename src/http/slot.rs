//! One request slot per server, shared by every `papers` process on the machine:
//! a small file, locked while a request is in flight, that says when the last
//! request to the server ended and until when a 429 holds it. arXiv's terms allow
//! one request every 3 s per user, not per process, so two fetches and a harvest
//! started together take turns as one run would.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::client::MAX_WAIT;
use crate::files::state_folder;

/// The file of one server's slot.
#[derive(Debug, Clone)]
pub struct SharedSlot {
    path: PathBuf,
}

/// What the slot file records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlotTimes {
    /// When the last request to the server ended.
    pub last_end: Option<SystemTime>,
    /// Until when a 429 holds every request to it.
    pub paused_until: Option<SystemTime>,
}

/// The slot, held until dropped (the lock goes with the file handle).
#[derive(Debug)]
pub struct HeldSlot {
    file: File,
    pub times: SlotTimes,
}

impl SharedSlot {
    /// The slot kept in `path` (its folder is made when first needed).
    pub fn new(path: PathBuf) -> SharedSlot {
        SharedSlot { path }
    }

    /// The slot of the server at `url` in `folder`: one file per host and port.
    fn of_server(folder: &Path, url: &str) -> Option<SharedSlot> {
        let url = reqwest::Url::parse(url).ok()?;
        let server = match url.port() {
            Some(port) => format!("{}_{port}", url.host_str()?),
            None => url.host_str()?.to_string(),
        };
        Some(SharedSlot::new(folder.join(server)))
    }

    /// The slot of the server at `url` that every process of the user shares: in
    /// the user's state folder (`~/.local/state/papers/polite/HOST`).
    pub fn of_user(url: &str) -> Option<SharedSlot> {
        SharedSlot::of_server(&state_folder()?.join("polite"), url)
    }

    /// Waits until no other process holds the slot, then holds it.
    pub async fn hold(&self) -> std::io::Result<HeldSlot> {
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || {
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder)?;
            }
            let mut file =
                OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path)?;
            file.lock()?;
            let mut text = String::new();
            file.read_to_string(&mut text)?;
            Ok(HeldSlot { file, times: SlotTimes::parse(&text).sane(SystemTime::now()) })
        })
        .await
        .map_err(std::io::Error::other)?
    }
}

impl HeldSlot {
    /// Writes `times` for the next holder.
    pub fn record(&mut self, times: SlotTimes) -> std::io::Result<()> {
        self.times = times;
        self.file.set_len(0)?;
        self.file.seek(SeekFrom::Start(0))?;
        self.file.write_all(times.to_text().as_bytes())
    }
}

impl SlotTimes {
    /// "LAST_END_MS PAUSED_UNTIL_MS", milliseconds since the epoch, 0 for none;
    /// anything unreadable counts as nothing recorded.
    fn parse(text: &str) -> SlotTimes {
        let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok().filter(|ms| *ms > 0));
        let mut next =
            || fields.next().flatten().and_then(|ms| UNIX_EPOCH.checked_add(Duration::from_millis(ms)));
        SlotTimes { last_end: next(), paused_until: next() }
    }

    /// What can be believed at `now`: a request cannot have ended in the future
    /// (the clock was set back: it ended now, as far as waiting goes), and no
    /// pause lasts longer than the client ever waits.
    fn sane(self, now: SystemTime) -> SlotTimes {
        SlotTimes {
            last_end: self.last_end.map(|end| end.min(now)),
            paused_until: self.paused_until.filter(|until| *until <= now + MAX_WAIT),
        }
    }

    fn to_text(self) -> String {
        let ms = |t: Option<SystemTime>| {
            t.and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_millis())
        };
        format!("{} {}\n", ms(self.last_end), ms(self.paused_until))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_survive_the_file_and_garbage_reads_as_nothing() {
        let times = SlotTimes {
            last_end: Some(UNIX_EPOCH + Duration::from_millis(1_765_000_000_123)),
            paused_until: None,
        };
        assert_eq!(SlotTimes::parse(&times.to_text()), times);
        assert_eq!(SlotTimes::parse("not a time"), SlotTimes::default());
        assert_eq!(SlotTimes::parse(""), SlotTimes::default());
        assert_eq!(SlotTimes::parse("99999999999999999999 0"), SlotTimes::default(), "out of range");
        let now = UNIX_EPOCH + Duration::from_secs(1_765_000_000);
        let odd = SlotTimes {
            last_end: Some(now + Duration::from_secs(60)),
            paused_until: Some(now + MAX_WAIT * 2),
        };
        assert_eq!(odd.sane(now), SlotTimes { last_end: Some(now), paused_until: None });
    }

    #[test]
    fn a_server_has_one_slot_per_host_and_port() {
        let folder = Path::new("/state/polite");
        let path = |url| SharedSlot::of_server(folder, url).map(|slot| slot.path);
        assert_eq!(path("https://export.arxiv.org/api/query"), Some(folder.join("export.arxiv.org")));
        assert_eq!(path("http://127.0.0.1:8080/oai"), Some(folder.join("127.0.0.1_8080")));
        assert_eq!(path("not an address"), None);
    }

    #[tokio::test]
    async fn a_holder_sees_what_the_last_one_recorded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let slot = SharedSlot::new(dir.path().join("slots").join("127.0.0.1"));
        let recorded =
            SlotTimes { last_end: Some(UNIX_EPOCH + Duration::from_secs(1_765_000_000)), paused_until: None };
        slot.hold().await.expect("held").record(recorded).expect("recorded");
        assert_eq!(slot.hold().await.expect("held again").times, recorded);
    }
}
