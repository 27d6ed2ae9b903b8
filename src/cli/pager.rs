//! A pager for long output on a terminal, as git does it: standard output goes
//! through `less -FRX` (which prints a short text as it is and keeps colours), or
//! through `$PAGER`; never when standard output is not a terminal, nor with
//! `--no-pager`, nor when `PAGER` is empty or `cat`.

#[cfg(unix)]
use std::io::Write;
use std::process::Child;
#[cfg(unix)]
use std::process::{Command, Stdio};

/// Without `PAGER`: quit when the text fits on one screen (-F), pass colours
/// (-R), and leave the text on the screen afterwards (-X).
const DEFAULT_PAGER: &str = "less -FRX";

/// The pager command to run, if any. `terminal`: standard output is a terminal;
/// `pager`: the `PAGER` variable, when set.
pub fn command(terminal: bool, no_pager: bool, pager: Option<&str>) -> Option<String> {
    if !terminal || no_pager {
        return None;
    }
    match pager.map(str::trim) {
        None => Some(DEFAULT_PAGER.to_string()),
        Some("" | "cat") => None,
        Some(command) => Some(command.to_string()),
    }
}

/// A running pager that reads what this process writes to standard output.
pub struct Pager {
    child: Child,
}

impl Pager {
    /// Starts `command` through the shell (so `PAGER` may hold arguments) and
    /// points standard output at it. If it cannot start, output goes to the
    /// terminal as usual.
    #[cfg(unix)]
    pub fn start(command: &str) -> Option<Pager> {
        let mut child = Command::new("sh").args(["-c", command]).stdin(Stdio::piped()).spawn().ok()?;
        let input = child.stdin.take()?;
        match rustix::stdio::dup2_stdout(&input) {
            Ok(()) => Some(Pager { child }),
            Err(_) => {
                drop(input);
                let _ = child.wait();
                None
            }
        }
    }

    /// Elsewhere there is no pager: standard output cannot be pointed at a pipe
    /// the same way, so output goes to the terminal.
    #[cfg(not(unix))]
    pub fn start(_command: &str) -> Option<Pager> {
        None
    }

    /// Ends the output and waits until the user quits the pager.
    #[cfg(unix)]
    pub fn finish(mut self) {
        let _ = std::io::stdout().flush();
        // Standard output holds the pipe open: pointing it elsewhere closes it,
        // so the pager sees the end of the text.
        if let Ok(null) = std::fs::File::open("/dev/null") {
            let _ = rustix::stdio::dup2_stdout(&null);
        }
        let _ = self.child.wait();
    }

    #[cfg(not(unix))]
    pub fn finish(mut self) {
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pager_only_on_a_terminal_and_only_when_wanted() {
        assert_eq!(command(true, false, None).as_deref(), Some("less -FRX"));
        assert_eq!(command(false, false, None), None, "never when piped");
        assert_eq!(command(false, false, Some("most")), None, "never when piped, whatever PAGER says");
        assert_eq!(command(true, true, None), None, "--no-pager");
        assert_eq!(command(true, false, Some("")), None, "an empty PAGER");
        assert_eq!(command(true, false, Some("cat")), None);
        assert_eq!(command(true, false, Some(" cat ")), None);
        assert_eq!(command(true, false, Some("less -S")).as_deref(), Some("less -S"));
    }
}
