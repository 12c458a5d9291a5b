// The [permissions] switches, checked before a request reaches the Iggy server (as Iggy's MCP
// server does): they narrow what the MCP server's own Iggy user could do, never widen it.

export type Access = 'create' | 'read' | 'update' | 'delete';

export interface PermissionSwitches {
  create: boolean;
  read: boolean;
  update: boolean;
  delete: boolean;
}

export class PermissionDeniedError extends Error {
  constructor(readonly access: Access) {
    super(`Insufficient '${access}' permissions`);
    this.name = 'PermissionDeniedError';
  }
}

export function ensureAllowed(switches: PermissionSwitches, access: Access): void {
  if (!switches[access]) throw new PermissionDeniedError(access);
}
