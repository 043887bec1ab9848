//! The `andon` executable: everything is in the library; this only hands
//! the process over to [`andon::cli::main`] so tests and benches can reach
//! the same code.
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    andon::cli::main()
}
