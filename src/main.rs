#![forbid(unsafe_code)]
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["lsp"] | ["lsp", "--stdio"] => andon::lsp::run(),
        _ => {
            eprintln!("usage: andon lsp [--stdio]");
            ExitCode::from(2)
        }
    }
}
