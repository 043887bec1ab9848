//! The LSP handlers: what each message does to the server's state, and the
//! analyse-then-publish pipeline behind every document revision.
//!
//! State is split by lock, not gathered in one object behind one lock:
//! documents and settings each sit behind a `std::sync::Mutex` held only
//! for synchronous work, and publishing is serialised by an async mutex so
//! that "still current?" and "send" happen as one step per document. See
//! the module doc of `lsp` for the execution model these rules give.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use tower_lsp_server::jsonrpc::{self, ErrorCode};
use tower_lsp_server::ls_types::{self as lsp, Uri};
use tower_lsp_server::{Client, LanguageServer};

use super::convert;
use super::documents::{DocumentStore, Schedule};
use super::settings::{ClientSettings, EditorSettings, base_settings_for};
use super::status::{AndonStatus, StatusTracker};
use crate::analysis::{self, folding, symbols};
use crate::andon::Board;
use crate::config::Settings;
use crate::syntax;
use crate::text::PositionEncoding;

/// The language server. Its state lives in [`Shared`] behind an `Arc`, so
/// analysis tasks can outlive the handler that started them.
pub struct Server {
    shared: Arc<Shared>,
}

struct Shared {
    client: Client,
    documents: Mutex<DocumentStore>,
    settings: Mutex<EditorSettings>,
    /// Negotiated once, in `initialize`; UTF-16 until then.
    encoding: OnceLock<PositionEncoding>,
    client_has_configuration: AtomicBool,
    client_registers_configuration: AtomicBool,
    /// Problems found in `initializationOptions`: the client may not be
    /// sent messages before `initialize` returns, so they wait for
    /// `initialized`.
    pending_warnings: Mutex<Vec<String>>,
    /// Counts `workspace/configuration` pulls; only the answer to the
    /// latest one is applied, whatever order the answers arrive in.
    configuration_pulls: AtomicU64,
    /// Held while deciding to publish and publishing, so that a superseded
    /// result can never be sent after the one that superseded it.
    publisher: tokio::sync::Mutex<StatusTracker>,
    shutdown_requested: Arc<AtomicBool>,
}

/// One revision's findings, converted and ready to send.
struct Analysed {
    uri: Uri,
    version: i32,
    revision: u64,
    diagnostics: Vec<lsp::Diagnostic>,
    board: Board,
}

/// A poisoned lock means a panic elsewhere while holding it; the data is
/// still consistent (every mutation under these locks is one call that
/// either happened or did not), so keep serving rather than cascade.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Server {
    pub fn new(client: Client, shutdown_requested: Arc<AtomicBool>) -> Self {
        Server {
            shared: Arc::new(Shared {
                client,
                documents: Mutex::default(),
                settings: Mutex::default(),
                encoding: OnceLock::new(),
                client_has_configuration: AtomicBool::new(false),
                client_registers_configuration: AtomicBool::new(false),
                pending_warnings: Mutex::default(),
                configuration_pulls: AtomicU64::new(0),
                publisher: tokio::sync::Mutex::default(),
                shutdown_requested,
            }),
        }
    }
}

impl Shared {
    fn encoding(&self) -> PositionEncoding {
        self.encoding
            .get()
            .copied()
            .unwrap_or(PositionEncoding::Utf16)
    }

    fn settings_for(&self, path: Option<&std::path::Path>) -> Settings {
        let editor = lock(&self.settings).effective();
        editor.apply_over(base_settings_for(path))
    }

    /// Starts an analysis of `uri` on the blocking pool; it analyses the
    /// document as it is when it starts and publishes the result if that
    /// is still current when done. Never awaits: handlers return while the
    /// work runs.
    fn start_analysis(self: &Arc<Self>, uri: Uri) {
        let shared = Arc::clone(self);
        tokio::spawn(async move {
            let worker = Arc::clone(&shared);
            let worker_uri = uri.clone();
            let result = tokio::task::spawn_blocking(move || worker.analyse(&worker_uri)).await;
            match result {
                Ok(Some(analysed)) => shared.publish(analysed).await,
                Ok(None) => tracing::trace!("{} closed before analysis", uri.as_str()),
                Err(error) => {
                    let message = format!("analysis of {} failed: {error}", uri.as_str());
                    tracing::error!("{message}");
                    shared
                        .client
                        .log_message(lsp::MessageType::ERROR, message)
                        .await;
                }
            }
        });
    }

    /// Runs on the blocking pool. `None` when the document was closed
    /// before the work started.
    fn analyse(&self, uri: &Uri) -> Option<Analysed> {
        let snapshot = lock(&self.documents).take_for_analysis(uri)?;
        let settings = self.settings_for(snapshot.path.as_deref());
        let encoding = self.encoding();
        let findings = analysis::analyse(snapshot.document.text(), &settings);
        let mut board = Board::default();
        for finding in &findings {
            board.add(finding.andon);
        }
        let diagnostics = findings
            .iter()
            .map(|finding| convert::diagnostic(&snapshot.document, uri, finding, encoding))
            .collect();
        Some(Analysed {
            uri: snapshot.uri,
            version: snapshot.version,
            revision: snapshot.revision,
            diagnostics,
            board,
        })
    }

    async fn publish(&self, analysed: Analysed) {
        let mut status = self.publisher.lock().await;
        let publishable = lock(&self.documents).mark_published(&analysed.uri, analysed.revision);
        if !publishable {
            tracing::trace!(
                "dropping superseded analysis of version {}",
                analysed.version
            );
            return;
        }
        let totals = status.update(&analysed.uri, analysed.board);
        self.client
            .publish_diagnostics(analysed.uri, analysed.diagnostics, Some(analysed.version))
            .await;
        if let Some(totals) = totals {
            self.client.send_notification::<AndonStatus>(totals).await;
        }
    }

    /// Replaces the workspace part of the settings; when that changes what
    /// documents are analysed with, analyses every open document again.
    fn set_workspace_settings(self: &Arc<Self>, workspace: ClientSettings) {
        let changed = {
            let mut settings = lock(&self.settings);
            let before = settings.effective();
            settings.workspace = workspace;
            settings.effective() != before
        };
        if changed {
            let to_start = lock(&self.documents).touch_all();
            for uri in to_start {
                self.start_analysis(uri);
            }
        }
    }

    /// Pulls the `andon` section with `workspace/configuration`. Runs in
    /// its own task: a handler must not wait on a client round trip.
    fn spawn_configuration_pull(self: &Arc<Self>) {
        let pull = self.configuration_pulls.fetch_add(1, Ordering::SeqCst) + 1;
        let shared = Arc::clone(self);
        tokio::spawn(async move {
            let item = lsp::ConfigurationItem {
                scope_uri: None,
                section: Some("andon".to_owned()),
            };
            match shared.client.configuration(vec![item]).await {
                Ok(values) => {
                    if shared.configuration_pulls.load(Ordering::SeqCst) != pull {
                        return; // a newer pull is on its way
                    }
                    let value = values.into_iter().next().unwrap_or_default();
                    shared.apply_workspace_settings(&value).await;
                }
                Err(error) => tracing::warn!("workspace/configuration failed: {error}"),
            }
        });
    }

    /// Reads and applies workspace settings, then tells the user about
    /// entries that were ignored. Applying comes before the first `.await`,
    /// so settings apply in the order they arrive.
    async fn apply_workspace_settings(self: &Arc<Self>, value: &serde_json::Value) {
        let (settings, problems) = ClientSettings::from_json(value);
        self.set_workspace_settings(settings);
        for problem in problems {
            self.warn(settings_problem(&problem)).await;
        }
    }

    async fn warn(&self, message: String) {
        tracing::warn!("{message}");
        self.client
            .log_message(lsp::MessageType::WARNING, message)
            .await;
    }

    /// Runs request work on the blocking pool, where a panic is contained
    /// as a `JoinError` and answered as an internal error.
    async fn run_request<T, F>(&self, method: &str, work: F) -> jsonrpc::Result<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        match tokio::task::spawn_blocking(work).await {
            Ok(value) => Ok(value),
            Err(error) => {
                let message = format!("{method} failed: {error}");
                tracing::error!("{message}");
                self.client
                    .log_message(lsp::MessageType::ERROR, &message)
                    .await;
                Err(jsonrpc::Error {
                    code: ErrorCode::InternalError,
                    message: message.into(),
                    data: None,
                })
            }
        }
    }
}

impl LanguageServer for Server {
    async fn initialize(
        &self,
        params: lsp::InitializeParams,
    ) -> jsonrpc::Result<lsp::InitializeResult> {
        let shared = &self.shared;
        let encoding = convert::negotiate_encoding(&params.capabilities);
        let _ = shared.encoding.set(encoding);
        let workspace = params.capabilities.workspace.as_ref();
        shared.client_has_configuration.store(
            workspace.and_then(|w| w.configuration).unwrap_or(false),
            Ordering::Relaxed,
        );
        shared.client_registers_configuration.store(
            workspace
                .and_then(|w| w.did_change_configuration.as_ref())
                .and_then(|c| c.dynamic_registration)
                .unwrap_or(false),
            Ordering::Relaxed,
        );
        if let Some(options) = &params.initialization_options {
            let (settings, problems) = ClientSettings::from_json(options);
            lock(&shared.settings).initialization = settings;
            lock(&shared.pending_warnings).extend(problems.iter().map(|p| settings_problem(p)));
        }
        Ok(lsp::InitializeResult {
            capabilities: lsp::ServerCapabilities {
                position_encoding: Some(convert::encoding_kind(encoding)),
                text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                    lsp::TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                        save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                        ..lsp::TextDocumentSyncOptions::default()
                    },
                )),
                document_symbol_provider: Some(lsp::OneOf::Left(true)),
                folding_range_provider: Some(lsp::FoldingRangeProviderCapability::Simple(true)),
                ..lsp::ServerCapabilities::default()
            },
            server_info: Some(lsp::ServerInfo {
                name: "andon".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            ..lsp::InitializeResult::default()
        })
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        let warnings = std::mem::take(&mut *lock(&self.shared.pending_warnings));
        for warning in warnings {
            self.shared.warn(warning).await;
        }
        let shared = Arc::clone(&self.shared);
        if shared
            .client_registers_configuration
            .load(Ordering::Relaxed)
        {
            tokio::spawn(async move {
                let registration = lsp::Registration {
                    id: "andon-did-change-configuration".to_owned(),
                    method: "workspace/didChangeConfiguration".to_owned(),
                    register_options: None,
                };
                if let Err(error) = shared.client.register_capability(vec![registration]).await {
                    tracing::warn!("registering for configuration changes failed: {error}");
                }
            });
        }
        if self.shared.client_has_configuration.load(Ordering::Relaxed) {
            self.shared.spawn_configuration_pull();
        }
    }

    async fn shutdown(&self) -> jsonrpc::Result<()> {
        self.shared.shutdown_requested.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let document = params.text_document;
        let uri = document.uri.clone();
        let schedule =
            lock(&self.shared.documents).open(document.uri, document.text, document.version);
        if schedule == Schedule::Start {
            self.shared.start_analysis(uri);
        }
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        // This handler never awaits: the change is applied before any later
        // message's handler starts.
        let encoding = self.shared.encoding();
        let uri = params.text_document.uri;
        let changes: Vec<_> = params
            .content_changes
            .into_iter()
            .map(convert::text_change)
            .collect();
        let schedule = lock(&self.shared.documents).change(
            &uri,
            &changes,
            params.text_document.version,
            encoding,
        );
        match schedule {
            Some(Schedule::Start) => self.shared.start_analysis(uri),
            Some(Schedule::AlreadyQueued) => {}
            None => tracing::warn!("didChange for {}, which is not open", uri.as_str()),
        }
    }

    async fn did_save(&self, _: lsp::DidSaveTextDocumentParams) {
        // The open document's text is already current; saving changes
        // nothing the analysis sees yet (path findings will care).
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if !lock(&self.shared.documents).close(&uri) {
            return;
        }
        let mut status = self.shared.publisher.lock().await;
        // Reopened while this waited: the new revision's analysis publishes.
        let reopened = lock(&self.shared.documents).is_open(&uri);
        if reopened {
            return;
        }
        let totals = status.remove(&uri);
        self.shared
            .client
            .publish_diagnostics(uri, Vec::new(), None)
            .await;
        if let Some(totals) = totals {
            self.shared
                .client
                .send_notification::<AndonStatus>(totals)
                .await;
        }
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        if self.shared.client_has_configuration.load(Ordering::Relaxed) {
            // Pull model: the notification only says "something changed".
            self.shared.spawn_configuration_pull();
        } else {
            self.shared.apply_workspace_settings(&params.settings).await;
        }
    }

    async fn document_symbol(
        &self,
        params: lsp::DocumentSymbolParams,
    ) -> jsonrpc::Result<Option<lsp::DocumentSymbolResponse>> {
        let Some(snapshot) = lock(&self.shared.documents).snapshot(&params.text_document.uri)
        else {
            return Ok(None);
        };
        let settings = self.shared.settings_for(snapshot.path.as_deref());
        let hooks = lock(&self.shared.settings).effective().test_hooks;
        let encoding = self.shared.encoding();
        self.shared
            .run_request("textDocument/documentSymbol", move || {
                if hooks.panic_on_document_symbol {
                    panic!("test hook: panicOnDocumentSymbol");
                }
                let text = snapshot.document.text();
                let tree = syntax::parse(text, settings.toml_version);
                let symbols = symbols::document_symbols(&tree, text);
                Some(lsp::DocumentSymbolResponse::Nested(
                    convert::document_symbols(&snapshot.document, &symbols, encoding),
                ))
            })
            .await
    }

    async fn folding_range(
        &self,
        params: lsp::FoldingRangeParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::FoldingRange>>> {
        let hooks = lock(&self.shared.settings).effective().test_hooks;
        if hooks.panic_on_folding_range {
            panic!("test hook: panicOnFoldingRange");
        }
        let Some(snapshot) = lock(&self.shared.documents).snapshot(&params.text_document.uri)
        else {
            return Ok(None);
        };
        let settings = self.shared.settings_for(snapshot.path.as_deref());
        let encoding = self.shared.encoding();
        self.shared
            .run_request("textDocument/foldingRange", move || {
                let text = snapshot.document.text();
                let tree = syntax::parse(text, settings.toml_version);
                let folds = folding::folding_ranges(&tree, text);
                Some(convert::folding_ranges(
                    &snapshot.document,
                    &folds,
                    encoding,
                ))
            })
            .await
    }
}

fn settings_problem(problem: &str) -> String {
    format!("andon settings: {problem}; ignored")
}
