export { loadQuicNative, quicNativeUnavailableReason, QUIC_NATIVE_INSTALL_HINT } from './native-library.js';
export { QuicServerEndpoint, type QuicServerHandlers, type QuicServerOptions } from './quic-server-endpoint.js';
export { QuicClientEndpoint, type QuicClientOptions } from './quic-client-endpoint.js';
export { STOCK_CLIENT_TRANSPORT, type QuicTransportSettings } from './transport-settings.js';
