//! Parquet export (the `parquet` feature).
