/**
 * Loads native/libiggy_quic.so (built by scripts/build-native.mjs from the Rust crate beside it)
 * through koffi, once per thread. Returns null with a reason when it is missing, so the server
 * can start without QUIC and say what to install.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Koffi = typeof import('koffi');
type Pointer = unknown;

export interface QuicNativeLibrary {
  iqs_start(
    address: Buffer, addressLength: number, socketFd: number,
    certPem: Buffer, certLength: number, keyPem: Buffer, keyLength: number,
    params: BigUint64Array, paramCount: number, errorBuffer: Buffer, errorCapacity: number,
  ): Pointer | null;
  iqs_notify_fd(handle: Pointer): number;
  iqs_local_port(handle: Pointer): number;
  iqs_poll(handle: Pointer, header: BigUint64Array): number;
  iqs_take(handle: Pointer, destination: Buffer, capacity: number): number | bigint;
  iqs_respond(handle: Pointer, requestId: number, data: Buffer, length: number): number;
  iqs_close_connection(handle: Pointer, connectionId: number, code: number): number;
  iqs_set_unauthenticated_limit(handle: Pointer, maxPayloadBytes: number): number;
  iqs_raise_request_limit(handle: Pointer, connectionId: number): number;
  iqs_stop(handle: Pointer): void;
  iqc_connect(
    address: Buffer, addressLength: number, serverName: Buffer, serverNameLength: number, alpn: Buffer, alpnLength: number,
    params: BigUint64Array, paramCount: number, errorBuffer: Buffer, errorCapacity: number,
  ): Pointer | null;
  iqc_notify_fd(handle: Pointer): number;
  iqc_poll(handle: Pointer, header: BigUint64Array): number;
  iqc_take(handle: Pointer, destination: Buffer, capacity: number): number | bigint;
  iqc_request(handle: Pointer, requestId: number, data: Buffer, length: number): number;
  iqc_close(handle: Pointer): void;
}

/** What to install when the library is missing (Debian bookworm package names). */
export const QUIC_NATIVE_INSTALL_HINT =
  'install cargo and Debian\'s quinn crates (apt-get install cargo librust-quinn-dev librust-tokio-dev librust-socket2-dev librust-rustls-pemfile-dev librust-rustls-dev), then run npm run build';

/** Where build-native.mjs puts the library; QUIC_NATIVE_LIBRARY overrides it (packaging, tests). */
const LIBRARY_PATH =
  process.env.QUIC_NATIVE_LIBRARY || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'native', 'libiggy_quic.so');

let loaded: QuicNativeLibrary | null | undefined;
let unavailableReason = '';

export function loadQuicNative(): QuicNativeLibrary | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.platform !== 'linux') {
    unavailableReason = `QUIC needs Linux (this is ${process.platform})`;
    return null;
  }
  if (!existsSync(LIBRARY_PATH)) {
    unavailableReason = `${LIBRARY_PATH} is not built`;
    return null;
  }
  try {
    const koffi = createRequire(import.meta.url)('koffi') as Koffi;
    const lib = koffi.load(LIBRARY_PATH);
    loaded = {
      iqs_start: lib.func(
        'void *iqs_start(const uint8_t *address, size_t address_len, int socket_fd, const uint8_t *cert, size_t cert_len, const uint8_t *key, size_t key_len, const uint64_t *params, size_t params_len, _Out_ uint8_t *err, size_t err_cap)',
      ),
      iqs_notify_fd: lib.func('int iqs_notify_fd(void *handle)'),
      iqs_local_port: lib.func('int iqs_local_port(void *handle)'),
      iqs_poll: lib.func('int iqs_poll(void *handle, _Out_ uint64_t *header)'),
      iqs_take: lib.func('int64_t iqs_take(void *handle, _Out_ uint8_t *dst, size_t cap)'),
      iqs_respond: lib.func('int iqs_respond(void *handle, uint64_t request_id, const uint8_t *data, size_t len)'),
      iqs_close_connection: lib.func('int iqs_close_connection(void *handle, uint64_t connection_id, uint32_t code)'),
      iqs_set_unauthenticated_limit: lib.func('int iqs_set_unauthenticated_limit(void *handle, uint64_t max_payload_bytes)'),
      iqs_raise_request_limit: lib.func('int iqs_raise_request_limit(void *handle, uint64_t connection_id)'),
      iqs_stop: lib.func('void iqs_stop(void *handle)'),
      iqc_connect: lib.func(
        'void *iqc_connect(const uint8_t *address, size_t address_len, const uint8_t *server_name, size_t server_name_len, const uint8_t *alpn, size_t alpn_len, const uint64_t *params, size_t params_len, _Out_ uint8_t *err, size_t err_cap)',
      ),
      iqc_notify_fd: lib.func('int iqc_notify_fd(void *handle)'),
      iqc_poll: lib.func('int iqc_poll(void *handle, _Out_ uint64_t *header)'),
      iqc_take: lib.func('int64_t iqc_take(void *handle, _Out_ uint8_t *dst, size_t cap)'),
      iqc_request: lib.func('int iqc_request(void *handle, uint64_t request_id, const uint8_t *data, size_t len)'),
      iqc_close: lib.func('void iqc_close(void *handle)'),
    } as QuicNativeLibrary;
  } catch (error) {
    unavailableReason = `cannot load ${LIBRARY_PATH}: ${(error as Error).message}`;
    loaded = null;
  }
  return loaded;
}

export function quicNativeUnavailableReason(): string {
  loadQuicNative();
  return unavailableReason;
}

/** Reads the NUL-terminated error text the library wrote. */
export function errorText(buffer: Buffer): string {
  const end = buffer.indexOf(0);
  return buffer.toString('utf8', 0, end < 0 ? buffer.length : end);
}
