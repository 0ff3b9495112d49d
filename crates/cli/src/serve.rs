//! `readout serve`: the local web app and JSON API over a store.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use crate::output::StoreArg;

/// Arguments of `readout serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    store: StoreArg,
    /// The port to listen on.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The address to listen on; the default serves this machine only. Anything else
    /// exposes the store to the network.
    #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
    bind: IpAddr,
}

/// Runs the server until Ctrl-C.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    // Fail early with the store's own message when there is no store.
    drop(args.store.open()?);
    let default: SocketAddr = readout_server::DEFAULT_BIND.parse()?;
    if args.bind != default.ip() {
        eprintln!(
            "readout: warning: listening on {}, not loopback: anyone who can reach this \
             machine can read the store",
            args.bind
        );
    }
    readout_server::serve_blocking(
        SocketAddr::new(args.bind, args.port),
        args.store.store.clone(),
    )?;
    Ok(ExitCode::SUCCESS)
}
