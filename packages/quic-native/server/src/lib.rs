//! QUIC endpoint for one iggy-node shard, exposed as a small C ABI that the shard worker calls
//! through koffi. quinn (Debian's librust-quinn-dev) does the QUIC and TLS 1.3 work on one tokio
//! thread per endpoint; the shard's JavaScript only sees whole requests and writes whole responses.
//!
//! Framing follows Iggy 0.7's QUIC listener: one bidirectional stream per request, the client
//! writes `[length u32][code u32][payload]`, the server reads exactly `length - 4` payload bytes,
//! answers `[status][length][payload]` and finishes its side of the stream.
//!
//! Hand-off to JavaScript: events (connection opened, request, connection closed) go into a queue;
//! the first event queued after the queue was drained writes one byte to a pipe whose read end the
//! worker watches. The worker then drains the queue with `iqs_poll` + `iqs_take`.
//!
//! Memory bounds: quinn's connection receive window bounds unread bytes per connection; payload
//! bytes read out of quinn are charged to a per-endpoint semaphore (`inflight_bytes`) until the
//! response is handed back, so a flood of streams waits in quinn's window instead of in memory.

mod alpn;
mod certificate;
mod client;
mod events;
mod transport;

use events::{Event, EventQueue};
use quinn::{Connecting, Connection, Endpoint, RecvStream, SendStream, VarInt};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::runtime::Runtime;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// What the endpoint keeps for a request whose response JavaScript has not handed back yet.
struct PendingResponse {
    connection: u64,
    send: SendStream,
    /// Kept until the answer is written, as Iggy's sender does: dropping a receive stream whose
    /// FIN has not arrived yet would send STOP_SENDING to a client still finishing its side.
    _recv: RecvStream,
    _permit: Option<OwnedSemaphorePermit>,
}

struct Shared {
    events: EventQueue,
    pending: Mutex<HashMap<u64, PendingResponse>>,
    connections: Mutex<HashMap<u64, Connection>>,
    inflight: Arc<Semaphore>,
    max_request_bytes: u64,
    /// Connections allowed requests up to max_request_bytes (logged in); others get the
    /// unauthenticated bound, as the TCP core applies before login.
    raised_limits: Mutex<std::collections::HashSet<u64>>,
    unauthenticated_request_bytes: AtomicU64,
    next_connection_id: AtomicU64,
    next_request_id: AtomicU64,
}

pub struct QuicServer {
    runtime: Option<Runtime>,
    endpoint: Endpoint,
    shared: Arc<Shared>,
    local_port: u16,
    current: Option<Vec<u8>>,
}

/// Transport numbers in the order `iqs_start` receives them (see transport.rs).
pub use transport::PARAM_COUNT;

fn write_error(err_buf: *mut u8, err_cap: usize, message: &str) {
    if err_buf.is_null() || err_cap == 0 {
        return;
    }
    let bytes = message.as_bytes();
    let n = bytes.len().min(err_cap - 1);
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), err_buf, n);
        *err_buf.add(n) = 0;
    }
}

unsafe fn slice<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(ptr, len)
    }
}

/// Starts an endpoint on `socket_fd` (a bound UDP socket the endpoint takes over, e.g. one of the
/// coordinator's SO_REUSEPORT sockets) or, when `socket_fd` is negative, on a new socket bound to
/// `bind_addr` ("host:port"). Returns null and writes a NUL-terminated reason into `err_buf`.
#[no_mangle]
pub unsafe extern "C" fn iqs_start(
    bind_addr: *const u8,
    bind_addr_len: usize,
    socket_fd: i32,
    cert_pem: *const u8,
    cert_len: usize,
    key_pem: *const u8,
    key_len: usize,
    params: *const u64,
    params_len: usize,
    err_buf: *mut u8,
    err_cap: usize,
) -> *mut QuicServer {
    let result = (|| -> Result<QuicServer, String> {
        let close_fd = || {
            if socket_fd >= 0 {
                libc::close(socket_fd);
            }
        };
        let address = match std::str::from_utf8(slice(bind_addr, bind_addr_len)) {
            Ok(address) => address,
            Err(_) => {
                close_fd();
                return Err("address is not UTF-8".to_string());
            }
        };
        let address: SocketAddr = match address.parse() {
            Ok(address) => address,
            Err(e) => {
                close_fd();
                return Err(format!("invalid address {address}: {e}"));
            }
        };
        let params = match transport::TransportParams::from_slice_checked(params, params_len) {
            Ok(params) => params,
            Err(e) => {
                close_fd();
                return Err(e);
            }
        };
        // Taken over first, so that every failure below closes it (the caller never does).
        let socket = transport::udp_socket(address, socket_fd, &params)?;
        let (certs, key) = certificate::load_pem(slice(cert_pem, cert_len), slice(key_pem, key_len))?;
        // As quinn's with_single_cert (TLS 1.3 only, safe defaults), but accepting clients with and
        // without ALPN (see alpn.rs).
        let mut crypto = rustls::ServerConfig::builder()
            .with_safe_default_cipher_suites()
            .with_safe_default_kx_groups()
            .with_protocol_versions(&[&rustls::version::TLS13])
            .map_err(|e| format!("TLS configuration: {e}"))?
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .map_err(|e| format!("certificate rejected: {e}"))?;
        crypto.max_early_data_size = u32::MAX;
        let mut server_config = quinn::ServerConfig::with_crypto(Arc::new(alpn::AlpnEchoServerConfig::new(crypto)));
        server_config.transport_config(Arc::new(params.transport_config()?));

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("iggy-quic")
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the QUIC runtime: {e}"))?;
        let endpoint = {
            let _guard = runtime.enter();
            Endpoint::new(quinn::EndpointConfig::default(), Some(server_config), socket, quinn::TokioRuntime)
                .map_err(|e| format!("cannot open the QUIC endpoint on {address}: {e}"))?
        };
        let local_port = endpoint.local_addr().map(|a| a.port()).unwrap_or(0);
        let shared = Arc::new(Shared {
            events: EventQueue::new()?,
            pending: Mutex::new(HashMap::new()),
            connections: Mutex::new(HashMap::new()),
            inflight: Arc::new(Semaphore::new(params.inflight_bytes as usize)),
            max_request_bytes: params.max_request_bytes,
            raised_limits: Mutex::new(std::collections::HashSet::new()),
            unauthenticated_request_bytes: AtomicU64::new(params.max_request_bytes),
            next_connection_id: AtomicU64::new(1),
            next_request_id: AtomicU64::new(1),
        });
        runtime.spawn(accept_loop(endpoint.clone(), shared.clone()));
        Ok(QuicServer { runtime: Some(runtime), endpoint, shared, local_port, current: None })
    })();
    match result {
        Ok(server) => Box::into_raw(Box::new(server)),
        Err(message) => {
            write_error(err_buf, err_cap, &message);
            std::ptr::null_mut()
        }
    }
}

async fn accept_loop(endpoint: Endpoint, shared: Arc<Shared>) {
    while let Some(connecting) = endpoint.accept().await {
        tokio::spawn(serve_connection(connecting, shared.clone()));
    }
}

async fn serve_connection(connecting: Connecting, shared: Arc<Shared>) {
    let connection = match connecting.await {
        Ok(connection) => connection,
        Err(_) => return, // handshake failed: nothing was reported to the shard yet
    };
    let id = shared.next_connection_id.fetch_add(1, Ordering::Relaxed);
    shared.connections.lock().unwrap().insert(id, connection.clone());
    shared.events.push(Event::opened(id, connection.remote_address().to_string()));
    while let Ok((send, recv)) = connection.accept_bi().await {
        tokio::spawn(serve_stream(id, send, recv, shared.clone()));
    }
    shared.connections.lock().unwrap().remove(&id);
    shared.raised_limits.lock().unwrap().remove(&id);
    // Requests of this connection that the shard will no longer answer give their budget back.
    shared.pending.lock().unwrap().retain(|_, pending| pending.connection != id);
    shared.events.push(Event::closed(id));
}

async fn serve_stream(connection_id: u64, send: SendStream, mut recv: RecvStream, shared: Arc<Shared>) {
    let mut header = [0u8; 8];
    if recv.read_exact(&mut header).await.is_err() {
        return; // the stream ended before a whole header, as Iggy does: drop it (quinn finishes it)
    }
    let length = u32::from_le_bytes(header[0..4].try_into().unwrap()) as u64;
    let code = u32::from_le_bytes(header[4..8].try_into().unwrap());
    let request_id = shared.next_request_id.fetch_add(1, Ordering::Relaxed);
    let limit = if shared.raised_limits.lock().unwrap().contains(&connection_id) {
        shared.max_request_bytes
    } else {
        shared.unauthenticated_request_bytes.load(Ordering::Relaxed).min(shared.max_request_bytes)
    };
    if length < 4 || length - 4 > limit {
        // Iggy answers parse errors on the stream; the shard picks the error code.
        let _ = recv.stop(VarInt::from_u32(0));
        shared.pending.lock().unwrap().insert(request_id, PendingResponse { connection: connection_id, send, _recv: recv, _permit: None });
        shared.events.push(Event::rejected(connection_id, request_id, code, length));
        return;
    }
    let payload_len = (length - 4) as usize;
    let permit = match shared.inflight.clone().acquire_many_owned(payload_len.max(1) as u32).await {
        Ok(permit) => permit,
        Err(_) => return,
    };
    let mut payload = vec![0u8; payload_len];
    if payload_len > 0 && recv.read_exact(&mut payload).await.is_err() {
        return; // short stream: the client broke its own request, nothing to answer
    }
    shared.pending.lock().unwrap().insert(request_id, PendingResponse { connection: connection_id, send, _recv: recv, _permit: Some(permit) });
    if !shared.connections.lock().unwrap().contains_key(&connection_id) {
        // The connection closed while this request was being read: its clean-up has already run.
        shared.pending.lock().unwrap().remove(&request_id);
        return;
    }
    shared.events.push(Event::request(connection_id, request_id, code, payload));
}

unsafe fn server<'a>(handle: *mut QuicServer) -> Option<&'a mut QuicServer> {
    handle.as_mut()
}

/// The pipe end that becomes readable when events are waiting.
#[no_mangle]
pub unsafe extern "C" fn iqs_notify_fd(handle: *mut QuicServer) -> i32 {
    server(handle).map(|s| s.shared.events.read_fd()).unwrap_or(-1)
}

#[no_mangle]
pub unsafe extern "C" fn iqs_local_port(handle: *mut QuicServer) -> i32 {
    server(handle).map(|s| s.local_port as i32).unwrap_or(-1)
}

unsafe fn poll_into(events: &EventQueue, current: &mut Option<Vec<u8>>, header: *mut u64) -> i32 {
    match events.pop() {
        None => 0,
        Some(event) => {
            let fields = [event.kind as u64, event.connection, event.request, event.code as u64, event.length];
            std::ptr::copy_nonoverlapping(fields.as_ptr(), header, fields.len());
            *current = Some(event.bytes);
            event.kind as i32
        }
    }
}

unsafe fn take_into(current: &mut Option<Vec<u8>>, dst: *mut u8, cap: usize) -> i64 {
    let bytes = match current.take() { Some(value) => value, None => return 0 };
    let n = bytes.len().min(cap);
    if n > 0 {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), dst, n);
    }
    n as i64
}

/// Takes the next event. Writes `[kind, connection, request, code, length]` into `header` and keeps
/// its bytes for `iqs_take`. Returns the kind, or 0 when the queue is empty (which re-arms the pipe).
#[no_mangle]
pub unsafe extern "C" fn iqs_poll(handle: *mut QuicServer, header: *mut u64) -> i32 {
    let s = match server(handle) { Some(value) => value, None => return -1 };
    poll_into(&s.shared.events, &mut s.current, header)
}

/// Copies the bytes of the event last returned by `iqs_poll` into `dst` (at most `cap`).
#[no_mangle]
pub unsafe extern "C" fn iqs_take(handle: *mut QuicServer, dst: *mut u8, cap: usize) -> i64 {
    let s = match server(handle) { Some(value) => value, None => return -1 };
    take_into(&mut s.current, dst, cap)
}

/// Writes the whole response on the request's stream and finishes it. Returns 0, or -1 when the
/// request is unknown (its connection is gone).
#[no_mangle]
pub unsafe extern "C" fn iqs_respond(handle: *mut QuicServer, request_id: u64, data: *const u8, len: usize) -> i32 {
    let s = match server(handle) { Some(value) => value, None => return -1 };
    let pending = match s.shared.pending.lock().unwrap().remove(&request_id) { Some(value) => value, None => return -1 };
    let bytes = slice(data, len).to_vec();
    if let Some(runtime) = &s.runtime {
        runtime.spawn(async move {
            let PendingResponse { mut send, _permit, _recv, .. } = pending;
            drop(_permit); // the request payload is done with; the response is bounded by quinn's send window
            if send.write_all(&bytes).await.is_ok() {
                let _ = send.finish().await;
            }
            drop(_recv);
        });
    }
    0
}

/// Request payload bound for connections not (yet) raised with `iqs_raise_request_limit`.
#[no_mangle]
pub unsafe extern "C" fn iqs_set_unauthenticated_limit(handle: *mut QuicServer, max_payload_bytes: u64) -> i32 {
    let s = match server(handle) { Some(value) => value, None => return -1 };
    s.shared.unauthenticated_request_bytes.store(max_payload_bytes, Ordering::Relaxed);
    0
}

/// Lets a connection (now logged in) send requests up to the endpoint's max_request_bytes.
#[no_mangle]
pub unsafe extern "C" fn iqs_raise_request_limit(handle: *mut QuicServer, connection_id: u64) -> i32 {
    let s = match server(handle) { Some(value) => value, None => return -1 };
    if !s.shared.connections.lock().unwrap().contains_key(&connection_id) {
        return -1;
    }
    s.shared.raised_limits.lock().unwrap().insert(connection_id);
    0
}

/// Closes a connection with an application error code (the shard decided to drop the client).
#[no_mangle]
pub unsafe extern "C" fn iqs_close_connection(handle: *mut QuicServer, connection_id: u64, code: u32) -> i32 {
    let s = match server(handle) { Some(value) => value, None => return -1 };
    let _guard = s.runtime.as_ref().map(|r| r.enter());
    match s.shared.connections.lock().unwrap().get(&connection_id) {
        Some(connection) => {
            connection.close(VarInt::from_u32(code), b"closed by server");
            0
        }
        None => -1,
    }
}

/// Closes every connection, stops the endpoint thread and frees the handle.
#[no_mangle]
pub unsafe extern "C" fn iqs_stop(handle: *mut QuicServer) {
    if handle.is_null() {
        return;
    }
    let mut server = Box::from_raw(handle);
    {
        let _guard = server.runtime.as_ref().map(|r| r.enter());
        server.endpoint.close(VarInt::from_u32(0), b"server shutdown");
    }
    server.shared.pending.lock().unwrap().clear();
    if let Some(runtime) = server.runtime.take() {
        // Give the CONNECTION_CLOSE packets a moment to leave before the thread goes.
        runtime.block_on(async { tokio::time::sleep(Duration::from_millis(20)).await });
        runtime.shutdown_timeout(Duration::from_millis(200));
    }
    server.shared.events.close_write_end();
}

/// Client: starts connecting to `address` with TLS server name `server_name` (and one ALPN
/// protocol when `alpn` is not empty; the stock SDK offers none); the outcome arrives as an
/// OPENED or CLOSED event. Parameters as for `iqs_start` (max_request_bytes bounds a response).
#[no_mangle]
pub unsafe extern "C" fn iqc_connect(
    address: *const u8,
    address_len: usize,
    server_name: *const u8,
    server_name_len: usize,
    alpn: *const u8,
    alpn_len: usize,
    params: *const u64,
    params_len: usize,
    err_buf: *mut u8,
    err_cap: usize,
) -> *mut client::QuicClient {
    let result = (|| -> Result<client::QuicClient, String> {
        let address = std::str::from_utf8(slice(address, address_len)).map_err(|_| "address is not UTF-8".to_string())?;
        let address: SocketAddr = address.parse().map_err(|e| format!("invalid address {address}: {e}"))?;
        let server_name = std::str::from_utf8(slice(server_name, server_name_len)).map_err(|_| "server name is not UTF-8".to_string())?;
        let params = transport::TransportParams::from_slice_checked(params, params_len)?;
        client::connect(address, server_name, slice(alpn, alpn_len), &params)
    })();
    match result {
        Ok(client) => Box::into_raw(Box::new(client)),
        Err(message) => {
            write_error(err_buf, err_cap, &message);
            std::ptr::null_mut()
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn iqc_notify_fd(handle: *mut client::QuicClient) -> i32 {
    handle.as_ref().map(|c| c.events.read_fd()).unwrap_or(-1)
}

#[no_mangle]
pub unsafe extern "C" fn iqc_poll(handle: *mut client::QuicClient, header: *mut u64) -> i32 {
    let c = match handle.as_mut() { Some(value) => value, None => return -1 };
    poll_into(&c.events, &mut c.current, header)
}

#[no_mangle]
pub unsafe extern "C" fn iqc_take(handle: *mut client::QuicClient, dst: *mut u8, cap: usize) -> i64 {
    let c = match handle.as_mut() { Some(value) => value, None => return -1 };
    take_into(&mut c.current, dst, cap)
}

/// Client: sends `data` (a whole request frame, or anything) on a new stream. Returns 0, or -1
/// when not connected.
#[no_mangle]
pub unsafe extern "C" fn iqc_request(handle: *mut client::QuicClient, request_id: u64, data: *const u8, len: usize) -> i32 {
    let c = match handle.as_ref() { Some(value) => value, None => return -1 };
    if c.request(request_id, slice(data, len).to_vec()) { 0 } else { -1 }
}

/// Client: closes the connection and frees the handle.
#[no_mangle]
pub unsafe extern "C" fn iqc_close(handle: *mut client::QuicClient) {
    if handle.is_null() {
        return;
    }
    let mut c = Box::from_raw(handle);
    c.close();
}
