//! Andon: a TOML language server and checker.
//!
//! Layers, each depending only on those before it:
//! [`text`] → [`syntax`] → `analysis` → `ide` → `lsp`, and
//! `analysis` → `check`.
//! [`andon`] (the severity model) and `config` (settings) are leaves.
#![forbid(unsafe_code)]

pub mod analysis;
pub mod andon;
pub mod check;
pub mod cli;
pub mod config;
pub mod disk;
pub mod ide;
pub mod lsp;
pub mod syntax;
pub mod text;
