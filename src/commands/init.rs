//! `speclint init`: placeholder until the drafting lands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

pub fn run(_paths: &[PathBuf], _output: &Path, _force: bool) -> Result<ExitCode> {
    anyhow::bail!("not yet")
}
