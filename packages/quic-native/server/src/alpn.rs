//! Accepts QUIC clients that offer no ALPN (the stock Iggy SDK) *and* clients that offer one.
//! rustls refuses a QUIC ClientHello whose ALPN cannot be matched in both directions: a server
//! with no ALPN list refuses a client that offers one, and a server with a list refuses a client
//! that offers none (alert 120). So the session waits for the ClientHello, reads the offered
//! protocols, and only then starts the real rustls session: with no ALPN list for a client that
//! offered none, or with the client's first protocol echoed back.

use quinn_proto::crypto::{
    self, ExportKeyingMaterialError, HeaderKey, KeyPair, Keys, PacketKey, UnsupportedVersion,
};
use quinn_proto::transport_parameters::TransportParameters;
use quinn_proto::{ConnectionId, Side, TransportError};
use std::any::Any;
use std::sync::Arc;

/// TLS handshake message type of a ClientHello; extension type of ALPN (RFC 7301).
const CLIENT_HELLO: u8 = 1;
const EXTENSION_ALPN: u16 = 16;
/// A ClientHello larger than this is not waited for (rustls then reports the error itself).
const CLIENT_HELLO_BYTES_MAX: usize = 64 * 1024;

pub struct AlpnEchoServerConfig {
    /// No ALPN list: the configuration for clients that offer none.
    plain: Arc<rustls::ServerConfig>,
}

impl AlpnEchoServerConfig {
    pub fn new(plain: rustls::ServerConfig) -> Self {
        AlpnEchoServerConfig { plain: Arc::new(plain) }
    }
}

impl crypto::ServerConfig for AlpnEchoServerConfig {
    fn initial_keys(&self, version: u32, dst_cid: &ConnectionId, side: Side) -> Result<Keys, UnsupportedVersion> {
        self.plain.initial_keys(version, dst_cid, side)
    }

    fn retry_tag(&self, version: u32, orig_dst_cid: &ConnectionId, packet: &[u8]) -> [u8; 16] {
        self.plain.retry_tag(version, orig_dst_cid, packet)
    }

    fn start_session(self: Arc<Self>, version: u32, params: &TransportParameters) -> Box<dyn crypto::Session> {
        let inner = self.plain.clone().start_session(version, params);
        Box::new(AlpnEchoSession { config: self, version, params: *params, inner, pending: Some(Vec::new()) })
    }
}

struct AlpnEchoSession {
    config: Arc<AlpnEchoServerConfig>,
    version: u32,
    params: TransportParameters,
    inner: Box<dyn crypto::Session>,
    /// Initial CRYPTO bytes held until the ClientHello is complete; None once handed on.
    pending: Option<Vec<u8>>,
}

impl crypto::Session for AlpnEchoSession {
    fn initial_keys(&self, dst_cid: &ConnectionId, side: Side) -> Keys {
        self.inner.initial_keys(dst_cid, side)
    }

    fn handshake_data(&self) -> Option<Box<dyn Any>> {
        self.inner.handshake_data()
    }

    fn peer_identity(&self) -> Option<Box<dyn Any>> {
        self.inner.peer_identity()
    }

    fn early_crypto(&self) -> Option<(Box<dyn HeaderKey>, Box<dyn PacketKey>)> {
        self.inner.early_crypto()
    }

    fn early_data_accepted(&self) -> Option<bool> {
        self.inner.early_data_accepted()
    }

    fn is_handshaking(&self) -> bool {
        self.inner.is_handshaking()
    }

    fn read_handshake(&mut self, buf: &[u8]) -> Result<bool, TransportError> {
        let mut pending = match self.pending.take() {
            None => return self.inner.read_handshake(buf),
            Some(pending) => pending,
        };
        pending.extend_from_slice(buf);
        let offered = match client_hello_alpn(&pending) {
            Parsed::Incomplete if pending.len() < CLIENT_HELLO_BYTES_MAX => {
                self.pending = Some(pending);
                return Ok(false);
            }
            Parsed::Complete(offered) => offered,
            _ => None,
        };
        if let Some(protocol) = offered {
            let mut config = (*self.config.plain).clone();
            config.alpn_protocols = vec![protocol];
            self.inner = crypto::ServerConfig::start_session(Arc::new(config), self.version, &self.params);
        }
        self.inner.read_handshake(&pending)
    }

    fn transport_parameters(&self) -> Result<Option<TransportParameters>, TransportError> {
        self.inner.transport_parameters()
    }

    fn write_handshake(&mut self, buf: &mut Vec<u8>) -> Option<Keys> {
        self.inner.write_handshake(buf)
    }

    fn next_1rtt_keys(&mut self) -> Option<KeyPair<Box<dyn PacketKey>>> {
        self.inner.next_1rtt_keys()
    }

    fn is_valid_retry(&self, orig_dst_cid: &ConnectionId, header: &[u8], payload: &[u8]) -> bool {
        self.inner.is_valid_retry(orig_dst_cid, header, payload)
    }

    fn export_keying_material(&self, output: &mut [u8], label: &[u8], context: &[u8]) -> Result<(), ExportKeyingMaterialError> {
        self.inner.export_keying_material(output, label, context)
    }
}

enum Parsed {
    Incomplete,
    /// The first protocol the client offers, if it offers any.
    Complete(Option<Vec<u8>>),
    /// Not a ClientHello, or malformed: let rustls judge it.
    Invalid,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_be_bytes([b[0], b[1]]))
    }
}

fn client_hello_alpn(bytes: &[u8]) -> Parsed {
    if bytes.len() < 4 {
        return Parsed::Incomplete;
    }
    if bytes[0] != CLIENT_HELLO {
        return Parsed::Invalid;
    }
    let length = ((bytes[1] as usize) << 16) | ((bytes[2] as usize) << 8) | bytes[3] as usize;
    if bytes.len() < 4 + length {
        return Parsed::Incomplete;
    }
    match parse_alpn(&bytes[4..4 + length]) {
        Some(offered) => Parsed::Complete(offered),
        None => Parsed::Invalid,
    }
}

/// legacy_version, random, session id, cipher suites, compression methods, extensions.
fn parse_alpn(body: &[u8]) -> Option<Option<Vec<u8>>> {
    let mut r = Reader { bytes: body, at: 0 };
    r.take(2 + 32)?;
    let session_id = r.u8()? as usize;
    r.take(session_id)?;
    let suites = r.u16()? as usize;
    r.take(suites)?;
    let compression = r.u8()? as usize;
    r.take(compression)?;
    let extensions_length = r.u16()? as usize;
    let mut extensions = Reader { bytes: r.take(extensions_length)?, at: 0 };
    while extensions.at < extensions.bytes.len() {
        let kind = extensions.u16()?;
        let length = extensions.u16()? as usize;
        let data = extensions.take(length)?;
        if kind == EXTENSION_ALPN {
            let mut list = Reader { bytes: data, at: 0 };
            let list_length = list.u16()? as usize;
            let mut names = Reader { bytes: list.take(list_length)?, at: 0 };
            let name_length = names.u8()? as usize;
            return Some(Some(names.take(name_length)?.to_vec()).filter(|name| !name.is_empty()));
        }
    }
    Some(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hello(extensions: &[u8]) -> Vec<u8> {
        let mut body = vec![3, 3];
        body.extend_from_slice(&[0u8; 32]);
        body.push(0); // session id
        body.extend_from_slice(&[0, 2, 0x13, 0x01]); // one suite
        body.extend_from_slice(&[1, 0]); // null compression
        body.extend_from_slice(&(extensions.len() as u16).to_be_bytes());
        body.extend_from_slice(extensions);
        let mut message = vec![CLIENT_HELLO, 0, (body.len() >> 8) as u8, body.len() as u8];
        message.extend_from_slice(&body);
        message
    }

    #[test]
    fn finds_the_first_offered_protocol() {
        let alpn = [0, 16, 0, 9, 0, 7, 4, b'i', b'g', b'g', b'y', 1, b'x'];
        match client_hello_alpn(&hello(&alpn)) {
            Parsed::Complete(Some(name)) => assert_eq!(name, b"iggy"),
            _ => panic!("expected iggy"),
        }
    }

    #[test]
    fn no_alpn_and_incomplete_hellos() {
        let supported_versions = [0, 43, 0, 3, 2, 3, 4];
        assert!(matches!(client_hello_alpn(&hello(&supported_versions)), Parsed::Complete(None)));
        let full = hello(&supported_versions);
        assert!(matches!(client_hello_alpn(&full[..full.len() - 1]), Parsed::Incomplete));
        assert!(matches!(client_hello_alpn(&[2, 0, 0, 0]), Parsed::Invalid));
    }
}
