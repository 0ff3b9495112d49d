//! `readout stats`: what the store holds.

use std::io::Write;
use std::process::ExitCode;

use crate::output::{self, FormatArgs, Mode, StoreArg};

/// Arguments of `readout stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    store: StoreArg,
    #[command(flatten)]
    format: FormatArgs,
}

/// Runs the command. JSON output is one object (`{"documents": 12, …}`).
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let store = args.store.open()?;
    let rows = store.stats()?;
    match args.format.mode() {
        Mode::Json => {
            let mut obj = serde_json::Map::new();
            for r in &rows.rows {
                if let [what, value] = r.as_slice() {
                    let key = output::cell(what).replace(' ', "_");
                    obj.insert(key, output::json_value(value));
                }
            }
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &serde_json::Value::Object(obj))?;
            out.write_all(b"\n")?;
        }
        mode => output::print(&rows, mode)?,
    }
    Ok(ExitCode::SUCCESS)
}
