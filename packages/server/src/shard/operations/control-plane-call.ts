/**
 * The one way an operation asks the control plane for a metadata change: the caller's id travels
 * with the command, and the control plane publishes the new metadata before it answers, so the
 * caller's follow-up read on this shard already sees the change.
 */
import type { ControlPlaneCommand, ControlPlaneResult } from '../metadata-commands.js';
import { callerId, type OperationContext } from './context.js';

export function runMetadataCommand(context: OperationContext, command: ControlPlaneCommand): Promise<ControlPlaneResult> {
  return context.shard.bus.sendToControlPlane({ kind: 'metadataCommand', userId: callerId(context), command });
}
