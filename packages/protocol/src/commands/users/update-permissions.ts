import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';
import type { Permissions } from '../../models/permissions.js';
import { readOptionalPermissions, writeOptionalPermissions } from './user-fields.js';

/** UpdatePermissions (36): identifier, optional permissions (null removes all). Empty response. */
export interface UpdatePermissionsRequest {
  userId: Identifier;
  permissions: Permissions | null;
}

export function encodeUpdatePermissionsRequest(request: UpdatePermissionsRequest): Buffer {
  const writer = new BufferWriter(64);
  writeIdentifier(writer, request.userId);
  writeOptionalPermissions(writer, request.permissions);
  return writer.view();
}

export function decodeUpdatePermissionsRequest(payload: Buffer): UpdatePermissionsRequest {
  ensureMinPayload(payload, 4);
  const reader = new BufferReader(payload);
  const userId = readIdentifier(reader);
  return { userId, permissions: readOptionalPermissions(reader) };
}
