// The config file reader lives in @iggy-node/tool-support (shared with iggy-mcp); its names stay
// importable from this path, where the tests (and plugin authors' code) have imported them.
export { applyEnvOverrides, isTable, mergeKnown, parseHostPort, readConfigFile, type ConfigTree } from '@iggy-node/tool-support';
