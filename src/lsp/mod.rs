//! The language server (`andon lsp`): a thin adapter that moves documents
//! in and diagnostics and answers out; it never parses or judges by
//! itself (`analysis` judges, `ide` answers).
//!
//! Execution model. A plain thread reads framed messages from stdin
//! (`transport.rs`) and the runtime hands each to the `tower-lsp-server`
//! service, whose handler futures are started in arrival order and run up
//! to four at a time, interleaving at every `.await`. So a notification
//! that changes state (`didOpen`, `didChange`, `didClose`, `didSave`,
//! settings, watched-file events) does all of its mutation synchronously,
//! under plain `std::sync::Mutex`es held with no `.await` inside, before
//! its first `.await`: changes apply strictly in arrival order. Each
//! mutation gives the document a new revision (a counter that only grows)
//! and, unless one is already waiting, queues an analysis. The analysis
//! runs off the message loop with `spawn_blocking` (one blocking thread,
//! FIFO; a panic there comes back as a `JoinError`): it takes the
//! document as it is when it starts, analyses that immutable snapshot
//! (`analyse.rs`: the syntax phase, then for a document with a `file:`
//! path the path phase, in the same call), converts spans to positions in
//! the negotiated encoding, and publishes — under the publish lock, with
//! the client's version — only if that revision is still the document's
//! current one and not yet published. So a burst of changes costs one or
//! two analyses, an overtaken analysis is dropped, and each revision is
//! published at most once, with all of its findings, never after a newer
//! one. Path findings are not published separately after the syntax
//! ones: with a warm cache the path phase costs map lookups only, and one
//! publish per revision keeps the editor from flickering between two
//! lists. When the world changes under an unchanged text (settings, an
//! `andon.toml`, a watched file), every open document gets a new revision
//! and is published again with the same client version.
//!
//! Requests. Every request about a document (`documentSymbol`,
//! `foldingRange`, `documentLink`, `definition`, `hover`, `completion`,
//! `codeAction`) is bound, before its first `.await`, to the document's
//! revision when it arrives, waits for the `ide::Analysis` of that revision
//! (the analysis hands it over when done, `documents.rs`), and answers
//! from it through `ide`: no request parses or analyses the document
//! again, and what a feature derives for the whole document (the outline,
//! the folds, the links) is computed once per revision. A request whose
//! text the client changed before its analysis was ready is answered
//! `ContentModified`. The work runs on the same blocking thread, so a
//! panic in one becomes an error response; a panic in a handler's own body
//! is caught by the transport and answered the same way.
//!
//! The file system. One `CachedFileSystem` over the disk serves the whole
//! session, so each distinct path is looked up once, on the blocking
//! thread, until a `workspace/didChangeWatchedFiles` event (or a save)
//! invalidates it; a keystroke that changes no path value touches no file.
//! Project settings (`andon.toml`) are cached per directory the same way.
//! File watchers are registered dynamically, scoped to what the open
//! documents reference (`watch.rs`).

mod actions;
mod analyse;
mod convert;
mod documents;
mod memory;
mod path_features;
mod server;
mod settings;
mod status;
mod transport;
mod watch;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::LspService;

/// Serves LSP over stdin/stdout until `exit` or the end of input. Exit
/// status 0 after `shutdown` then `exit`, 1 otherwise, as the protocol
/// asks.
pub fn run() -> ExitCode {
    init_logging();
    memory::fix_mmap_threshold();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // One thread runs all analyses and request work, in FIFO order.
        // Analyses coalesce per document, so the queue stays short; and
        // with glibc every extra thread keeps its own malloc arena holding
        // the peak of the last analysis it ran: measured on a 3.7 MB file,
        // peak RSS 187 MB with 2 to 8 threads, 121 MB with one.
        .max_blocking_threads(1)
        .thread_name("andon-lsp")
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("andon lsp: cannot start the runtime: {error}");
            return ExitCode::from(2);
        }
    };
    let shutdown_requested = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&shutdown_requested);
    runtime.block_on(async move {
        let builder =
            LspService::build(move |client| server::Server::new(client, Arc::clone(&flag)));
        let builder = if settings::test_hooks_enabled() {
            builder.custom_method(server::PARSE_COUNTS_METHOD, server::Server::parse_counts)
        } else {
            builder
        };
        let (service, socket) = builder.finish();
        transport::serve(service, socket).await;
    });
    // Analyses still running are abandoned, not awaited: the client has
    // gone, and the stdin thread may be blocked in a read forever.
    runtime.shutdown_background();
    if shutdown_requested.load(Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Logs go to stderr (stdout is the protocol), filtered by `ANDON_LOG`:
/// a level (`debug`) or per-target levels (`warn,andon=debug`), the
/// `Targets` syntax of `tracing-subscriber`; warnings and errors by
/// default. (`Targets`, not `EnvFilter`: the same syntax without span and
/// field filters, and without `EnvFilter`'s regex-based parser in the
/// binary.)
fn init_logging() {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;

    let filter = std::env::var("ANDON_LOG")
        .ok()
        .and_then(|value| value.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(LevelFilter::WARN));
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .finish()
        .with(filter)
        .try_init();
}
