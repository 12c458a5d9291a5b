/**
 * Start-up work for the HTTP API that must happen once, before the shards start: check the JWT
 * and CORS settings (a bad one stops start-up with its key named), warn about Iggy's published
 * default JWT secret on a non-loopback address and about settings we do not serve, and create the
 * self-signed certificate every shard will serve when `[http.tls] self_signed` asks for one.
 *
 * Runs on: the coordinator, once.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { parseHostPort } from '../../config/host-port.js';
import type { ServerConfig } from '../../config/server-config.js';
import { generateSelfSignedCertificate } from '../tcp/tls-self-signed.js';
import { CorsPolicy } from './cors-policy.js';
import { loadJwtKeys, usesDefaultSecret } from './jwt/jwt-keys.js';

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export async function prepareHttp(config: ServerConfig, logger: Logger): Promise<void> {
  const http = config.http;
  await loadJwtKeys(http.jwt);
  if (http.cors.enabled) new CorsPolicy(http.cors);
  const { host } = parseHostPort(http.address);
  if (usesDefaultSecret(http.jwt) && !isLoopback(host)) {
    logger.warn(
      { address: http.address },
      'http.jwt uses the default secret shipped with Iggy on a non-loopback address: anyone can forge access tokens; set http.jwt.encoding_secret and decoding_secret',
    );
  }
  if (http.tls.enabled && http.tls.self_signed && !existsSync(http.tls.cert_file)) {
    const material = await generateSelfSignedCertificate('localhost');
    const runtime = path.join(config.system.path, config.system.runtime.path || 'runtime');
    http.tls.cert_file = path.join(runtime, 'http_self_signed_cert.pem');
    http.tls.key_file = path.join(runtime, 'http_self_signed_key.pem');
    await writeFile(http.tls.cert_file, material.cert);
    await writeFile(http.tls.key_file, material.key, { mode: 0o600 });
    logger.info({ certFile: http.tls.cert_file }, 'HTTP TLS: certificate file not found, serving a generated self-signed certificate for localhost');
  }
}
