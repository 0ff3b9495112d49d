//! Development helper: extracts every page of an article-extraction benchmark folder
//! (`html/<id>.html.gz`) and prints `{id: {"articleBody": text}}`.

use std::io::Read;

fn main() {
    let dir = std::env::args().nth(1).expect("folder");
    let mut out = serde_json::Map::new();
    let mut paths: Vec<_> = std::fs::read_dir(format!("{dir}/html"))
        .expect("html folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.sort();
    let t = std::time::Instant::now();
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let id = name.trim_end_matches(".html.gz").to_string();
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&p).unwrap())
            .read_to_end(&mut bytes)
            .unwrap();
        let dec = readout_extract::charset::decode(&bytes, None, true);
        let a = readout_extract::html::extract(&dec.text);
        out.insert(id, serde_json::json!({"articleBody": a.text}));
    }
    eprintln!("{:?}", t.elapsed());
    println!("{}", serde_json::Value::Object(out));
}
