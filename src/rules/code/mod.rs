//! C: the code family. Code examples against the model's tokens and sections.

pub mod cors_wildcard_credentials;
pub mod libs;
pub mod missing_cors;
pub mod missing_verification_example;
pub mod python_syntax;
pub mod secret_env_mismatch;
pub mod transport_mismatch;
pub mod unpinned_algorithms;
pub mod verifier_creates_token;
