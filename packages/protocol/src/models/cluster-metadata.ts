import type { BufferReader } from '../buffer-reader.js';
import { BufferWriter } from '../buffer-writer.js';
import { ErrorCode } from '../errors/error-codes.js';
import { IggyError } from '../errors/iggy-error.js';

/** Cluster node role (§7.6). */
export const ClusterNodeRole = { Leader: 0, Follower: 1 } as const;
export type ClusterNodeRole = (typeof ClusterNodeRole)[keyof typeof ClusterNodeRole];

/** Cluster node status (§7.6). 5 (unknown) exists in Rust but clients reject it. */
export const ClusterNodeStatus = { Healthy: 0, Starting: 1, Stopping: 2, Unreachable: 3, Maintenance: 4 } as const;
export type ClusterNodeStatus = (typeof ClusterNodeStatus)[keyof typeof ClusterNodeStatus];

export interface ClusterNode {
  name: string;
  ip: string;
  tcpPort: number;
  quicPort: number;
  httpPort: number;
  websocketPort: number;
  role: ClusterNodeRole;
  status: ClusterNodeStatus;
}

/** GetClusterMetadata response (§12.4). */
export interface ClusterMetadata {
  name: string;
  nodes: ClusterNode[];
}

export function writeClusterMetadata(writer: BufferWriter, metadata: ClusterMetadata): void {
  writer.str32(metadata.name).u32(metadata.nodes.length);
  for (const node of metadata.nodes) {
    writer.str32(node.name).str32(node.ip).u16(node.tcpPort).u16(node.quicPort).u16(node.httpPort).u16(node.websocketPort);
    writer.u8(node.role).u8(node.status);
  }
}

export function encodeClusterMetadata(metadata: ClusterMetadata): Buffer {
  const writer = new BufferWriter(128);
  writeClusterMetadata(writer, metadata);
  return writer.view();
}

/** Unknown role or status values are rejected (3), as the SDK decoders do. */
export function readClusterMetadata(reader: BufferReader): ClusterMetadata {
  const name = reader.str32();
  const count = reader.u32();
  // Each node needs at least 18 bytes: refuse a count the payload cannot hold before looping.
  reader.ensure(count * 18);
  const nodes: ClusterNode[] = [];
  for (let index = 0; index < count; index++) {
    const node = {
      name: reader.str32(),
      ip: reader.str32(),
      tcpPort: reader.u16(),
      quicPort: reader.u16(),
      httpPort: reader.u16(),
      websocketPort: reader.u16(),
      role: reader.u8() as ClusterNodeRole,
      status: reader.u8() as ClusterNodeStatus,
    };
    if (node.role > 1) throw new IggyError(ErrorCode.InvalidCommand, `cluster node role ${node.role}`);
    if (node.status > 4) throw new IggyError(ErrorCode.InvalidCommand, `cluster node status ${node.status}`);
    nodes.push(node);
  }
  return { name, nodes };
}
