//! Ctrl-C: the first asks the run in hand to stop cleanly (after the page or the
//! file in hand, which it keeps or rolls back), the second quits at once. A run
//! that stopped ends with [`Interrupted`], which exits 130, the shell's code for
//! a run stopped by Ctrl-C.

use papers::ingest::StopFlag;

/// A run stopped by Ctrl-C; the message says what was kept and how to go on.
#[derive(Debug)]
pub struct Interrupted(pub String);

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Interrupted {}

/// Ends the run as interrupted, saying `message`.
pub fn interrupted(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Interrupted(message.into()))
}

/// The process's one flag, once a run has asked for it.
static STOP: std::sync::OnceLock<StopFlag> = std::sync::OnceLock::new();

/// A flag the first Ctrl-C raises (then `first` runs, to say so); a second Ctrl-C
/// runs `second` and quits at once. The signal is awaited on a thread of its own,
/// so this serves runs with and without an async runtime. One per process: a
/// later run of the same command (the signals after a fetch) shares the first's.
pub fn stop_on_ctrl_c(first: impl Fn() + Send + 'static, second: impl Fn() + Send + 'static) -> StopFlag {
    if let Some(stop) = STOP.get() {
        return stop.clone();
    }
    let stop = StopFlag::new();
    let _ = STOP.set(stop.clone());
    let flag = stop.clone();
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
            return;
        };
        runtime.block_on(async {
            if tokio::signal::ctrl_c().await.is_ok() {
                flag.stop();
                first();
            }
            if tokio::signal::ctrl_c().await.is_ok() {
                second();
                std::process::exit(130);
            }
        });
    });
    stop
}
