/**
 * The certificate for QUIC ([quic.certificate]), chosen as Iggy's quic_server.rs does:
 * `self_signed = true` generates a fresh ECDSA P-256 certificate for `localhost` at start-up (the
 * stock Iggy client offers only ECDSA P-256 handshake signatures), otherwise the PEM files are
 * loaded (any key rustls takes: PKCS#8, PKCS#1 RSA or SEC1 EC, where Iggy takes only PKCS#1).
 *
 * Runs on: the coordinator, once at start; every shard's endpoint gets the same material.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { QuicConfig } from '../../config/server-config.js';
import type { TlsMaterial } from '../tcp/tls-material.js';
import { generateSelfSignedCertificate } from '../tcp/tls-self-signed.js';

export async function loadQuicCertificate(config: QuicConfig['certificate'], logger: Logger): Promise<TlsMaterial> {
  if (config.self_signed) {
    const material = await generateSelfSignedCertificate('localhost');
    logger.info({ sha256: new X509Certificate(material.cert).fingerprint256 }, 'QUIC: using a generated self-signed ECDSA P-256 certificate for localhost');
    return material;
  }
  const [cert, key] = await Promise.all([
    readPem(config.cert_file, 'quic.certificate.cert_file'),
    readPem(config.key_file, 'quic.certificate.key_file'),
  ]);
  const details = createPrivateKey(key).asymmetricKeyDetails;
  if (details?.namedCurve !== 'prime256v1') {
    logger.warn(
      { keyFile: config.key_file },
      'QUIC: the certificate key is not ECDSA P-256; stock Iggy clients accept only ECDSA P-256 handshake signatures and will fail the handshake',
    );
  }
  logger.info({ certFile: config.cert_file }, 'QUIC: certificate loaded');
  return { cert, key };
}

async function readPem(filePath: string, key: string): Promise<Buffer> {
  try {
    return await readFile(filePath);
  } catch (error) {
    throw new Error(`${key}: cannot read ${filePath}: ${(error as Error).message}`);
  }
}
