import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { EMPTY_PAYLOAD, expectEmptyPayload } from '../../codec-helpers.js';
import { type ClusterMetadata, writeClusterMetadata, readClusterMetadata } from '../../models/cluster-metadata.js';

/** GetClusterMetadata (12): empty request; cluster description response (§12.4). */
export type GetClusterMetadataRequest = Record<string, never>;
export type GetClusterMetadataResponse = ClusterMetadata;

export function encodeGetClusterMetadataRequest(_request: GetClusterMetadataRequest = {}): Buffer {
  return EMPTY_PAYLOAD;
}

export function decodeGetClusterMetadataRequest(payload: Buffer): GetClusterMetadataRequest {
  expectEmptyPayload(payload);
  return {};
}

export function encodeGetClusterMetadataResponse(response: GetClusterMetadataResponse): Buffer {
  const writer = new BufferWriter(256);
  writeClusterMetadata(writer, response);
  return writer.view();
}

export function decodeGetClusterMetadataResponse(payload: Buffer): GetClusterMetadataResponse {
  return readClusterMetadata(new BufferReader(payload));
}
