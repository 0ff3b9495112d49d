//! Integration tests of readout-core, driven by the fixtures in `fixtures/`.

mod props;
mod robustness;
mod segment;
