//! The LSP handlers: what each message does to the server's state, and the
//! analyse-then-publish pipeline behind every document revision.
//!
//! State is split by lock, not gathered in one object behind one lock:
//! documents, editor settings, project settings and watch sets each sit
//! behind a `std::sync::Mutex` held only for synchronous work; publishing
//! is serialised by an async mutex so that "still current?" and "send"
//! happen as one step per document, and watcher registrations by another
//! so that they replace each other in order. See the module doc of `lsp`
//! for the execution model these rules give.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use tower_lsp_server::jsonrpc::{self, ErrorCode};
use tower_lsp_server::ls_types::{self as lsp, Uri};
use tower_lsp_server::{Client, LanguageServer};

use super::actions::{self, EditCapabilities};
use super::analyse::analyse_snapshot;
use super::convert;
use super::documents::{Bound, DocumentStore, Schedule, file_path};
use super::path_features;
use super::settings::{ClientSettings, EditorSettings, ProjectSettings, is_settings_file};
use super::status::{AndonStatus, StatusTracker};
use super::watch::{Watch, WatchSets, watchers};
use crate::analysis::{self, paths::CachedFileSystem};
use crate::andon::Board;
use crate::config::Settings;
use crate::disk::DiskFileSystem;
use crate::ide::code_actions::ActionRequest;
use crate::ide::completion::Completion;
use crate::ide::{self, Analysis};
use crate::text::{Position, PositionEncoding, Span};

/// Above this many changes in one watcher notification the cache is
/// cleared rather than invalidated path by path (a branch switch, say).
const MANY_FILE_CHANGES: usize = 100;

/// LSP's `ContentModified`: the answer would be for a text the client no
/// longer has.
const CONTENT_MODIFIED: i64 = -32801;

/// A request that exists only under test hooks: how many parses the
/// process has run, so a test can prove requests never parse.
pub const PARSE_COUNTS_METHOD: &str = "andon/test/parseCounts";

/// The language server. Its state lives in [`Shared`] behind an `Arc`, so
/// analysis tasks can outlive the handler that started them.
pub struct Server {
    shared: Arc<Shared>,
}

struct Shared {
    client: Client,
    documents: Mutex<DocumentStore>,
    settings: Mutex<EditorSettings>,
    /// The `andon.toml` layers, per directory; cleared when one changes.
    project: Mutex<ProjectSettings>,
    /// One cache for the whole session: each distinct path is looked up
    /// once until a watcher (or a save) says it changed.
    fs: CachedFileSystem<DiskFileSystem>,
    /// What the client's workspace edits can do (file creation), from
    /// `initialize`.
    edit_capabilities: OnceLock<EditCapabilities>,
    /// What each open document's findings depend on.
    watch_sets: Mutex<WatchSets>,
    /// The registered watchers; held across the register and unregister
    /// round trips so registrations replace each other in order.
    registration: tokio::sync::Mutex<Registration>,
    client_registers_watchers: AtomicBool,
    client_has_relative_patterns: AtomicBool,
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
    watches: std::collections::BTreeSet<Watch>,
}

/// The watcher registration the client holds, if any.
#[derive(Default)]
struct Registration {
    id: Option<String>,
    watches: std::collections::BTreeSet<Watch>,
    /// Registration ids are never reused within a session.
    next_id: u64,
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
                project: Mutex::default(),
                fs: DiskFileSystem::cached(),
                edit_capabilities: OnceLock::new(),
                watch_sets: Mutex::default(),
                registration: tokio::sync::Mutex::default(),
                client_registers_watchers: AtomicBool::new(false),
                client_has_relative_patterns: AtomicBool::new(false),
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

impl Server {
    /// [`PARSE_COUNTS_METHOD`]. Waits for nothing: the caller waits for
    /// the publishes it expects before asking.
    pub async fn parse_counts(&self) -> jsonrpc::Result<serde_json::Value> {
        let counts = analysis::parse_counts();
        Ok(serde_json::json!({ "whole": counts.whole, "reparses": counts.reparses }))
    }
}

impl Shared {
    fn encoding(&self) -> PositionEncoding {
        self.encoding
            .get()
            .copied()
            .unwrap_or(PositionEncoding::Utf16)
    }

    /// The settings a document at `path` is analysed with. Reads settings
    /// files on the first call for a directory, so it runs on the blocking
    /// pool, never in a handler's body.
    fn settings_for(&self, path: Option<&std::path::Path>) -> Settings {
        let base = lock(&self.project).base_settings_for(path);
        let editor = lock(&self.settings).effective();
        editor.apply_over(base)
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
    /// before the work started. The revision's analysis goes to the
    /// requests waiting for it even when a newer change has already
    /// superseded it for publishing; a panic is handed to them as a
    /// failure, then goes on to the caller.
    fn analyse(&self, uri: &Uri) -> Option<Analysed> {
        let snapshot = lock(&self.documents).take_for_analysis(uri)?;
        let settings = self.settings_for(snapshot.path.as_deref());
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            analyse_snapshot(
                &snapshot.document,
                uri,
                snapshot.path.as_deref(),
                &settings,
                &self.fs,
                self.encoding(),
                (&mut lock(&snapshot.previous_parse), snapshot.lineage),
            )
        }));
        let result = match outcome {
            Ok(result) => {
                let analysis = Some(Arc::clone(&result.analysis));
                lock(&self.documents).set_analysis(&snapshot, analysis);
                result
            }
            Err(panic) => {
                lock(&self.documents).set_analysis(&snapshot, None);
                std::panic::resume_unwind(panic)
            }
        };
        Some(Analysed {
            uri: snapshot.uri,
            version: snapshot.version,
            revision: snapshot.revision,
            diagnostics: result.diagnostics,
            board: result.board,
            watches: result.watches,
        })
    }

    async fn publish(self: &Arc<Self>, analysed: Analysed) {
        let mut status = self.publisher.lock().await;
        let (publishable, watches_changed) = {
            // The watch set is recorded under the documents lock (always
            // taken first), so a close on another worker thread cannot
            // slip between "still open" and "record what it watches".
            let mut documents = lock(&self.documents);
            let publishable = documents.mark_published(&analysed.uri, analysed.revision);
            let changed =
                publishable && lock(&self.watch_sets).set(&analysed.uri, analysed.watches);
            (publishable, changed)
        };
        if !publishable {
            tracing::trace!(
                "dropping superseded analysis of version {}",
                analysed.version
            );
            return;
        }
        if watches_changed {
            self.spawn_watcher_sync();
        }
        let totals = status.update(&analysed.uri, analysed.board);
        self.client
            .publish_diagnostics(analysed.uri, analysed.diagnostics, Some(analysed.version))
            .await;
        if let Some(totals) = totals {
            self.client.send_notification::<AndonStatus>(totals).await;
        }
    }

    /// Analyses every open document again: what they depend on changed.
    fn reanalyse_all(self: &Arc<Self>) {
        let to_start = lock(&self.documents).touch_all();
        for uri in to_start {
            self.start_analysis(uri);
        }
    }

    /// Brings the client's watcher registration in line with what the
    /// open documents depend on now. Runs in its own task; tasks queue on
    /// the registration lock, and each one registers whatever is wanted
    /// when its turn comes, so they converge on the latest set.
    fn spawn_watcher_sync(self: &Arc<Self>) {
        if !self.client_registers_watchers.load(Ordering::Relaxed) {
            return;
        }
        let shared = Arc::clone(self);
        tokio::spawn(async move {
            let mut registration = shared.registration.lock().await;
            let wanted = lock(&shared.watch_sets).wanted();
            if registration.id.is_some() && registration.watches == wanted {
                return;
            }
            registration.next_id += 1;
            let id = format!("andon-watched-files-{}", registration.next_id);
            let relative = shared.client_has_relative_patterns.load(Ordering::Relaxed);
            let options = lsp::DidChangeWatchedFilesRegistrationOptions {
                watchers: watchers(&wanted, relative),
            };
            let register = lsp::Registration {
                id: id.clone(),
                method: "workspace/didChangeWatchedFiles".to_owned(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(error) = shared.client.register_capability(vec![register]).await {
                tracing::warn!("registering file watchers failed: {error}");
                return;
            }
            let previous = registration.id.replace(id);
            registration.watches = wanted;
            if let Some(previous) = previous {
                let unregister = lsp::Unregistration {
                    id: previous,
                    method: "workspace/didChangeWatchedFiles".to_owned(),
                };
                if let Err(error) = shared.client.unregister_capability(vec![unregister]).await {
                    tracing::warn!("unregistering old file watchers failed: {error}");
                }
            }
        });
    }

    /// Runs request work on the analysis of the document's revision when
    /// the request arrived, on the blocking pool. Binding happens before
    /// the first `.await`, so a request sees every change that came before
    /// it and none after; `None` for a document that is not open.
    async fn with_analysis<T, F>(
        self: &Arc<Self>,
        method: &str,
        uri: &Uri,
        work: F,
    ) -> jsonrpc::Result<Option<T>>
    where
        F: FnOnce(&Shared, &Analysis, PositionEncoding) -> Option<T> + Send + 'static,
        T: Send + 'static,
    {
        let Some(binding) = lock(&self.documents).bind(uri) else {
            return Ok(None);
        };
        let analysis = match binding.analysis().await {
            Bound::Ready(analysis) => analysis,
            Bound::Closed => return Ok(None),
            Bound::ContentModified => {
                return Err(jsonrpc::Error {
                    code: ErrorCode::ServerError(CONTENT_MODIFIED),
                    message: format!("{method}: the document changed").into(),
                    data: None,
                });
            }
            Bound::Failed => {
                return Err(jsonrpc::Error {
                    code: ErrorCode::InternalError,
                    message: format!("{method}: the analysis of this revision failed").into(),
                    data: None,
                });
            }
        };
        let shared = Arc::clone(self);
        let encoding = self.encoding();
        self.run_request(method, move || work(&shared, &analysis, encoding))
            .await
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
            self.reanalyse_all();
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
        let _ = shared
            .edit_capabilities
            .set(EditCapabilities::from_client(&params.capabilities));
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
        let watched_files = workspace.and_then(|w| w.did_change_watched_files.as_ref());
        shared.client_registers_watchers.store(
            watched_files
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            Ordering::Relaxed,
        );
        shared.client_has_relative_patterns.store(
            watched_files
                .and_then(|w| w.relative_pattern_support)
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
                document_link_provider: Some(lsp::DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
                }),
                definition_provider: Some(lsp::OneOf::Left(true)),
                hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
                code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
                    lsp::CodeActionOptions {
                        code_action_kinds: Some(vec![
                            lsp::CodeActionKind::QUICKFIX,
                            actions::fix_all_kind(),
                        ]),
                        resolve_provider: Some(false),
                        ..lsp::CodeActionOptions::default()
                    },
                )),
                completion_provider: Some(lsp::CompletionOptions {
                    // Path segments after `/` and an opening quote; keys after a dot
                    // and table names after `[`.
                    trigger_characters: Some(["/", "\"", "'", ".", "["].map(String::from).to_vec()),
                    ..lsp::CompletionOptions::default()
                }),
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

    async fn did_save(&self, params: lsp::DidSaveTextDocumentParams) {
        // The open document's text is already current, but the file on
        // disk changed: other documents may point at it, and an
        // `andon.toml` changes the settings of every document below it.
        let Some(path) = file_path(&params.text_document.uri) else {
            return;
        };
        self.shared.fs.invalidate(&path);
        if is_settings_file(&path) {
            lock(&self.shared.project).clear();
            self.shared.reanalyse_all();
        } else if !self
            .shared
            .client_registers_watchers
            .load(Ordering::Relaxed)
        {
            // Without file watchers nothing reports files that appear or
            // vanish; a save is the moment the user expects paths to be
            // checked again, so the cache starts over.
            self.shared.fs.clear();
            self.shared.reanalyse_all();
        }
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        // Synchronous, like every state change: invalidate, then analyse
        // again, so the analyses see the new state of the disk.
        let shared = &self.shared;
        let paths: Vec<_> = params
            .changes
            .iter()
            .filter_map(|change| file_path(&change.uri))
            .collect();
        if paths.is_empty() {
            return;
        }
        if paths.len() > MANY_FILE_CHANGES {
            shared.fs.clear();
        } else {
            for path in &paths {
                shared.fs.invalidate(path);
            }
        }
        if paths.iter().any(|path| is_settings_file(path)) {
            lock(&shared.project).clear();
        }
        shared.reanalyse_all();
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let watches_changed = {
            let mut documents = lock(&self.shared.documents);
            if !documents.close(&uri) {
                return;
            }
            lock(&self.shared.watch_sets).remove(&uri)
        };
        if watches_changed {
            self.shared.spawn_watcher_sync();
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
        let hooks = lock(&self.shared.settings).effective().test_hooks;
        self.shared
            .with_analysis(
                "textDocument/documentSymbol",
                &params.text_document.uri,
                move |_, analysis, encoding| {
                    if hooks.panic_on_document_symbol {
                        panic!("test hook: panicOnDocumentSymbol");
                    }
                    let outline = ide::outline::outline(analysis);
                    Some(lsp::DocumentSymbolResponse::Nested(
                        convert::document_symbols(analysis.document(), &outline.symbols, encoding),
                    ))
                },
            )
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
        self.shared
            .with_analysis(
                "textDocument/foldingRange",
                &params.text_document.uri,
                |_, analysis, encoding| {
                    let folds = ide::folding::folds(analysis);
                    Some(convert::folding_ranges(
                        analysis.document(),
                        &folds.folds,
                        encoding,
                    ))
                },
            )
            .await
    }

    async fn document_link(
        &self,
        params: lsp::DocumentLinkParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::DocumentLink>>> {
        self.shared
            .with_analysis(
                "textDocument/documentLink",
                &params.text_document.uri,
                |shared, analysis, encoding| {
                    // An unsaved buffer has no folder for paths to lead from.
                    analysis.file()?;
                    let links = ide::paths::links(analysis, &shared.fs);
                    Some(path_features::document_links(
                        analysis.document(),
                        &links.links,
                        encoding,
                    ))
                },
            )
            .await
    }

    async fn goto_definition(
        &self,
        params: lsp::GotoDefinitionParams,
    ) -> jsonrpc::Result<Option<lsp::GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        self.shared
            .with_analysis(
                "textDocument/definition",
                &at.text_document.uri,
                move |shared, analysis, encoding| {
                    let offset = offset_of(analysis, at.position, encoding);
                    path_features::definition(&ide::paths::definition(analysis, offset, &shared.fs))
                },
            )
            .await
    }

    async fn code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> jsonrpc::Result<Option<lsp::CodeActionResponse>> {
        let capabilities = self
            .shared
            .edit_capabilities
            .get()
            .copied()
            .unwrap_or_default();
        let uri = params.text_document.uri.clone();
        self.shared
            .with_analysis(
                "textDocument/codeAction",
                &params.text_document.uri,
                move |_, analysis, encoding| {
                    let start = offset_of(analysis, params.range.start, encoding);
                    let end = offset_of(analysis, params.range.end, encoding);
                    let (quick_fixes, fix_all) =
                        actions::wanted_kinds(params.context.only.as_deref());
                    let request = ActionRequest {
                        range: Span::new(start.min(end), start.max(end)),
                        quick_fixes,
                        fix_all,
                        create_files: capabilities.create_files,
                    };
                    let found = ide::code_actions::code_actions(analysis, request);
                    Some(actions::code_actions(analysis, &uri, found, encoding))
                },
            )
            .await
    }

    async fn hover(&self, params: lsp::HoverParams) -> jsonrpc::Result<Option<lsp::Hover>> {
        let at = params.text_document_position_params;
        self.shared
            .with_analysis(
                "textDocument/hover",
                &at.text_document.uri,
                move |shared, analysis, encoding| {
                    let offset = offset_of(analysis, at.position, encoding);
                    let hover = ide::hover::hover(analysis, offset, &shared.fs)?;
                    Some(convert::hover(analysis.document(), hover, encoding))
                },
            )
            .await
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> jsonrpc::Result<Option<lsp::CompletionResponse>> {
        let at = params.text_document_position;
        self.shared
            .with_analysis(
                "textDocument/completion",
                &at.text_document.uri,
                move |shared, analysis, encoding| {
                    let offset = offset_of(analysis, at.position, encoding);
                    let document = analysis.document();
                    Some(
                        match ide::completion::completion(analysis, offset, shared.fs.inner())? {
                            Completion::Keys(keys) => {
                                convert::key_completion(document, &keys, encoding)
                            }
                            Completion::Paths(paths) => {
                                path_features::completion(document, paths, encoding)
                            }
                        },
                    )
                },
            )
            .await
    }
}

/// The byte offset of a client position in the revision's text, clamped.
fn offset_of(analysis: &Analysis, position: lsp::Position, encoding: PositionEncoding) -> usize {
    analysis
        .document()
        .offset(Position::new(position.line, position.character), encoding)
}

fn settings_problem(problem: &str) -> String {
    format!("andon settings: {problem}; ignored")
}
