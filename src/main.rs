//! The `andon` binary: hands the command line to [`andon::cli`].
fn main() {}
