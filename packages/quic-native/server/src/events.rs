//! Event queue between the endpoint thread and the shard's JavaScript thread, with a pipe that
//! wakes the JavaScript event loop once per batch of events (not once per event).

use std::collections::VecDeque;
use std::sync::Mutex;

pub const KIND_OPENED: u32 = 1;
pub const KIND_REQUEST: u32 = 2;
pub const KIND_CLOSED: u32 = 3;
/// A request whose declared length is below 4 or above the request limit; no payload was read.
pub const KIND_REJECTED: u32 = 4;
/// Client side: the whole response of one request.
pub const KIND_RESPONSE: u32 = 5;
/// Client side: a request whose stream failed; the bytes are the reason.
pub const KIND_FAILED: u32 = 6;

pub struct Event {
    pub kind: u32,
    pub connection: u64,
    pub request: u64,
    pub code: u32,
    pub length: u64,
    pub bytes: Vec<u8>,
}

impl Event {
    pub fn opened(connection: u64, peer: String) -> Self {
        let bytes = peer.into_bytes();
        Event { kind: KIND_OPENED, connection, request: 0, code: 0, length: bytes.len() as u64, bytes }
    }
    pub fn closed(connection: u64) -> Self {
        Event { kind: KIND_CLOSED, connection, request: 0, code: 0, length: 0, bytes: Vec::new() }
    }
    pub fn closed_because(connection: u64, reason: String) -> Self {
        let bytes = reason.into_bytes();
        Event { kind: KIND_CLOSED, connection, request: 0, code: 0, length: bytes.len() as u64, bytes }
    }
    pub fn response(request: u64, bytes: Vec<u8>) -> Self {
        Event { kind: KIND_RESPONSE, connection: 1, request, code: 0, length: bytes.len() as u64, bytes }
    }
    pub fn failed(request: u64, reason: String) -> Self {
        let bytes = reason.into_bytes();
        Event { kind: KIND_FAILED, connection: 1, request, code: 0, length: bytes.len() as u64, bytes }
    }
    pub fn request(connection: u64, request: u64, code: u32, payload: Vec<u8>) -> Self {
        Event { kind: KIND_REQUEST, connection, request, code, length: payload.len() as u64, bytes: payload }
    }
    pub fn rejected(connection: u64, request: u64, code: u32, declared_length: u64) -> Self {
        Event { kind: KIND_REJECTED, connection, request, code, length: declared_length, bytes: Vec::new() }
    }
}

struct Inner {
    queue: VecDeque<Event>,
    /// A wake-up byte is in the pipe and the reader has not yet found the queue empty.
    armed: bool,
}

pub struct EventQueue {
    inner: Mutex<Inner>,
    read_fd: i32,
    write_fd: Mutex<i32>,
}

impl EventQueue {
    pub fn new() -> Result<Self, String> {
        let mut fds = [0i32; 2];
        let rc = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) };
        if rc != 0 {
            return Err(format!("pipe2 failed: {}", std::io::Error::last_os_error()));
        }
        Ok(EventQueue {
            inner: Mutex::new(Inner { queue: VecDeque::new(), armed: false }),
            read_fd: fds[0],
            write_fd: Mutex::new(fds[1]),
        })
    }

    pub fn read_fd(&self) -> i32 {
        self.read_fd
    }

    pub fn push(&self, event: Event) {
        let wake = {
            let mut inner = self.inner.lock().unwrap();
            inner.queue.push_back(event);
            !std::mem::replace(&mut inner.armed, true)
        };
        if wake {
            let fd = *self.write_fd.lock().unwrap();
            if fd >= 0 {
                let byte = 1u8;
                // EAGAIN cannot matter: at most one byte is outstanding per drain.
                unsafe { libc::write(fd, &byte as *const u8 as *const libc::c_void, 1) };
            }
        }
    }

    /// Next event; when the queue is empty the next push wakes the reader again.
    pub fn pop(&self) -> Option<Event> {
        let mut inner = self.inner.lock().unwrap();
        let event = inner.queue.pop_front();
        if event.is_none() {
            inner.armed = false;
        }
        event
    }

    /// The read end belongs to the JavaScript side, which closes it.
    pub fn close_write_end(&self) {
        let mut fd = self.write_fd.lock().unwrap();
        if *fd >= 0 {
            unsafe { libc::close(*fd) };
            *fd = -1;
        }
    }
}
