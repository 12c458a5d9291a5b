/**
 * The self-signed certificate for `[tcp.tls] self_signed = true` when `cert_file` does not
 * exist: generated once per data directory, kept under `<system.path>/tls/`, and reused by every
 * shard and every later start, so a client can trust that one file (`iggy --tls-ca-file`).
 * The key is written with mode 0600.
 *
 * Runs on: the coordinator, at start-up, before the shards start.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { TlsFilesConfig } from '../config/server-config.js';
import { generateSelfSignedCertificate } from '../transports/tcp/tls-self-signed.js';

export const SELF_SIGNED_DIRECTORY = 'tls';
export const SELF_SIGNED_CERT_FILE = 'self_signed_cert.pem';
export const SELF_SIGNED_KEY_FILE = 'self_signed_key.pem';

/**
 * Returns the TLS settings the shards should use: unchanged when the configured files exist or
 * self_signed is off; otherwise pointing at the data directory's self-signed pair (created now
 * if missing). Logs the certificate path and fingerprint either way.
 */
export async function resolveSelfSignedTlsFiles(tls: TlsFilesConfig, dataPath: string, logger: Logger): Promise<TlsFilesConfig> {
  if (!tls.self_signed || existsSync(tls.cert_file)) return tls;
  const directory = path.join(dataPath, SELF_SIGNED_DIRECTORY);
  const certFile = path.join(directory, SELF_SIGNED_CERT_FILE);
  const keyFile = path.join(directory, SELF_SIGNED_KEY_FILE);
  let created = false;
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    const material = await generateSelfSignedCertificate('localhost');
    await mkdir(directory, { recursive: true, mode: 0o700 });
    await writeFile(keyFile, material.key, { mode: 0o600 });
    await chmod(keyFile, 0o600);
    await writeFile(certFile, material.cert);
    created = true;
  }
  const fingerprint = new X509Certificate(await readFile(certFile)).fingerprint256;
  logger.info(
    { certFile, sha256: fingerprint, configuredCertFile: tls.cert_file },
    `TLS: ${created ? 'generated' : 'using'} the self-signed certificate for localhost at ${certFile} (clients trust it with --tls-ca-file ${certFile})`,
  );
  return { ...tls, cert_file: certFile, key_file: keyFile };
}
