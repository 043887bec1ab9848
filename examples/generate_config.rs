//! Writes the generated benchmark corpora (`benches/support/generate.rs`):
//!
//! - `cargo run --release --example generate_config -- 5000 > big.toml`:
//!   the N-table config on stdout (5,000 ≈ 3.7 MB, 200 ≈ 142 KB);
//! - `… -- small I > Cargo.toml`: small config number I on stdout;
//! - `… -- tree DIR COUNT`: COUNT small configs as
//!   `DIR/gNN/crate-I/Cargo.toml`, 100 per group directory.

use std::path::Path;

#[path = "../benches/support/generate.rs"]
mod generate;

fn number(arg: Option<String>, default: usize) -> usize {
    arg.and_then(|arg| arg.parse().ok()).unwrap_or(default)
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("small") => print!("{}", generate::small_config(number(args.next(), 0))),
        Some("tree") => {
            let dir = args.next().expect("tree DIR COUNT");
            let count = number(args.next(), 10_000);
            for index in 0..count {
                let crate_dir = Path::new(&dir)
                    .join(format!("g{:02}", index / 100))
                    .join(format!("crate-{index}"));
                std::fs::create_dir_all(&crate_dir)?;
                std::fs::write(crate_dir.join("Cargo.toml"), generate::small_config(index))?;
            }
        }
        tables => print!(
            "{}",
            generate::config(number(tables.map(str::to_owned), 200))
        ),
    }
    Ok(())
}
