//! `papers completions` and `papers man`: generated from the clap definitions.

use anyhow::{Context, Result, bail};
use clap::CommandFactory;

use super::args::{Cli, CompletionsArgs, ManArgs};

pub fn completions(args: &CompletionsArgs) -> Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "papers", &mut std::io::stdout());
    Ok(())
}

/// papers(1) or a command's page on stdout, or every page into a folder.
pub fn man(args: &ManArgs) -> Result<()> {
    // As clap_mangen builds the pages it writes, so that every page a page names
    // (papers-fetch(1), …) is one that `--dir` writes; there is no papers-help(1).
    let mut command = Cli::command().disable_help_subcommand(true);
    if let Some(dir) = &args.dir {
        return std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(command, dir))
            .with_context(|| format!("cannot write the man pages into {}", dir.display()));
    }
    command.build();
    let mut page = command;
    for name in &args.command {
        page = match page.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => bail!("no command '{}': `papers --help` lists them", args.command.join(" ")),
        };
    }
    clap_mangen::Man::new(page).render(&mut std::io::stdout())?;
    Ok(())
}
