//! `readout statements`: who said what, filtered by speaker, topic, date, medium, stance.

use std::process::ExitCode;

use readout_store::StatementFilter;

use crate::output::{self, FormatArgs, StoreArg};

/// Arguments of `readout statements`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The speaker's name contains this (case-insensitive).
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// The statement mentions an entity whose name contains this.
    #[arg(long, value_name = "NAME")]
    about: Option<String>,
    /// Said on or after this day (the statement's date, else the publication date).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    since: Option<String>,
    /// Said on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    until: Option<String>,
    /// The medium contains this ("telegram", "interview").
    #[arg(long, value_name = "TEXT")]
    medium: Option<String>,
    /// Only statements that deny or support another.
    #[arg(long, value_enum)]
    stance: Option<StanceArg>,
    /// Words that must occur in the content (as in `readout search`).
    #[arg(long, value_name = "QUERY")]
    text: Option<String>,
    /// At most this many statements (0: all).
    #[arg(long, short = 'n', default_value_t = 50)]
    limit: usize,
    #[command(flatten)]
    store: StoreArg,
    #[command(flatten)]
    format: FormatArgs,
}

/// The stance filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StanceArg {
    /// Statements that rebut another.
    Denies,
    /// Statements that corroborate another.
    Supports,
}

fn parse_day(s: &str) -> Result<String, String> {
    readout_core::Date::parse(s)
        .map(|d| d.to_string())
        .ok_or_else(|| format!("`{s}` is not a calendar date of the form YYYY-MM-DD"))
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let store = args.store.open()?;
    let filter = StatementFilter {
        speaker: args.speaker.clone(),
        about: args.about.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        medium: args.medium.clone(),
        stance: args.stance.map(|s| match s {
            StanceArg::Denies => "denies".to_string(),
            StanceArg::Supports => "supports".to_string(),
        }),
        text: args.text.clone(),
        limit: args.limit,
    };
    output::print(&store.statements(&filter)?, args.format.mode())?;
    Ok(ExitCode::SUCCESS)
}
