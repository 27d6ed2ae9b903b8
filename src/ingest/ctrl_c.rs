//! Ctrl-C as the stop of a run: the first raises the process's [`StopFlag`] (the
//! run in hand stops cleanly after the page or the file in hand), the second is
//! handed to the caller, which quits at once.

use std::sync::OnceLock;

use super::StopFlag;

/// The process's one flag, once a run has asked for it.
static STOP: OnceLock<StopFlag> = OnceLock::new();

impl StopFlag {
    /// The flag the first Ctrl-C raises (then `first` runs, to say so); a second
    /// Ctrl-C runs `second`. The signal is awaited on a thread of its own, so this
    /// serves runs with and without an async runtime. One per process: a later run
    /// (the signals after a fetch) shares the first's.
    pub fn on_ctrl_c(first: impl Fn() + Send + 'static, second: impl FnOnce() + Send + 'static) -> StopFlag {
        let spawned = || {
            let stop = StopFlag::new();
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
                    }
                });
            });
            stop
        };
        STOP.get_or_init(spawned).clone()
    }
}
