//! Tidy checks that run inside `cargo test`: habits the compiler and clippy do not check.

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask lives in the workspace")
            .to_path_buf()
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if p.is_dir() && name != "target" && !name.starts_with('.') {
                rust_files(&p, out);
            } else if name.ends_with(".rs") {
                out.push(p);
            }
        }
    }

    /// The part of a source file before its `#[cfg(test)]` module.
    fn non_test_part(src: &str) -> &str {
        src.find("#[cfg(test)]").map_or(src, |i| &src[..i])
    }

    /// readout-core never panics on input: no unwrap, expect, panic!, todo! or
    /// unimplemented! outside tests. A line may opt out with `// tidy: allow(panic)` on
    /// it or on the line before, with a reason, for code that input cannot reach.
    #[test]
    fn core_has_no_panicking_calls() {
        let mut files = Vec::new();
        rust_files(&root().join("crates/core/src"), &mut files);
        assert!(!files.is_empty());
        let bad = [
            ".unwrap()",
            ".expect(",
            "panic!(",
            "todo!(",
            "unimplemented!(",
            "unreachable!(",
        ];
        let mut found = Vec::new();
        for f in files {
            let src = std::fs::read_to_string(&f).expect("readable source");
            let lines: Vec<&str> = non_test_part(&src).lines().collect();
            for (i, line) in lines.iter().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                let allowed = line.contains("tidy: allow(panic)")
                    || (i > 0 && lines[i - 1].contains("tidy: allow(panic)"));
                if !allowed && bad.iter().any(|b| code.contains(b)) {
                    found.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
                }
            }
        }
        assert!(
            found.is_empty(),
            "panicking calls in readout-core:\n{}",
            found.join("\n")
        );
    }

    /// Tests are never skipped: no ignore attribute anywhere.
    #[test]
    fn no_ignored_tests() {
        let mut files = Vec::new();
        rust_files(&root().join("crates"), &mut files);
        rust_files(&root().join("xtask"), &mut files);
        let needle = ["#[", "ignore"].concat();
        let found: Vec<String> = files
            .iter()
            .filter(|f| std::fs::read_to_string(f).is_ok_and(|s| s.contains(&needle)))
            .map(|f| f.display().to_string())
            .collect();
        assert!(found.is_empty(), "ignored tests in: {found:?}");
    }

    /// Every trained model folder has a README stating data, licence and scores.
    #[test]
    fn every_model_has_a_readme() {
        let models = root().join("crates/core/models");
        let Ok(rd) = std::fs::read_dir(&models) else {
            return;
        };
        for e in rd.flatten() {
            if e.path().is_dir() {
                let readme = e.path().join("README.md");
                let text = std::fs::read_to_string(&readme)
                    .unwrap_or_default()
                    .to_lowercase();
                assert!(
                    text.contains("licen"),
                    "{} must state the data's licence",
                    readme.display()
                );
                assert!(
                    text.contains("xtask") && text.contains("train"),
                    "{} must give the command that trains it",
                    readme.display()
                );
            }
        }
    }
}
