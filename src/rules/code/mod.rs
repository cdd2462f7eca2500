//! C: the code family. Code examples against the model's tokens and sections.

pub mod missing_cors;
pub mod missing_verification_example;
