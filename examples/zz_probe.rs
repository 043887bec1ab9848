use andon::analysis::{analyse_file, Location, paths::{CachedFileSystem, VirtualFileSystem}};
use andon::config::Settings;
#[path = "../benches/support/generate.rs"]
mod generate;
fn main() {
    let source = generate::config(200);
    let fs = CachedFileSystem::new(VirtualFileSystem::new());
    let settings = Settings::default();
    let name = std::env::args().nth(1).unwrap();
    for _ in 0..5 { analyse_file(&source, &settings, Location { file: std::path::Path::new(&name), fs: &fs }); }
}
