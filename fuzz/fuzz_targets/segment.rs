//! The segmenter alone on arbitrary text: articles and noise stay inside the text, on
//! character boundaries, in order and apart.
#![no_main]

use libfuzzer_sys::fuzz_target;
use readout_core::{Document, Pipeline, StageName};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(pipeline) = Pipeline::new(vec![StageName::Segment.build()]) else {
        panic!("the segment stage alone must form a pipeline");
    };
    let mut doc = Document::new(text);
    let _ = pipeline.run(&mut doc);
    let mut end = 0;
    for a in doc.articles.iter() {
        let (s, e) = (a.span.start as usize, a.span.end as usize);
        assert!(
            s >= end && s <= e && e <= text.len(),
            "article {:?}",
            a.span
        );
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        end = e;
    }
    for n in doc.noise.iter() {
        let (s, e) = (n.span.start as usize, n.span.end as usize);
        assert!(s <= e && e <= text.len(), "noise {:?}", n.span);
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        assert!(
            doc.articles.iter().all(|a| !a.span.overlaps(n.span)),
            "noise {:?} inside an article",
            n.span
        );
    }
});
