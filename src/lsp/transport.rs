//! The wire: LSP base-protocol framing over stdin/stdout, and the loop that
//! feeds framed messages to the `tower-lsp-server` service.
//!
//! Why not `tower_lsp_server::Server`: its reader stops for good at the
//! first undecodable message (tokio-util's `FramedRead` ends the stream
//! after a decoder error), so one bad header or one non-JSON-RPC object
//! would end the session. Here framing and decoding never end the session:
//! a bad header block is skipped up to the next blank line, a body that is
//! not JSON is answered with a parse error (-32700, id `null`), and JSON
//! that is not a JSON-RPC message with an invalid-request error (-32600).
//!
//! Invariant kept from upstream, and relied on by `server.rs`: handler
//! futures are started (first polled) in arrival order, because they go
//! through one FIFO channel into one `buffer_unordered`. Blocking I/O runs
//! on two plain threads, so the runtime needs no I/O driver.

use std::io::{self, BufRead, Read, Write};
use std::panic::AssertUnwindSafe;
use std::sync::mpsc as std_mpsc;
use std::thread;

use futures::channel::mpsc;
use futures::{FutureExt, SinkExt, StreamExt, future, stream};
use serde::Serialize;
use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};
use tower_lsp_server::{ClientSocket, LspService};
use tower_service::Service;

/// How many handlers run at once, as upstream's `Server` does.
const MAX_CONCURRENCY: usize = 4;
/// Header lines are short; a longer one is garbage and is cut here.
const MAX_HEADER_LINE: usize = 8 * 1024;
/// A body above this is refused (and skipped) rather than buffered. It
/// leaves room for a 20 MB document escaped into JSON several times over.
const MAX_BODY_LEN: usize = 512 * 1024 * 1024;

/// One decoded unit from the client.
#[derive(Debug)]
pub enum Incoming {
    Request(Request),
    Response(Response),
    /// Not a message; answer it with this error and go on.
    Invalid(Response),
}

/// Reads one framed message. `Ok(None)` at the end of input (including a
/// body cut short by it); garbage becomes `Incoming::Invalid`, never `Err`.
pub fn read_message(reader: &mut impl BufRead) -> io::Result<Option<Incoming>> {
    let mut content_length: Option<usize> = None;
    let mut saw_header_line = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        if !read_header_line(reader, &mut line)? {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        // A wrong Content-Length leaves the rest of a body glued to the
        // next header; resynchronise on the header name, as upstream does.
        let text = match text.find("Content-Length") {
            Some(at) if at > 0 => {
                tracing::warn!("skipping {at} bytes of garbage before a header");
                &text[at..]
            }
            _ => text,
        };
        if text.is_empty() {
            if saw_header_line {
                break;
            }
            // Blank lines between messages are tolerated.
            continue;
        }
        saw_header_line = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(length) => content_length = Some(length),
                    Err(_) => tracing::warn!("ignoring bad Content-Length header {text:?}"),
                }
            }
            Some((name, _)) if name.trim().eq_ignore_ascii_case("content-type") => {}
            _ => tracing::warn!("ignoring malformed header line {text:?}"),
        }
    }
    let Some(length) = content_length else {
        tracing::warn!("header block without a usable Content-Length; skipped");
        return Ok(Some(parse_error()));
    };
    if length > MAX_BODY_LEN {
        tracing::warn!("message of {length} bytes is too large; skipped");
        let skipped = io::copy(&mut reader.take(length as u64), &mut io::sink())?;
        if (skipped as usize) < length {
            return Ok(None);
        }
        return Ok(Some(Incoming::Invalid(Response::from_error(
            Id::Null,
            Error::invalid_request(),
        ))));
    }
    let mut body = vec![0; length];
    if let Err(error) = reader.read_exact(&mut body) {
        return match error.kind() {
            io::ErrorKind::UnexpectedEof => Ok(None),
            _ => Err(error),
        };
    }
    Ok(Some(decode(&body)))
}

/// Reads one header line into `line`, keeping at most
/// [`MAX_HEADER_LINE`] bytes of it so that garbage without line breaks
/// cannot exhaust memory; false at the end of input.
fn read_header_line(reader: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<bool> {
    let mut any = false;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(any);
        }
        any = true;
        let (chunk, done) = match available.iter().position(|&byte| byte == b'\n') {
            Some(at) => (&available[..=at], true),
            None => (available, false),
        };
        let room = MAX_HEADER_LINE.saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = chunk.len();
        reader.consume(used);
        if done {
            return Ok(true);
        }
    }
}

/// Classifies a body. A response is tried first: upstream's `Request`
/// defaults a missing `method`, so it would also accept a response.
pub fn decode(body: &[u8]) -> Incoming {
    if let Ok(response) = serde_json::from_slice::<Response>(body) {
        return Incoming::Response(response);
    }
    if let Ok(request) = serde_json::from_slice::<Request>(body) {
        return Incoming::Request(request);
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Err(error) => {
            tracing::warn!("message body is not JSON: {error}");
            parse_error()
        }
        Ok(value) => {
            tracing::warn!("JSON that is not a JSON-RPC message; answered with InvalidRequest");
            let id = value
                .get("id")
                .and_then(|id| serde_json::from_value::<Id>(id.clone()).ok())
                .unwrap_or(Id::Null);
            Incoming::Invalid(Response::from_error(id, Error::invalid_request()))
        }
    }
}

fn parse_error() -> Incoming {
    Incoming::Invalid(Response::from_error(Id::Null, Error::parse_error()))
}

/// Frames one message the way the base protocol wants it.
pub fn write_message(writer: &mut impl Write, message: &impl Serialize) -> io::Result<()> {
    let body = serde_json::to_vec(message).map_err(io::Error::other)?;
    write!(writer, "Content-Length: {}\r\n\r\n", body.len())?;
    writer.write_all(&body)?;
    writer.flush()
}

/// Serves `service` over stdin/stdout until `exit` or the end of input.
pub async fn serve<S>(mut service: LspService<S>, socket: ClientSocket)
where
    S: tower_lsp_server::LanguageServer,
{
    let (incoming_tx, mut incoming_rx) = tokio::sync::mpsc::channel::<Incoming>(64);
    thread::Builder::new()
        .name("andon-stdin".into())
        .spawn(move || {
            let stdin = io::stdin();
            let mut reader = io::BufReader::with_capacity(64 * 1024, stdin.lock());
            loop {
                match read_message(&mut reader) {
                    Ok(Some(message)) => {
                        if incoming_tx.blocking_send(message).is_err() {
                            break;
                        }
                    }
                    Ok(None) => break,
                    Err(error) => {
                        tracing::error!("reading stdin failed: {error}");
                        break;
                    }
                }
            }
        })
        .expect("spawning the stdin thread");

    let (outgoing_tx, outgoing_rx) = std_mpsc::channel::<Outgoing>();
    let writer = thread::Builder::new()
        .name("andon-stdout".into())
        .spawn(move || {
            let stdout = io::stdout();
            let mut stdout = stdout.lock();
            for message in outgoing_rx {
                let written = match &message {
                    Outgoing::Response(response) => write_message(&mut stdout, response),
                    Outgoing::Request(request) => write_message(&mut stdout, request),
                };
                if let Err(error) = written {
                    tracing::error!("writing stdout failed: {error}");
                    break;
                }
            }
        })
        .expect("spawning the stdout thread");

    let (client_requests, mut client_responses) = socket.split();
    let (client_requests, abort_client_requests) = stream::abortable(client_requests);
    let (mut handlers_tx, handlers_rx) = mpsc::channel(100);

    let to_client = outgoing_tx.clone();
    let forward_client_requests = client_requests.for_each(move |request| {
        let _ = to_client.send(Outgoing::Request(request));
        future::ready(())
    });

    let to_client = outgoing_tx.clone();
    let run_handlers = handlers_rx.buffer_unordered(MAX_CONCURRENCY).for_each(
        move |response: Option<Response>| {
            if let Some(response) = response {
                let _ = to_client.send(Outgoing::Response(response));
            }
            future::ready(())
        },
    );

    let to_client = outgoing_tx;
    let read_input = async move {
        while let Some(message) = incoming_rx.recv().await {
            match message {
                Incoming::Request(request) => {
                    if future::poll_fn(|cx| service.poll_ready(cx)).await.is_err() {
                        break;
                    }
                    let will_exit = request.method() == "exit";
                    let id = request.id().cloned();
                    let method = request.method().to_owned();
                    let handler = contain_panics(id, method, service.call(request));
                    if handlers_tx.send(handler.boxed()).await.is_err() {
                        break;
                    }
                    if will_exit {
                        break;
                    }
                }
                Incoming::Response(response) => {
                    if client_responses.send(response).await.is_err() {
                        break;
                    }
                }
                Incoming::Invalid(error) => {
                    let _ = to_client.send(Outgoing::Response(error));
                }
            }
        }
        handlers_tx.disconnect();
        abort_client_requests.abort();
    };

    futures::join!(run_handlers, forward_client_requests, read_input);
    // Every sender is gone with the futures above, so the writer drains
    // what is queued (e.g. the `shutdown` answer) and stops.
    let _ = writer.join();
}

/// The last line of defence: handlers do risky work on the blocking pool,
/// but should one panic in its own body, the panic must not unwind through
/// the loop that runs every handler. A request gets an internal-error
/// answer; a notification is logged and dropped.
fn contain_panics<F>(
    id: Option<Id>,
    method: String,
    handler: F,
) -> impl Future<Output = Option<Response>> + Send + 'static
where
    F: Future<Output = Result<Option<Response>, tower_lsp_server::ExitedError>> + Send + 'static,
{
    AssertUnwindSafe(handler)
        .catch_unwind()
        .map(move |outcome| match outcome {
            Ok(result) => result.unwrap_or(None),
            Err(_) => {
                tracing::error!("handler for {method} panicked");
                id.map(|id| {
                    let mut error = Error::internal_error();
                    error.message =
                        format!("internal error in {method}; see the server log").into();
                    Response::from_error(id, error)
                })
            }
        })
}

enum Outgoing {
    Response(Response),
    Request(Request),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &[u8]) -> Vec<String> {
        let mut reader = io::BufReader::new(input);
        let mut out = Vec::new();
        while let Some(message) = read_message(&mut reader).unwrap() {
            out.push(match message {
                Incoming::Request(request) => format!("request {}", request.method()),
                Incoming::Response(response) => format!("response {}", response.id()),
                Incoming::Invalid(error) => {
                    format!("invalid {}", error.error().unwrap().code.code())
                }
            });
        }
        out
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn garbage_never_stops_the_reader() {
        let good = r#"{"jsonrpc":"2.0","method":"a"}"#;
        let input = [
            frame(good),
            format!("garbage line\r\n{}", frame(good)),
            "Content-Length: x\r\n\r\n".to_owned(),
            frame("{x}"),
            frame(r#"{"a": 1}"#),
            frame(r#"{"jsonrpc":"2.0","id":7,"result":1}"#),
            // Too short a length: the rest of the body is glued to the next
            // header, and the reader finds its way back.
            format!("Content-Length: 5\r\n\r\n{good}"),
            frame(good),
            format!("{}\r\n{}", "x".repeat(1 << 20), frame(good)),
            format!("Content-Length: 99\r\n\r\n{good}"),
        ]
        .concat();
        assert_eq!(
            read_all(input.as_bytes()),
            [
                "request a",
                "request a",
                "invalid -32700",
                "invalid -32700",
                "invalid -32600",
                "response 7",
                "invalid -32700",
                "request a",
                "request a",
            ]
        );
    }
}
