import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { EMPTY_PAYLOAD, expectEmptyPayload } from '../../codec-helpers.js';
import { type Stats, writeStats, readStats } from '../../models/stats.js';

/** GetStats (10): empty request; the response is the stats record (§12.1). */
export type GetStatsRequest = Record<string, never>;
export type GetStatsResponse = Stats;

export function encodeGetStatsRequest(_request: GetStatsRequest = {}): Buffer {
  return EMPTY_PAYLOAD;
}

export function decodeGetStatsRequest(payload: Buffer): GetStatsRequest {
  expectEmptyPayload(payload);
  return {};
}

export function encodeGetStatsResponse(response: GetStatsResponse): Buffer {
  const writer = new BufferWriter(256);
  writeStats(writer, response);
  return writer.view();
}

export function decodeGetStatsResponse(payload: Buffer): GetStatsResponse {
  return readStats(new BufferReader(payload));
}
