// A real Iggy server for these tests: the helper shared with iggy-mcp.
export { startIggyServer, type IggyServerOptions, type IggyTestServer } from '@iggy-node/tool-support/testing';
