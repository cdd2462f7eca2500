//! `parse-floor PATH...`: reads every `.md` file under the paths and parses it with
//! pulldown-cmark, with offsets and the extensions speclint enables, on every core.
//! Prints the number of files, bytes and events, so the work cannot be skipped.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use pulldown_cmark::{Options, Parser};

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .expect("readable folder")
            .map(|e| e.expect("folder entry").path())
            .collect();
        entries.sort();
        for e in entries {
            collect(&e, out);
        }
    } else if path.extension().is_some_and(|e| e == "md") {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut files = Vec::new();
    for arg in std::env::args_os().skip(1) {
        collect(Path::new(&arg), &mut files);
    }
    let next = AtomicUsize::new(0);
    let bytes = AtomicUsize::new(0);
    let events = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
                    let n = Parser::new_ext(&text, options).into_offset_iter().count();
                    bytes.fetch_add(text.len(), Ordering::Relaxed);
                    events.fetch_add(n, Ordering::Relaxed);
                }
            });
        }
    });
    println!(
        "{} files, {} bytes, {} events",
        files.len(),
        bytes.into_inner(),
        events.into_inner()
    );
}
