//! `speclint check`: the CI gate.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use speclint::baseline::{Baseline, Matcher};
use speclint::check::{Checker, FileReport};
use speclint::diagnostic::Severity;
use speclint::document::Document;
use speclint::model::Model;
use speclint::parallel;
use speclint::render::{self, Format, HumanOptions, ReportOptions};
use speclint::rules::Rule;
use speclint::workspace::{self, SpecFile};

use super::{
    LoadedModel, eprint_clean, file_size_limit, guard, load_at, model_dir, model_path,
    selected_rules, spec_paths, use_color,
};
use crate::cli::{FailOnArg, FormatArg, ModelArg, OutputFormatArg, ReportArgs, RuleSelection};

pub fn run(
    paths: &[PathBuf],
    model: &ModelArg,
    format: FormatArg,
    sel: &RuleSelection,
    exit_zero: bool,
    report: &ReportArgs,
    max_file_size: Option<u64>,
) -> Result<ExitCode> {
    let baseline = &report.baseline;
    // No model found (and none named): the rules that need none, on the
    // repository's spec folders.
    let model_file = match model_path(model) {
        Ok(file) => Some(file),
        Err(e) if model.model.is_none() && is_not_found(&e) => None,
        Err(e) => return Err(e),
    };
    let zero_config = model_file.is_none();
    // A monorepo's model (thousands of documents) takes as long to load as hundreds
    // of specs take to parse, and parsing needs no model: the specs named on the
    // command line are read and parsed while it loads. Which of them are checked,
    // and under which size limit, is settled once the model is in.
    let early_limit = max_file_size.unwrap_or(workspace::DEFAULT_MAX_FILE_SIZE);
    let (loaded, early) = match &model_file {
        None => (
            LoadedModel {
                model: Model::default(),
                dir: PathBuf::from("."),
            },
            None,
        ),
        Some(model_file) => {
            let dir = model_dir(model_file);
            let overlap = !paths.is_empty()
                && paths.iter().all(|p| p.exists())
                && std::fs::metadata(model_file).is_ok_and(|m| m.len() >= OVERLAP_MODEL_SIZE);
            let (loaded, early) = if overlap {
                std::thread::scope(|s| {
                    let loading = s.spawn(|| load_at(model_file));
                    let early = read_and_parse(paths, &dir, early_limit);
                    let loaded = loading
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    (loaded, Some(early))
                })
            } else {
                (load_at(model_file), None)
            };
            (loaded?, early)
        }
    };
    let limit = file_size_limit(max_file_size, &loaded.model);
    let mut rules = configured_rules(sel, &loaded.model)?;
    if zero_config {
        rules.retain(|r| !r.needs_model());
    }
    let checker = Checker::new(&loaded.model, rules.clone());
    let given = if zero_config {
        zero_config_paths(paths)?
    } else {
        spec_paths(paths, &loaded)?
    };
    if zero_config {
        eprint_clean(
            "note",
            "no speclint.yaml found: checked with the rules that need no model; `speclint init` drafts one that unlocks the model rules",
        );
    }
    let parsed = match early {
        Some(early) if limit == early_limit => early,
        _ => read_and_parse(&given, &loaded.dir, limit),
    };
    let mut failed: Vec<String> = parsed.walk_errors.iter().map(ToString::to_string).collect();
    let (files, docs): (Vec<SpecFile>, Vec<Result<Parsed, String>>) = parsed
        .files
        .into_iter()
        .zip(parsed.docs)
        .filter(|(f, _)| given.contains(&f.fs_path) || checker.settings.discovers(&f.model_path))
        .unzip();
    if files.is_empty() && failed.is_empty() {
        // Exit 0, as ruff does: an empty selection is not a finding, and a path
        // that does not exist already fails the run. The warning keeps a gate
        // pointed at the wrong folder from passing in silence.
        let shown: Vec<String> = given.iter().map(|p| p.display().to_string()).collect();
        eprint_clean(
            "warning",
            &format!(
                "no Markdown file to check in {}: nothing was checked",
                shown.join(", ")
            ),
        );
    }
    let mut work = Vec::with_capacity(docs.len());
    for (file, doc) in files.iter().zip(docs) {
        match doc {
            Ok(parsed) => {
                if let Some(warning) = parsed.warning {
                    eprint_clean("warning", &warning);
                }
                work.push((file, parsed.doc));
            }
            Err(message) => failed.push(message),
        }
    }
    let results: Vec<Result<FileReport, String>> =
        parallel::map_owned(work, |(file, doc)| check_parsed(&checker, file, doc));
    let mut reports = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(report) => reports.push(report),
            Err(message) => failed.push(message),
        }
    }
    super::checklist::prove(&checker, &loaded, &files, &mut reports);
    if let Some(report) = model_file
        .as_deref()
        .and_then(|file| model_report(&checker, file))
    {
        reports.insert(0, report);
    }
    checker.check_cross(&mut reports);
    if let Some(file) = &baseline.write_baseline {
        if failed.is_empty() {
            let written = write_baseline(file, &files, &reports)?;
            eprintln!(
                "speclint: wrote {written} finding(s) to {}; `check --baseline {}` reports only new ones",
                file.display(),
                file.display()
            );
        }
        for e in &failed {
            eprint_clean("error", e);
        }
        return Ok(if failed.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        });
    }
    if let Some(file) = &baseline.baseline {
        let report_stale = rules.contains(&Rule::StaleBaselineEntry);
        apply_baseline(file, &files, &mut reports, report_stale)?;
    }
    let format = match format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Github => Format::Github,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Junit => Format::Junit,
        FormatArg::JsonLines => Format::JsonLines,
    };
    let fail_on = match report.fail_on {
        Some(FailOnArg::Info) => Severity::Info,
        Some(FailOnArg::Warning) => Severity::Warning,
        Some(FailOnArg::Error) | None => Severity::Error,
    };
    let mut opts = ReportOptions::new(HumanOptions { color: use_color() });
    opts.concise = report.output_format == OutputFormatArg::Concise;
    opts.statistics = report.statistics;
    opts.quiet = report.quiet;
    opts.rules = rules;
    opts.fail_on = fail_on;
    if let Some(file) = &report.output {
        write_file(file, format, &reports, &opts)?;
    }
    let shown = if report.output.is_some() {
        Format::Human
    } else {
        format
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    render::write_report_with(shown, &reports, &opts, &mut out)?;
    out.flush()?;
    for e in &failed {
        eprint_clean("error", e);
    }
    let failing = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= fail_on);
    // Every document, finding and the model are freed with the process: dropping
    // them one by one is serial work after the output is out (on a large run, more
    // than the output takes to write).
    std::mem::forget(reports);
    std::mem::forget(checker);
    std::mem::forget(loaded);
    Ok(if !failed.is_empty() {
        ExitCode::from(2)
    } else if failing && !exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The model's own findings (M005, what is still undecided), located in the model
/// file; `None` when there are none.
fn model_report(checker: &Checker, model_file: &Path) -> Option<FileReport> {
    // It was read a moment ago to be loaded.
    let text = std::fs::read_to_string(model_file).ok()?;
    let display = match std::env::current_dir() {
        Ok(cwd) if model_file.is_absolute() => workspace::show_relative(model_file, &cwd),
        _ => model_file.display().to_string(),
    };
    let name = model_file
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    checker
        .check_model(&display, &name, text)
        .filter(|r| !r.diagnostics.is_empty())
}

/// The rules to run: the model's `lint.select`/`lint.ignore`, each replaced by
/// `--select`/`--ignore` when given.
pub fn configured_rules(sel: &RuleSelection, model: &Model) -> Result<Vec<Rule>> {
    // The model's lists were validated when it was loaded; only flags can be wrong here.
    let mut merged = sel.clone();
    if let Some(lint) = &model.lint {
        if merged.select.is_empty() {
            merged.select = lint.select.clone();
        }
        if merged.ignore.is_empty() {
            merged.ignore = lint.ignore.clone();
        }
    }
    selected_rules(&merged)
}

/// The path a baseline names a report's document by: relative to the model's
/// folder (the current folder without a model), whatever PATH named it.
fn baseline_paths<'a>(files: &'a [SpecFile], reports: &[FileReport]) -> Vec<&'a str> {
    let by_display: std::collections::HashMap<&str, &str> = files
        .iter()
        .map(|f| (f.display.as_str(), f.model_path.as_str()))
        .collect();
    reports
        .iter()
        .map(|r| by_display.get(r.path.as_str()).copied().unwrap_or_default())
        .collect()
}

/// `--write-baseline FILE`: every finding of the run, written whole or not at all.
fn write_baseline(file: &Path, files: &[SpecFile], reports: &[FileReport]) -> Result<usize> {
    let paths = baseline_paths(files, reports);
    let recorded = Baseline::record(reports.iter().zip(&paths).map(|(r, p)| {
        (
            if p.is_empty() { r.path.as_str() } else { *p },
            &r.doc,
            &r.diagnostics[..],
        )
    }));
    let tmp = file.with_extension("json.tmp");
    std::fs::write(&tmp, recorded.to_json())
        .and_then(|()| std::fs::rename(&tmp, file))
        .with_context(|| format!("cannot write {}", file.display()))?;
    Ok(recorded.entries.len())
}

/// `--baseline FILE`: drops the findings it holds; its entries that match nothing
/// become M006 findings of a report for the file itself.
fn apply_baseline(
    file: &Path,
    files: &[SpecFile],
    reports: &mut Vec<FileReport>,
    report_stale: bool,
) -> Result<()> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("cannot read the baseline {}", file.display()))?;
    let recorded =
        Baseline::parse(&text).with_context(|| format!("baseline {}", file.display()))?;
    let paths: Vec<String> = baseline_paths(files, reports)
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut matcher = Matcher::new(&recorded);
    for (report, path) in reports.iter_mut().zip(&paths) {
        let path = if path.is_empty() {
            report.path.as_str()
        } else {
            path
        };
        let found = std::mem::take(&mut report.diagnostics);
        report.diagnostics = matcher.filter(path, &report.doc, found);
    }
    let stale = matcher.stale(&text);
    if report_stale && !stale.is_empty() {
        let display = file.to_string_lossy().replace('\\', "/");
        reports.push(FileReport {
            path: display.strip_prefix("./").unwrap_or(&display).to_string(),
            doc: Document::parse(text),
            diagnostics: stale,
            facts: Default::default(),
        });
    }
    Ok(())
}

/// Whether `err` says that no model was found (rather than that one is invalid).
fn is_not_found(err: &anyhow::Error) -> bool {
    matches!(
        err.downcast_ref::<speclint::model::ModelError>(),
        Some(speclint::model::ModelError::NotFound { .. })
    )
}

/// What a check without a model reads: the PATHs given, else every spec folder of
/// the repository ([`find_spec_folders`]), else every Markdown file under the
/// current folder.
fn zero_config_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if !paths.is_empty() {
        for p in paths {
            if !p.exists() {
                anyhow::bail!("{}: no such file or folder", p.display());
            }
        }
        return Ok(paths.to_vec());
    }
    let root = Path::new(".");
    let folders = find_spec_folders(root);
    if !folders.is_empty() {
        return Ok(folders);
    }
    Ok(walk_unskipped(root)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("markdown"))
        })
        .map(|e| clean(e.path()))
        .collect())
}

/// Every folder named `specs` under `root`, at any depth, outside hidden folders,
/// `node_modules` and `target`; a spec folder's own subfolders are its content.
fn find_spec_folders(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut walk = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_dir() || entry.depth() == 0 {
            continue;
        }
        if skipped(&entry) {
            walk.skip_current_dir();
        } else if entry.file_name() == "specs" {
            found.push(clean(entry.path()));
            walk.skip_current_dir();
        }
    }
    found
}

/// The entries under `root`, without the folders [`skipped`] names.
fn walk_unskipped(root: &Path) -> impl Iterator<Item = walkdir::DirEntry> {
    walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skipped(e))
        .filter_map(std::result::Result::ok)
}

/// Hidden folders, dependencies and build output hold no specs of the project.
fn skipped(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    entry.file_type().is_dir()
        && (name.starts_with('.') || name == "node_modules" || name == "target")
}

/// `./a/specs` → `a/specs`, as output names it.
fn clean(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}

/// `--output FILE`: the report in `format`, written whole or not at all.
fn write_file(
    file: &Path,
    format: Format,
    reports: &[FileReport],
    opts: &ReportOptions,
) -> Result<()> {
    let mut buf = Vec::new();
    let mut file_opts = opts.clone();
    file_opts.human = HumanOptions { color: false };
    render::write_report_with(format, reports, &file_opts, &mut buf)?;
    std::fs::write(file, buf).with_context(|| format!("cannot write {}", file.display()))
}

/// Models this large are loaded beside the parse of the named specs; a smaller
/// one loads in less time than a thread takes to start.
const OVERLAP_MODEL_SIZE: u64 = 64 * 1024;

/// The specs under the given paths, each read and parsed (or why it could not be).
struct ParsedFiles {
    files: Vec<SpecFile>,
    walk_errors: Vec<workspace::ReadError>,
    /// One per file, in order.
    docs: Vec<Result<Parsed, String>>,
}

/// One spec, parsed, with the warning to print if it is checked.
struct Parsed {
    doc: Document,
    /// The file is not UTF-8: where, for stderr.
    warning: Option<String>,
}

/// Finds the `.md` files under `paths` and reads and parses each, on every core.
fn read_and_parse(paths: &[PathBuf], model_dir: &Path, limit: u64) -> ParsedFiles {
    let (files, walk_errors) = workspace::discover(paths, model_dir);
    let docs = parallel::map(&files, |f| read_file(f, limit));
    ParsedFiles {
        files,
        walk_errors,
        docs,
    }
}

fn read_file(file: &SpecFile, limit: u64) -> Result<Parsed, String> {
    let bytes =
        workspace::read_limited(&file.fs_path, &file.display, limit).map_err(|e| e.to_string())?;
    let (text, not_utf8) = workspace::decode(bytes);
    let warning = not_utf8.map(|at| format!("{}: {at}; checked as decoded text", file.display));
    guard(&file.display, || {
        speclint::fault::panic_point(&file.display);
        Parsed {
            doc: Document::parse(text),
            warning,
        }
    })
    .map_err(|e| e.to_string())
}

fn check_parsed(checker: &Checker, file: &SpecFile, doc: Document) -> Result<FileReport, String> {
    guard(&file.display, || {
        checker.check_parsed(&file.display, &file.model_path, doc)
    })
    .map_err(|e| e.to_string())
}
