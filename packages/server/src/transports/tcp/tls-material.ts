/**
 * The certificate and key for TCP over TLS ([tcp.tls]), chosen as Iggy's tcp_tls_listener.rs
 * does: when `self_signed` is set and `cert_file` does not exist, a fresh self-signed
 * certificate for `localhost` (kept in memory only, never written); otherwise the PEM files.
 *
 * Runs on: the shard that listens for TCP, once at start.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { TlsFilesConfig } from '../../config/server-config.js';
import { generateSelfSignedCertificate } from './tls-self-signed.js';

export interface TlsMaterial {
  /** PEM certificate chain. */
  cert: Buffer;
  /** PEM private key. */
  key: Buffer;
}

export async function loadTlsMaterial(config: TlsFilesConfig, logger: Logger): Promise<TlsMaterial> {
  if (config.self_signed && !existsSync(config.cert_file)) {
    const material = await generateSelfSignedCertificate('localhost');
    const fingerprint = new X509Certificate(material.cert).fingerprint256;
    logger.info({ certFile: config.cert_file, sha256: fingerprint }, 'TLS: certificate file not found, using a generated self-signed certificate for localhost');
    return material;
  }
  const [cert, key] = await Promise.all([readPem(config.cert_file, 'tcp.tls.cert_file'), readPem(config.key_file, 'tcp.tls.key_file')]);
  logger.info({ certFile: config.cert_file }, 'TLS: certificate loaded');
  return { cert, key };
}

async function readPem(filePath: string, key: string): Promise<Buffer> {
  try {
    return await readFile(filePath);
  } catch (error) {
    throw new Error(`${key}: cannot read ${filePath}: ${(error as Error).message}`);
  }
}
