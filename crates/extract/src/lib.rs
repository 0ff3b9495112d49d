//! readout-extract: format readers for readout. HTML pages (article body extraction with
//! boilerplate removed, plus metadata), RSS/Atom/JSON feeds, WARC crawl archives and JSONL
//! exports become plain-text documents that the analysis pipeline reads.
//!
//! Pure parsing: functions take bytes or text (or a `Read` for streamed WARC) and return
//! extracted documents and the problems met; nothing here opens files.

pub mod charset;
pub mod html;
pub mod meta;

pub use html::{HtmlArticle, ParaMap};
pub use meta::PageMeta;
