//! Readers that pull structured facts out of the blocks of a Markdown spec.

pub mod diagram;
