//! Writes a generated benchmark config to stdout:
//! `cargo run --release --example generate_config -- 5000 > big.toml`.

#[path = "../benches/support/generate.rs"]
mod generate;

fn main() {
    let tables: usize = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(200);
    print!("{}", generate::config(tables));
}
