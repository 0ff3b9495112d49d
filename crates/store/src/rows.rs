//! Query results as plain rows of named columns, for the CLI and server to format.

use rusqlite::types::ValueRef;

/// One cell of a result.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value (SQL NULL).
    Null,
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Real(f64),
    /// Text.
    Text(String),
}

impl Value {
    /// The value as text (`None` for NULL); numbers are formatted.
    #[must_use]
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Int(i) => Some(i.to_string()),
            Value::Real(f) => Some(f.to_string()),
            Value::Text(s) => Some(s.clone()),
        }
    }

    /// The value as an integer, when it is one.
    #[must_use]
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub(crate) fn from_ref(v: ValueRef<'_>) -> Value {
        match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Int(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(t) | ValueRef::Blob(t) => {
                Value::Text(String::from_utf8_lossy(t).into_owned())
            }
        }
    }
}

/// A table of results: column names and rows of values in the same order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows {
    /// Column names.
    pub columns: Vec<String>,
    /// The rows; each has one value per column.
    pub rows: Vec<Vec<Value>>,
}

impl Rows {
    /// Number of rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there is no row.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The value of column `name` in row `row`, if both exist.
    #[must_use]
    pub fn get(&self, row: usize, name: &str) -> Option<&Value> {
        let col = self.columns.iter().position(|c| c == name)?;
        self.rows.get(row)?.get(col)
    }

    /// Every value of column `name`, as text (NULL as empty).
    #[must_use]
    pub fn column_text(&self, name: &str) -> Vec<String> {
        (0..self.rows.len())
            .map(|i| {
                self.get(i, name)
                    .and_then(Value::as_text)
                    .unwrap_or_default()
            })
            .collect()
    }

    /// Runs `sql` with `params` and collects the result.
    pub(crate) fn query(
        conn: &rusqlite::Connection,
        sql: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> rusqlite::Result<Rows> {
        let mut st = conn.prepare_cached(sql)?;
        let columns: Vec<String> = st.column_names().iter().map(|c| (*c).to_string()).collect();
        let n = columns.len();
        let mut rows = Vec::new();
        let mut q = st.query(params)?;
        while let Some(r) = q.next()? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                row.push(Value::from_ref(r.get_ref(i)?));
            }
            rows.push(row);
        }
        Ok(Rows { columns, rows })
    }
}
