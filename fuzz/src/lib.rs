//! The fuzz targets' properties, one function per target. The same file is compiled
//! into the main package's `tests/fuzz_regressions.rs`, which replays every input
//! kept in `fuzz/regressions/<target>/` through these functions in the normal suite.

pub mod checks;
