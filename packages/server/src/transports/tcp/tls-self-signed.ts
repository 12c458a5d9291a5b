/**
 * Generates a self-signed certificate with the `openssl` command line tool: node:crypto can make
 * keys but not X.509 certificates, and the tool is present wherever Node's own OpenSSL is
 * packaged for development. Key: ECDSA P-256 (fast to generate, accepted by rustls and Node).
 * The files live in a private temporary directory only for the duration of the call.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TlsMaterial } from './tls-material.js';

const execFileAsync = promisify(execFile);

/** Iggy's generated certificates have no meaningful lifetime either; ten years avoids surprises. */
const SELF_SIGNED_VALIDITY_DAYS = 3650;
const OPENSSL_TIMEOUT_MS = 30_000;

export async function generateSelfSignedCertificate(hostname: string): Promise<TlsMaterial> {
  const directory = await mkdtemp(path.join(tmpdir(), 'iggy-tls-'));
  const certPath = path.join(directory, 'cert.pem');
  const keyPath = path.join(directory, 'key.pem');
  try {
    await execFileAsync(
      'openssl',
      [
        'req', '-x509', '-nodes',
        '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
        '-keyout', keyPath, '-out', certPath,
        '-days', String(SELF_SIGNED_VALIDITY_DAYS),
        '-subj', `/CN=${hostname}`,
        '-addext', `subjectAltName=DNS:${hostname},IP:127.0.0.1,IP:::1`,
      ],
      { timeout: OPENSSL_TIMEOUT_MS },
    );
    const [cert, key] = await Promise.all([readFile(certPath), readFile(keyPath)]);
    return { cert, key };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the openssl tool is not installed' : (error as Error).message;
    throw new Error(
      `tcp.tls: cannot generate a self-signed certificate (${reason}); set tcp.tls.cert_file and tcp.tls.key_file to existing PEM files`,
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
