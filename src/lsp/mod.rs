//! The language server (`andon lsp`): a thin adapter that moves documents
//! in and diagnostics out; it never parses or judges by itself.
//!
//! Execution model. One task reads framed messages from stdin (a plain
//! thread, `transport.rs`) and hands each to the `tower-lsp-server`
//! service, whose handler futures are started in arrival order and run up
//! to four at a time, interleaving at every `.await`. So the rule is: a
//! notification that changes state (`didOpen`, `didChange`, `didClose`,
//! settings) does all of its mutation synchronously, under a plain
//! `std::sync::Mutex` held with no `.await` inside, before its first
//! `.await` — which makes changes apply strictly in arrival order. Each
//! mutation gives the document a new revision (a counter that only grows)
//! and, unless one is already waiting, queues an analysis: a task that on
//! the blocking pool (`spawn_blocking`, so a panic is contained as a
//! `JoinError`) copies the document as it is then, analyses that immutable
//! snapshot off the message loop, converts spans to positions in the
//! negotiated encoding, and then publishes under the publish lock only if
//! that revision is still the document's current one and not yet
//! published. So a burst of changes costs one or two analyses, an
//! overtaken analysis is dropped, each revision is published at most once,
//! always with the client's version, and never after a newer one. Requests
//! (`documentSymbol`, `foldingRange`) also run on the blocking pool, so a
//! panic in one becomes an error response and the server goes on.

mod convert;
mod documents;
mod server;
mod settings;
mod status;
mod transport;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::LspService;

pub use settings::base_settings_for;

/// Serves LSP over stdin/stdout until `exit` or the end of input. Exit
/// status 0 after `shutdown` then `exit`, 1 otherwise, as the protocol
/// asks.
pub fn run() -> ExitCode {
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Analyses coalesce per document, so a handful of threads is plenty;
        // the cap keeps memory flat when many documents change at once.
        .max_blocking_threads(8)
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
        let (service, socket) =
            LspService::new(move |client| server::Server::new(client, Arc::clone(&flag)));
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

/// Logs go to stderr (stdout is the protocol), filtered by `ANDON_LOG`
/// (`tracing` env-filter syntax), warnings and errors by default.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ANDON_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}
