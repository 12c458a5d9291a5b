// What every tool needs, and the one place tools are registered: the permission check comes
// first, then the call; results are JSON text (bigints as decimal strings, bytes as base64).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { IggyError, type Consumer, type IggyClient, type Identifier } from '@iggy-node/sdk';
import { z } from 'zod';
import { ensureAllowed, type Access, type PermissionSwitches } from '../permissions.js';

export interface ToolContext {
  client: IggyClient;
  /** The consumer poll_messages and the offset tools act as ([iggy] consumer). */
  consumer: Consumer;
  permissions: PermissionSwitches;
}

export type ToolShape = Record<string, z.ZodTypeAny>;

export function registerIggyTool<Shape extends ToolShape>(
  server: McpServer,
  context: ToolContext,
  name: string,
  description: string,
  access: Access,
  shape: Shape,
  run: (args: z.objectOutputType<Shape, z.ZodTypeAny>) => Promise<unknown>,
): void {
  const annotations = { readOnlyHint: access === 'read', destructiveHint: access === 'delete' };
  const handler = async (args: z.objectOutputType<Shape, z.ZodTypeAny>): Promise<CallToolResult> => {
    ensureAllowed(context.permissions, access);
    try {
      const result = await run(args);
      return { content: [{ type: 'text', text: toJsonText(result ?? { ok: true }) }] };
    } catch (error) {
      if (error instanceof IggyError) {
        return { isError: true, content: [{ type: 'text', text: toJsonText({ error: error.message, code: error.code }) }] };
      }
      throw error;
    }
  };
  // The SDK's generic types for raw shapes are deep; the shape and handler agree by construction.
  const register = server.registerTool.bind(server) as unknown as (n: string, c: object, cb: (args: never) => Promise<CallToolResult>) => void;
  register(name, { description, inputSchema: shape, annotations }, handler as (args: never) => Promise<CallToolResult>);
}

/** Identifier as Iggy's MCP server reads it: a number (or numeric string) is an id, else a name. */
export const identifierSchema = z.union([z.string().min(1), z.number().int().nonnegative()]);

export function toIdentifier(value: string | number): Identifier {
  if (typeof value === 'number') return value;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export function toJsonText(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, item: unknown) => {
      if (typeof item === 'bigint') return item <= BigInt(Number.MAX_SAFE_INTEGER) && item >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(item) : item.toString();
      if (item instanceof Map) return Object.fromEntries(item);
      if (item && typeof item === 'object' && (item as { type?: unknown }).type === 'Buffer' && Array.isArray((item as { data?: unknown }).data)) {
        return Buffer.from((item as { data: number[] }).data).toString('base64');
      }
      return item;
    },
    2,
  );
}
