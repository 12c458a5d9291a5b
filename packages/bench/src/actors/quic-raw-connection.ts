import { CommandCode, IggyError, encodeLoginUserRequest, encodeRequestHeader, type ResponseFrame } from '@iggy-node/protocol';
import { QuicClientEndpoint, STOCK_CLIENT_TRANSPORT } from '@iggy-node/quic-native';

/** Poll responses of a few MB must fit; this only bounds a corrupt length. */
const RESPONSE_SIZE_MAX = 256 * 1024 * 1024;
const RESPONSE_HEADER_SIZE = 8;

/**
 * One QUIC connection with the Rust SDK's client settings (no ALPN, 100 KB windows, 1200-byte
 * initial MTU): each request on its own bidirectional stream, its response the whole stream.
 * Same surface as RawConnection, one request in flight at a time.
 */
export class QuicRawConnection {
  private constructor(private readonly endpoint: QuicClientEndpoint) {}

  static async open(host: string, port: number): Promise<QuicRawConnection> {
    return new QuicRawConnection(await QuicClientEndpoint.connect({ host, port, transport: STOCK_CLIENT_TRANSPORT, maxResponseBytes: RESPONSE_SIZE_MAX }));
  }

  /** Sends one request (header + parts as one stream write). Rejects on a non-zero status. */
  async request(code: number, ...parts: Buffer[]): Promise<ResponseFrame> {
    let length = 0;
    for (const part of parts) length += part.length;
    const response = await this.endpoint.request(Buffer.concat([encodeRequestHeader(code, length), ...parts], 8 + length));
    if (response.length < RESPONSE_HEADER_SIZE) throw new Error(`command ${code}: short QUIC response (${response.length} bytes)`);
    const status = response.readUInt32LE(0);
    if (status !== 0) throw new IggyError(status, `command ${code} failed with status ${status}`);
    return { status, payload: response.subarray(RESPONSE_HEADER_SIZE) };
  }

  async login(username: string, password: string): Promise<void> {
    await this.request(CommandCode.LoginUser, encodeLoginUserRequest({ username, password }));
  }

  close(): void {
    this.endpoint.close();
  }
}
