//! Client side, configured the way the stock Iggy Rust SDK (0.7) configures quinn: no ALPN,
//! certificate not validated, only ECDSA P-256 handshake signatures offered, one bidirectional
//! stream per request that the client finishes after writing and reads to the end.
//! Used by our SDK's QUIC transport, by iggy-bench and by the acceptance tests.

use crate::events::{Event, EventQueue};
use crate::transport::TransportParams;
use quinn::{Connection, Endpoint, VarInt};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use tokio::runtime::Runtime;

struct SkipServerVerification;

impl rustls::client::ServerCertVerifier for SkipServerVerification {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::Certificate,
        _intermediates: &[rustls::Certificate],
        _server_name: &rustls::ServerName,
        _scts: &mut dyn Iterator<Item = &[u8]>,
        _ocsp_response: &[u8],
        _now: SystemTime,
    ) -> Result<rustls::client::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::ServerCertVerified::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &rustls::Certificate,
        _dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        vec![rustls::SignatureScheme::ECDSA_NISTP256_SHA256]
    }
}

pub struct QuicClient {
    pub runtime: Option<Runtime>,
    pub endpoint: Endpoint,
    pub connection: Arc<Mutex<Option<Connection>>>,
    pub events: Arc<EventQueue>,
    pub current: Option<Vec<u8>>,
    pub max_response_bytes: usize,
}

pub fn connect(address: SocketAddr, server_name: &str, alpn: &[u8], params: &TransportParams) -> Result<QuicClient, String> {
    let mut crypto = rustls::ClientConfig::builder()
        .with_safe_default_cipher_suites()
        .with_safe_default_kx_groups()
        .with_protocol_versions(&[&rustls::version::TLS13])
        .map_err(|e| format!("TLS configuration: {e}"))?
        .with_custom_certificate_verifier(Arc::new(SkipServerVerification))
        .with_no_client_auth();
    if !alpn.is_empty() {
        crypto.alpn_protocols = vec![alpn.to_vec()];
    }
    let mut client_config = quinn::ClientConfig::new(Arc::new(crypto));
    client_config.transport_config(Arc::new(params.transport_config()?));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("iggy-quic-client")
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the QUIC runtime: {e}"))?;
    let bind: SocketAddr = if address.is_ipv6() { "[::]:0".parse().unwrap() } else { "0.0.0.0:0".parse().unwrap() };
    let mut endpoint = {
        let _guard = runtime.enter();
        Endpoint::client(bind).map_err(|e| format!("cannot open a UDP socket: {e}"))?
    };
    endpoint.set_default_client_config(client_config);
    let events = Arc::new(EventQueue::new()?);
    let connection = Arc::new(Mutex::new(None));
    let _guard = runtime.enter();
    let connecting = endpoint.connect(address, server_name).map_err(|e| format!("cannot connect to {address}: {e}"))?;
    {
        let events = events.clone();
        let slot = connection.clone();
        runtime.spawn(async move {
            match connecting.await {
                Ok(conn) => {
                    *slot.lock().unwrap() = Some(conn.clone());
                    events.push(Event::opened(1, conn.remote_address().to_string()));
                    let reason = conn.closed().await;
                    events.push(Event::closed_because(1, reason.to_string()));
                }
                Err(error) => events.push(Event::closed_because(1, error.to_string())),
            }
        });
    }
    Ok(QuicClient {
        runtime: Some(runtime),
        endpoint,
        connection,
        events,
        current: None,
        max_response_bytes: params.max_request_bytes as usize,
    })
}

impl QuicClient {
    /// Sends `bytes` on a new bidirectional stream (finished after writing) and queues the whole
    /// response as a RESPONSE event, or a FAILED event with the reason.
    pub fn request(&self, request_id: u64, bytes: Vec<u8>) -> bool {
        let connection = match self.connection.lock().unwrap().clone() { Some(value) => value, None => return false };
        let runtime = match &self.runtime { Some(value) => value, None => return false };
        let events = self.events.clone();
        let max = self.max_response_bytes;
        runtime.spawn(async move {
            let result = async {
                let (mut send, recv) = connection.open_bi().await.map_err(|e| e.to_string())?;
                if let Err(error) = send.write_all(&bytes).await {
                    // The server may refuse the rest of a request it has already answered (a bad
                    // length): its answer is still on the receive side.
                    return match recv.read_to_end(max).await {
                        Ok(response) if !response.is_empty() => Ok(response),
                        _ => Err(error.to_string()),
                    };
                }
                // As the stock SDK (quinn 0.11, whose finish() does not wait): the FIN goes out now,
                // and the answer is read without waiting for the peer to acknowledge our data.
                tokio::spawn(async move {
                    let _ = send.finish().await;
                });
                recv.read_to_end(max).await.map_err(|e| e.to_string())
            }
            .await;
            match result {
                Ok(response) => events.push(Event::response(request_id, response)),
                Err(reason) => events.push(Event::failed(request_id, reason)),
            }
        });
        true
    }

    pub fn close(&mut self) {
        let _guard = self.runtime.as_ref().map(|r| r.enter());
        if let Some(connection) = self.connection.lock().unwrap().take() {
            connection.close(VarInt::from_u32(0), b"client closed");
        }
        drop(_guard);
        if let Some(runtime) = self.runtime.take() {
            let endpoint = self.endpoint.clone();
            // Lets the CONNECTION_CLOSE leave before the thread goes.
            runtime.block_on(async move {
                let _ = tokio::time::timeout(Duration::from_millis(200), endpoint.wait_idle()).await;
            });
            runtime.shutdown_timeout(Duration::from_millis(100));
        }
        self.events.close_write_end();
    }
}
