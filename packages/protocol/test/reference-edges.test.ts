// Decoder rules the reference states beyond the plain layouts, each with hand-written bytes:
// optional stats tail (§12.1), cluster node enums (§7.6), permission flags true only for 1 (§7.7),
// the optional partition flag (§7.3).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, decodeGetClusterMetadataResponse, decodeGetConsumerOffsetRequest, decodeGetStatsResponse, decodePermissions } from '../src/index.js';
import { assertIggyError, hex } from './helpers.js';

/** §12.1 fixed part (108 bytes): pid 1, all other numbers 0 except streams_count 2. */
const STATS_FIXED = hex(
  '01 00 00 00', // process_id
  '00 00 00 00 | 00 00 00 00', // cpu, total cpu
  '00'.repeat(8 * 8), // memory .. messages_size_bytes (8 u64)
  '02 00 00 00 | 00 00 00 00 | 00 00 00 00 | 00 00 00 00', // streams, topics, partitions, segments
  '00 00 00 00 00 00 00 00', // messages_count
  '00 00 00 00 | 00 00 00 00', // clients, groups
);
const STR32_H = '01 00 00 00 68'; // "h"

test('§12.1 stats: everything after os_version is optional (older servers)', () => {
  const minimal = decodeGetStatsResponse(Buffer.concat([STATS_FIXED, hex(STR32_H, STR32_H, STR32_H)]));
  assert.equal(minimal.processId, 1);
  assert.equal(minimal.streamsCount, 2);
  assert.deepEqual([minimal.hostname, minimal.osName, minimal.osVersion], ['h', 'h', 'h']);
  assert.deepEqual([minimal.kernelVersion, minimal.iggyServerVersion, minimal.iggyServerSemver, minimal.cacheMetrics], ['', '', null, []]);
  const withKernel = decodeGetStatsResponse(Buffer.concat([STATS_FIXED, hex(STR32_H, STR32_H, STR32_H, '01 00 00 00 6B')]));
  assert.deepEqual([withKernel.kernelVersion, withKernel.iggyServerVersion, withKernel.iggyServerSemver], ['k', '', null]);
  const withVersion = decodeGetStatsResponse(Buffer.concat([STATS_FIXED, hex(STR32_H, STR32_H, STR32_H, '01 00 00 00 6B', '05 00 00 00 30 2E 37 2E 30')]));
  assert.deepEqual([withVersion.iggyServerVersion, withVersion.iggyServerSemver], ['0.7.0', null]);
  const withSemver = decodeGetStatsResponse(Buffer.concat([STATS_FIXED, hex(STR32_H, STR32_H, STR32_H, '01 00 00 00 6B', '05 00 00 00 30 2E 37 2E 30', '58 1B 00 00')]));
  assert.deepEqual([withSemver.iggyServerSemver, withSemver.cacheMetrics], [7000, []]);
  // A cache-metrics count the payload cannot hold is refused, not looped over.
  assertIggyError(
    () => decodeGetStatsResponse(Buffer.concat([STATS_FIXED, hex(STR32_H, STR32_H, STR32_H, '01 00 00 00 6B', '05 00 00 00 30 2E 37 2E 30', '58 1B 00 00', '02 00 00 00'), Buffer.alloc(32)])),
    ErrorCode.InvalidCommand,
    'cache count 2 with one entry',
  );
});

/** §12.4 one node with the given role and status bytes. */
function clusterWith(role: string, status: string): Buffer {
  return hex('01 00 00 00 63', '01 00 00 00', '01 00 00 00 6E', '01 00 00 00 69', '01 00 02 00 03 00 04 00', role, status);
}

test('§7.6 cluster node role 0..1 and status 0..4 decode; larger values are refused', () => {
  const node = decodeGetClusterMetadataResponse(clusterWith('01', '04')).nodes[0];
  assert.deepEqual(node, { name: 'n', ip: 'i', tcpPort: 1, quicPort: 2, httpPort: 3, websocketPort: 4, role: 1, status: 4 });
  assertIggyError(() => decodeGetClusterMetadataResponse(clusterWith('00', '05')), ErrorCode.InvalidCommand, 'status 5 (unknown)');
  assertIggyError(() => decodeGetClusterMetadataResponse(clusterWith('02', '00')), ErrorCode.InvalidCommand, 'role 2');
  assertIggyError(() => decodeGetClusterMetadataResponse(hex('01 00 00 00 63', '02 00 00 00', '01 00 00 00 6E')), ErrorCode.InvalidCommand, 'node count beyond the payload');
});

test('§7.7 a permission flag is true only when its byte is 1', () => {
  const permissions = decodePermissions(hex('02 01 FF 00 01 00 00 00 00 01', '01', '05 00 00 00', '02 01 00 00 00 03', '01', '07 00 00 00', '01 02 00 01', '00', '00'));
  assert.deepEqual(permissions.global, {
    manageServers: false,
    readServers: true,
    manageUsers: false,
    readUsers: false,
    manageStreams: true,
    readStreams: false,
    manageTopics: false,
    readTopics: false,
    pollMessages: false,
    sendMessages: true,
  });
  const stream = permissions.streams.get(5);
  assert.deepEqual([stream?.manageStream, stream?.readStream, stream?.sendMessages], [false, true, false]);
  assert.deepEqual(stream?.topics.get(7), { manageTopic: true, readTopic: false, pollMessages: false, sendMessages: true });
});

test('§7.3 the optional partition id is present only when its flag is 1', () => {
  const base = '01 | 01 04 07 00 00 00 | 01 04 01 00 00 00 | 01 04 02 00 00 00';
  assert.equal(decodeGetConsumerOffsetRequest(hex(base, '01 | 03 00 00 00')).partitionId, 3);
  assert.equal(decodeGetConsumerOffsetRequest(hex(base, '00 | 03 00 00 00')).partitionId, null);
  assert.equal(decodeGetConsumerOffsetRequest(hex(base, '02 | 03 00 00 00')).partitionId, null, 'any other flag value = absent');
});
