/** The `[quic]` transport keys, as the native endpoint takes them (order matters: see transport.rs). */
export interface QuicTransportSettings {
  maxConcurrentBidiStreams: number;
  datagramSendBufferSize: number;
  /** Initial UDP payload size; at least 1200. */
  initialMtu: number;
  sendWindow: number;
  receiveWindow: number;
  /** 0 = no keep-alive. */
  keepAliveIntervalMs: number;
  /** 0 = no idle timeout. */
  maxIdleTimeoutMs: number;
  socket?: { overrideDefaults: boolean; recvBufferSize: number; sendBufferSize: number };
}

/** What the stock Iggy 0.7 Rust SDK uses (QuicClientConfig defaults, core/sdk/src/quic). */
export const STOCK_CLIENT_TRANSPORT: Readonly<QuicTransportSettings> = Object.freeze({
  maxConcurrentBidiStreams: 10_000,
  datagramSendBufferSize: 100_000,
  initialMtu: 1200,
  sendWindow: 100_000,
  receiveWindow: 100_000,
  keepAliveIntervalMs: 5_000,
  maxIdleTimeoutMs: 10_000,
});

export const PARAM_COUNT = 12;

export function encodeTransportParams(settings: QuicTransportSettings, maxMessageBytes: number, inflightBytes: number): BigUint64Array {
  const socket = settings.socket ?? { overrideDefaults: false, recvBufferSize: 0, sendBufferSize: 0 };
  const values = [
    settings.maxConcurrentBidiStreams,
    settings.datagramSendBufferSize,
    settings.initialMtu,
    settings.sendWindow,
    settings.receiveWindow,
    settings.keepAliveIntervalMs,
    settings.maxIdleTimeoutMs,
    socket.overrideDefaults ? 1 : 0,
    socket.recvBufferSize,
    socket.sendBufferSize,
    maxMessageBytes,
    inflightBytes,
  ];
  return BigUint64Array.from(values.map((value) => BigInt(Math.max(0, Math.floor(value)))));
}
