//! Parquet export (the `parquet` feature): one file per table, column types taken from
//! the data (integers, floating-point numbers or text; every column nullable).

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use readout_store::{ExportTable, Store, Value};

/// Rows per record batch (and so at most per row group).
const CHUNK: usize = 65_536;

/// The type of a column, widened as values are seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Only NULLs so far.
    Unknown,
    Int,
    Real,
    Text,
}

impl Kind {
    fn widen(self, v: &Value) -> Kind {
        match (self, v) {
            (k, Value::Null) => k,
            (Kind::Unknown | Kind::Int, Value::Int(_)) => Kind::Int,
            (Kind::Unknown | Kind::Int | Kind::Real, Value::Real(_))
            | (Kind::Real, Value::Int(_)) => Kind::Real,
            _ => Kind::Text,
        }
    }

    fn data_type(self) -> DataType {
        match self {
            Kind::Int => DataType::Int64,
            Kind::Real => DataType::Float64,
            Kind::Unknown | Kind::Text => DataType::Utf8,
        }
    }
}

fn batch(schema: &SchemaRef, kinds: &[Kind], rows: &[Vec<Value>]) -> anyhow::Result<RecordBatch> {
    let arrays: Vec<ArrayRef> = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| -> ArrayRef {
            let cell = |r: &Vec<Value>| r.get(i).cloned().unwrap_or(Value::Null);
            match k {
                Kind::Int => Arc::new(
                    rows.iter()
                        .map(|r| cell(r).as_int())
                        .collect::<Int64Array>(),
                ),
                Kind::Real => Arc::new(
                    rows.iter()
                        .map(|r| match cell(r) {
                            Value::Int(x) => Some(x as f64),
                            Value::Real(f) => Some(f),
                            _ => None,
                        })
                        .collect::<Float64Array>(),
                ),
                Kind::Unknown | Kind::Text => Arc::new(
                    rows.iter()
                        .map(|r| cell(r).as_text())
                        .collect::<StringArray>(),
                ),
            }
        })
        .collect();
    Ok(RecordBatch::try_new(Arc::clone(schema), arrays)?)
}

/// Writes `table` to `path`; returns the number of rows.
pub fn write(store: &Store, table: ExportTable, path: &Path) -> anyhow::Result<u64> {
    // First pass: the column types.
    let columns = store.export_columns(table)?;
    let mut kinds = vec![Kind::Unknown; columns.len()];
    store.export(table, |_, row| -> anyhow::Result<()> {
        for (k, v) in kinds.iter_mut().zip(&row) {
            *k = k.widen(v);
        }
        Ok(())
    })?;
    let schema: SchemaRef = Arc::new(Schema::new(
        columns
            .iter()
            .zip(&kinds)
            .map(|(c, k)| Field::new(c, k.data_type(), true))
            .collect::<Vec<_>>(),
    ));
    // Second pass: the rows, a chunk at a time.
    let file =
        std::fs::File::create(path).with_context(|| format!("{}: cannot write", path.display()))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut writer = ArrowWriter::try_new(file, Arc::clone(&schema), Some(props))?;
    let mut buf: Vec<Vec<Value>> = Vec::with_capacity(CHUNK);
    let mut n = 0u64;
    store.export(table, |_, row| -> anyhow::Result<()> {
        buf.push(row);
        n += 1;
        if buf.len() == CHUNK {
            writer.write(&batch(&schema, &kinds, &buf)?)?;
            buf.clear();
        }
        Ok(())
    })?;
    if !buf.is_empty() || n == 0 {
        writer.write(&batch(&schema, &kinds, &buf)?)?;
    }
    writer.close()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_widen_from_int_to_real_to_text() {
        let k = Kind::Unknown.widen(&Value::Null);
        assert_eq!(k, Kind::Unknown);
        let k = k.widen(&Value::Int(3));
        assert_eq!(k, Kind::Int);
        let k = k.widen(&Value::Real(0.5));
        assert_eq!(k, Kind::Real);
        assert_eq!(k.widen(&Value::Int(1)), Kind::Real);
        assert_eq!(k.widen(&Value::Text("x".into())), Kind::Text);
    }
}
