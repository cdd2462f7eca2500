//! Every input kept in `fuzz/regressions/<target>/` (crashes the fuzzers found, and
//! hand-picked hard cases) replayed through the fuzz targets' own properties, so
//! the normal suite fails if an old crash comes back. The properties are the fuzz
//! package's file, compiled in here.

#[path = "../fuzz/src/checks.rs"]
#[allow(dead_code)]
mod checks;

use std::path::PathBuf;

#[test]
fn every_kept_fuzz_input_still_passes() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut replayed = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fuzz/regressions exists") {
        let target_dir = entry.unwrap().path();
        let target = target_dir
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            checks::TARGETS.contains(&target.as_str()),
            "fuzz/regressions/{target}: no such fuzz target"
        );
        let mut inputs: Vec<PathBuf> = std::fs::read_dir(&target_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        inputs.sort();
        for input in inputs {
            let data = std::fs::read(&input).unwrap();
            assert!(checks::run(&target, &data));
            replayed.push(format!(
                "{target}/{}",
                input.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    for target in checks::TARGETS {
        assert!(
            replayed
                .iter()
                .any(|r| r.starts_with(&format!("{target}/"))),
            "no kept input for fuzz target {target}: {replayed:?}"
        );
    }
}
