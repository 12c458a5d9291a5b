//! The `[quic]` transport keys, in the order the shard passes them, and the UDP socket.

use quinn::{IdleTimeout, TransportConfig, VarInt};
use std::net::SocketAddr;
use std::time::Duration;

pub const PARAM_COUNT: usize = 12;

pub struct TransportParams {
    pub max_concurrent_bidi_streams: u64,
    pub datagram_send_buffer_size: u64,
    pub initial_mtu: u64,
    pub send_window: u64,
    pub receive_window: u64,
    pub keep_alive_interval_ms: u64,
    pub max_idle_timeout_ms: u64,
    pub socket_override_defaults: bool,
    pub socket_recv_buffer_size: u64,
    pub socket_send_buffer_size: u64,
    pub max_request_bytes: u64,
    pub inflight_bytes: u64,
}

impl TransportParams {
    pub unsafe fn from_slice_checked(params: *const u64, len: usize) -> Result<Self, String> {
        if params.is_null() || len != PARAM_COUNT {
            return Err(format!("expected {PARAM_COUNT} transport parameters, got {len}"));
        }
        Self::from_slice(std::slice::from_raw_parts(params, len))
    }

    pub fn from_slice(p: &[u64]) -> Result<Self, String> {
        let params = TransportParams {
            max_concurrent_bidi_streams: p[0],
            datagram_send_buffer_size: p[1],
            initial_mtu: p[2],
            send_window: p[3],
            receive_window: p[4],
            keep_alive_interval_ms: p[5],
            max_idle_timeout_ms: p[6],
            socket_override_defaults: p[7] != 0,
            socket_recv_buffer_size: p[8],
            socket_send_buffer_size: p[9],
            max_request_bytes: p[10],
            inflight_bytes: p[11],
        };
        if params.inflight_bytes < params.max_request_bytes || params.inflight_bytes > u32::MAX as u64 {
            return Err("inflight_bytes must be at least max_request_bytes and fit in 32 bits".into());
        }
        Ok(params)
    }

    pub fn transport_config(&self) -> Result<TransportConfig, String> {
        let mut transport = TransportConfig::default();
        transport.max_concurrent_bidi_streams(
            VarInt::try_from(self.max_concurrent_bidi_streams).map_err(|_| "quic.max_concurrent_bidi_streams is too large")?,
        );
        // Iggy's `initial_mtu`; quinn 0.9 calls it the initial UDP payload size (at least 1200).
        transport.initial_max_udp_payload_size(self.initial_mtu.clamp(1200, 65_527) as u16);
        transport.send_window(self.send_window);
        transport.receive_window(VarInt::try_from(self.receive_window).map_err(|_| "quic.receive_window is too large")?);
        transport.datagram_send_buffer_size(self.datagram_send_buffer_size as usize);
        if self.keep_alive_interval_ms > 0 {
            transport.keep_alive_interval(Some(Duration::from_millis(self.keep_alive_interval_ms)));
        }
        if self.max_idle_timeout_ms > 0 {
            let timeout = IdleTimeout::try_from(Duration::from_millis(self.max_idle_timeout_ms))
                .map_err(|_| "quic.max_idle_timeout is too large")?;
            transport.max_idle_timeout(Some(timeout));
        } else {
            transport.max_idle_timeout(None);
        }
        Ok(transport)
    }
}

/// The endpoint's UDP socket: the given fd (already bound, with SO_REUSEPORT, by the coordinator so
/// that every shard serves the same port and the kernel spreads connections by 4-tuple hash), or a
/// new socket bound to `address`.
pub fn udp_socket(address: SocketAddr, fd: i32, params: &TransportParams) -> Result<std::net::UdpSocket, String> {
    use socket2::{Domain, Protocol, Socket, Type};
    use std::os::unix::io::FromRawFd;
    let socket = if fd >= 0 {
        unsafe { Socket::from_raw_fd(fd) }
    } else {
        let domain = if address.is_ipv6() { Domain::IPV6 } else { Domain::IPV4 };
        let socket = Socket::new(domain, Type::DGRAM, Some(Protocol::UDP)).map_err(|e| format!("cannot create a UDP socket: {e}"))?;
        socket.bind(&address.into()).map_err(|e| format!("cannot bind UDP {address}: {e}"))?;
        socket
    };
    if params.socket_override_defaults {
        socket.set_recv_buffer_size(params.socket_recv_buffer_size as usize).map_err(|e| format!("SO_RCVBUF failed: {e}"))?;
        socket.set_send_buffer_size(params.socket_send_buffer_size as usize).map_err(|e| format!("SO_SNDBUF failed: {e}"))?;
    }
    socket.set_nonblocking(true).map_err(|e| format!("cannot make the UDP socket non-blocking: {e}"))?;
    Ok(socket.into())
}
