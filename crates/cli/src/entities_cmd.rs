//! `readout entities`: the corpus's entities, most mentioned first.

use std::process::ExitCode;

use crate::output::{self, FormatArgs, StoreArg};

/// Arguments of `readout entities`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this type: PERSON, ORG, GPE, LOC, NORP, MEDIA, EVENT or LAW.
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_type)]
    kind: Option<String>,
    /// Only entities whose name contains this.
    #[arg(long, value_name = "TEXT")]
    name: Option<String>,
    /// How many to list (0: all).
    #[arg(long, default_value_t = 20)]
    top: usize,
    #[command(flatten)]
    store: StoreArg,
    #[command(flatten)]
    format: FormatArgs,
}

const TYPES: [&str; 8] = [
    "PERSON", "ORG", "GPE", "LOC", "NORP", "MEDIA", "EVENT", "LAW",
];

fn parse_type(s: &str) -> Result<String, String> {
    let up = s.to_uppercase();
    if TYPES.contains(&up.as_str()) {
        Ok(up)
    } else {
        Err(format!(
            "`{s}` is not an entity type; use one of {}",
            TYPES.join(", ")
        ))
    }
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let store = args.store.open()?;
    let rows = store.entities(args.kind.as_deref(), args.name.as_deref(), args.top)?;
    output::print(&rows, args.format.mode())?;
    Ok(ExitCode::SUCCESS)
}
