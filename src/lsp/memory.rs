//! The allocator setting of the long-running server process.
//!
//! glibc raises its mmap threshold each time it frees a large block (up to
//! 32 MiB). After the first document is opened, the blocks of a few
//! megabytes that every analysis allocates — the document's text, its
//! syntax tree, its semantic nodes — come from the heap instead of their
//! own mappings, and when freed they stay in the process: measured with a
//! 3.7 MB document open and typed into, peak RSS 39.7 MB with the moving
//! threshold, 32.4 MB with a fixed one, which also keeps the resident size
//! from creeping up keystroke after keystroke. glibc takes a fixed
//! threshold from `MALLOC_MMAP_THRESHOLD_` only when a process starts, and
//! setting it later needs `mallopt` through FFI, which this crate forbids;
//! so the server starts itself once more with the variable set, in the
//! same process (`exec`: same pid, same stdin and stdout).

/// The threshold glibc starts with; setting it explicitly keeps it there.
const FIXED_MMAP_THRESHOLD: &str = "131072";
const VARIABLE: &str = "MALLOC_MMAP_THRESHOLD_";

/// Replaces this process with itself under a fixed mmap threshold, unless
/// one is already set (by an earlier start, or by the user). Returns only
/// when that is not needed or not possible; the server then runs as is.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn fix_mmap_threshold() {
    use std::os::unix::process::CommandExt;

    if std::env::var_os(VARIABLE).is_some() {
        return;
    }
    let Ok(executable) = std::env::current_exe() else {
        return;
    };
    let mut args = std::env::args_os();
    let mut command = std::process::Command::new(executable);
    if let Some(arg0) = args.next() {
        command.arg0(arg0);
    }
    let error = command
        .args(args)
        .env(VARIABLE, FIXED_MMAP_THRESHOLD)
        .exec();
    tracing::debug!("running with glibc's moving mmap threshold: {error}");
}

/// Other platforms' allocators have no moving threshold to fix.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn fix_mmap_threshold() {}
