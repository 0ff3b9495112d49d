//! readout-server: the local web app and JSON API over a store.
//!
//! Not built yet: issue 9 brings `readout serve`. Until then the crate only fixes the
//! address the server binds to by default (loopback, never all interfaces).
#![deny(missing_docs)]

/// The address `readout serve` binds to unless told otherwise.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
