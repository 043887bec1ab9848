//! Command line (placeholder)
