//! Ctrl-C: the first asks the run in hand to stop cleanly (after the page or the
//! file in hand, which it keeps or rolls back), the second quits at once. A run
//! that stopped ends with [`Interrupted`], which exits 130, the shell's code for
//! a run stopped by Ctrl-C.

use papers::ingest::StopFlag;

/// A run stopped by Ctrl-C; the message says what was kept and how to go on.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Interrupted(pub String);

/// Ends the run as interrupted, saying `message`.
pub fn interrupted(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Interrupted(message.into()))
}

/// The process's stop flag, raised by the first Ctrl-C (then `first` runs, to
/// say so); a second Ctrl-C runs `second` and quits at once.
pub fn stop_on_ctrl_c(first: impl Fn() + Send + 'static, second: impl Fn() + Send + 'static) -> StopFlag {
    StopFlag::on_ctrl_c(first, move || {
        second();
        std::process::exit(130)
    })
}
