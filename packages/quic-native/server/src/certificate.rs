//! PEM certificate chain and private key (PKCS#8, PKCS#1 RSA or SEC1 EC) for the TLS 1.3 handshake.
//! The stock Iggy client verifies handshake signatures only with ECDSA P-256 schemes, so the
//! self-signed certificate the shard generates is ECDSA P-256.

use rustls::{Certificate, PrivateKey};

pub fn load_pem(cert_pem: &[u8], key_pem: &[u8]) -> Result<(Vec<Certificate>, PrivateKey), String> {
    let mut reader = cert_pem;
    let certs: Vec<Certificate> = rustls_pemfile::certs(&mut reader)
        .map_err(|e| format!("cannot read the certificate PEM: {e}"))?
        .into_iter()
        .map(Certificate)
        .collect();
    if certs.is_empty() {
        return Err("the certificate file holds no CERTIFICATE block".into());
    }
    let mut reader = key_pem;
    loop {
        match rustls_pemfile::read_one(&mut reader).map_err(|e| format!("cannot read the key PEM: {e}"))? {
            Some(rustls_pemfile::Item::PKCS8Key(key))
            | Some(rustls_pemfile::Item::RSAKey(key))
            | Some(rustls_pemfile::Item::ECKey(key)) => return Ok((certs, PrivateKey(key))),
            Some(_) => continue,
            None => return Err("the key file holds no PRIVATE KEY block".into()),
        }
    }
}
