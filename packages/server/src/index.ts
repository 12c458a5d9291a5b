/**
 * @iggy-node/server as a library: start a full server from Node code (test suites, tools).
 * Importing it starts nothing; the `iggy-server` command is bin/iggy-server.mjs.
 */
export { startServer, type EmbeddedServer, type StartServerOptions } from './embed/start-server.js';
