import { constants } from 'node:fs';
import { open, mkdir, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ErrorCode, IggyError, xxh3_64, type MessageEncryptor } from '@iggy-node/protocol';
import { fileIo, writeFully } from '../storage/file-io.js';

// Entry framing, modelled on Iggy 0.7's state log (storage.md §5.2), all little-endian:
//
//   0 index u64 · 8 term u64 · 16 leader_id u32 · 20 version u32 · 24 flags u64 ·
//   32 timestamp u64 · 40 user_id u32 · 44 checksum u64 · 52 context_length u32 ·
//   56 context · command code u32 · command length u32 · payload
//
// checksum = XXH3-64 over every byte of the entry except the checksum field itself.
// The payload is ours (metadata-command.ts), not Iggy's binary command, so the file is not
// meant to be read by an Iggy server.
//
// With [system.encryption] the payload is stored as AES-256-GCM nonce ‖ ciphertext ‖ tag and
// the command length is the encrypted length; the checksum stays the one of the plaintext
// entry, as in Iggy 0.7 (state/file.rs).

const INDEX_AT = 0;
const TERM_AT = 8;
const LEADER_ID_AT = 16;
const VERSION_AT = 20;
const FLAGS_AT = 24;
const TIMESTAMP_AT = 32;
const USER_ID_AT = 40;
const CHECKSUM_AT = 44;
const CONTEXT_LENGTH_AT = 52;
const CONTEXT_AT = 56;
const CHECKSUM_SIZE = 8;
/** Bytes before the context. */
const ENTRY_HEAD_SIZE = CONTEXT_AT;
/** Command code + command length after the context. */
const COMMAND_HEAD_SIZE = 8;
/** Smallest possible entry: no context, empty payload. */
export const STATE_ENTRY_SIZE_MIN = ENTRY_HEAD_SIZE + COMMAND_HEAD_SIZE;
/** Iggy 0.7.0 writes major·10⁶ + minor·10³ + patch. */
export const STATE_ENTRY_VERSION = 7000;
/**
 * No entry we write comes near this; a length field above it is garbage, which lets the
 * recovery scan reject random bytes cheaply.
 */
const ENTRY_PART_SIZE_MAX = 64 * 1024 * 1024;

export interface StateEntry {
  index: bigint;
  term: bigint;
  leaderId: number;
  version: number;
  flags: bigint;
  timestampMicros: bigint;
  userId: number;
  context: Buffer;
  code: number;
  payload: Buffer;
  /** Byte offset of the entry in the file (for error messages). */
  fileOffset: number;
}

export interface StateLogAppend {
  code: number;
  payload: Buffer;
  timestampMicros: bigint;
  userId: number;
}

export interface StateLogOpenResult {
  log: StateLog;
  entries: StateEntry[];
  /** Human-readable notes about repairs made while loading (a truncated torn tail). */
  warnings: string[];
}

export interface StateLogOptions {
  /** `system.state.enforce_fsync`: fdatasync after every append. */
  enforceFsync: boolean;
  /** `[system.encryption]`: command payloads are stored encrypted. */
  encryptor?: MessageEncryptor | null;
}

/** Entry bytes; with an encryptor the payload is stored encrypted under the plaintext checksum. */
export function encodeStateEntry(entry: Omit<StateEntry, 'fileOffset'>, encryptor: MessageEncryptor | null = null): Buffer {
  const plain = encodePlainStateEntry(entry);
  if (encryptor === null) return plain;
  const stored = encodePlainStateEntry({ ...entry, payload: encryptor.encrypt(entry.payload) });
  plain.copy(stored, CHECKSUM_AT, CHECKSUM_AT, CHECKSUM_AT + CHECKSUM_SIZE);
  return stored;
}

function encodePlainStateEntry(entry: Omit<StateEntry, 'fileOffset'>): Buffer {
  const size = ENTRY_HEAD_SIZE + entry.context.length + COMMAND_HEAD_SIZE + entry.payload.length;
  const buffer = Buffer.alloc(size);
  buffer.writeBigUInt64LE(entry.index, INDEX_AT);
  buffer.writeBigUInt64LE(entry.term, TERM_AT);
  buffer.writeUInt32LE(entry.leaderId, LEADER_ID_AT);
  buffer.writeUInt32LE(entry.version, VERSION_AT);
  buffer.writeBigUInt64LE(entry.flags, FLAGS_AT);
  buffer.writeBigUInt64LE(entry.timestampMicros, TIMESTAMP_AT);
  buffer.writeUInt32LE(entry.userId, USER_ID_AT);
  buffer.writeUInt32LE(entry.context.length, CONTEXT_LENGTH_AT);
  entry.context.copy(buffer, CONTEXT_AT);
  const commandAt = CONTEXT_AT + entry.context.length;
  buffer.writeUInt32LE(entry.code, commandAt);
  buffer.writeUInt32LE(entry.payload.length, commandAt + 4);
  entry.payload.copy(buffer, commandAt + COMMAND_HEAD_SIZE);
  buffer.writeBigUInt64LE(entryChecksum(buffer), CHECKSUM_AT);
  return buffer;
}

/** XXH3-64 of the entry bytes without the checksum field. */
function entryChecksum(entryBytes: Buffer): bigint {
  return xxh3_64(Buffer.concat([entryBytes.subarray(0, CHECKSUM_AT), entryBytes.subarray(CHECKSUM_AT + CHECKSUM_SIZE)]));
}

type ParseResult =
  | { ok: true; entry: StateEntry; size: number }
  | {
      ok: false;
      reason: string;
      /** the declared entry reaches past the end of the data */
      truncated: boolean;
      /** the entry is complete but its payload does not decrypt with the configured key */
      undecryptable?: boolean;
      /** end of the declared entry, when its framing is complete */
      end?: number;
    };

/** Parses and verifies one entry at `offset`; never throws. */
function parseEntryAt(data: Buffer, offset: number, encryptor: MessageEncryptor | null = null): ParseResult {
  const available = data.length - offset;
  if (available < STATE_ENTRY_SIZE_MIN) return { ok: false, reason: `${available} bytes left, an entry needs at least ${STATE_ENTRY_SIZE_MIN}`, truncated: true };
  const contextLength = data.readUInt32LE(offset + CONTEXT_LENGTH_AT);
  if (contextLength > ENTRY_PART_SIZE_MAX) return { ok: false, reason: `context length ${contextLength} is implausible`, truncated: false };
  const commandAt = offset + CONTEXT_AT + contextLength;
  if (commandAt + COMMAND_HEAD_SIZE > data.length) return { ok: false, reason: 'entry runs past the end of the file', truncated: true };
  const payloadLength = data.readUInt32LE(commandAt + 4);
  if (payloadLength > ENTRY_PART_SIZE_MAX) return { ok: false, reason: `payload length ${payloadLength} is implausible`, truncated: false };
  const end = commandAt + COMMAND_HEAD_SIZE + payloadLength;
  if (end > data.length) return { ok: false, reason: 'entry runs past the end of the file', truncated: true };
  let bytes = data.subarray(offset, end);
  let payload = data.subarray(commandAt + COMMAND_HEAD_SIZE, end);
  if (encryptor !== null) {
    try {
      payload = encryptor.decrypt(payload);
    } catch {
      // Zeros are what a crash leaves in a torn tail; real ciphertext means the wrong key.
      const undecryptable = payload.some((byte) => byte !== 0);
      return { ok: false, reason: 'the command does not decrypt with system.encryption.key', truncated: false, undecryptable, end };
    }
    // The checksum is the one of the plaintext entry (plaintext length included).
    const head = Buffer.from(data.subarray(offset, commandAt + COMMAND_HEAD_SIZE));
    head.writeUInt32LE(payload.length, commandAt - offset + 4);
    bytes = Buffer.concat([head, payload]);
  }
  const stored = bytes.readBigUInt64LE(CHECKSUM_AT);
  const computed = entryChecksum(bytes);
  if (stored !== computed) return { ok: false, reason: `checksum ${stored} does not match computed ${computed}`, truncated: false, end };
  return {
    ok: true,
    size: end - offset,
    entry: {
      index: bytes.readBigUInt64LE(INDEX_AT),
      term: bytes.readBigUInt64LE(TERM_AT),
      leaderId: bytes.readUInt32LE(LEADER_ID_AT),
      version: bytes.readUInt32LE(VERSION_AT),
      flags: bytes.readBigUInt64LE(FLAGS_AT),
      timestampMicros: bytes.readBigUInt64LE(TIMESTAMP_AT),
      userId: bytes.readUInt32LE(USER_ID_AT),
      context: Buffer.from(data.subarray(offset + CONTEXT_AT, commandAt)),
      code: data.readUInt32LE(commandAt),
      payload: Buffer.from(payload),
      fileOffset: offset,
    },
  };
}

/**
 * True when a valid entry starts anywhere after `from`. Used to tell a torn tail (nothing valid
 * follows: a crash cut the last write) from interior corruption (valid entries follow, so
 * dropping the bad one would silently lose committed changes). Every byte offset is tried
 * because a corrupted length field cannot be trusted to lead to the next entry; the version
 * field is a cheap pre-filter before the checksum.
 */
function validEntryFollows(data: Buffer, from: number, encryptor: MessageEncryptor | null): number | null {
  for (let offset = from + 1; offset + STATE_ENTRY_SIZE_MIN <= data.length; offset += 1) {
    if (data.readUInt32LE(offset + VERSION_AT) !== STATE_ENTRY_VERSION) continue;
    if (parseEntryAt(data, offset, encryptor).ok) return offset;
  }
  return null;
}

/** Makes a newly created file's directory entry durable. */
async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, constants.O_RDONLY);
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/**
 * The append-only metadata state log, `{system.path}/state/log`. Only the control-plane thread
 * opens it. Appends are serialised; each is one positional write at the tracked end of the file
 * (plus fdatasync when `enforceFsync`), so a crash can only leave a torn last entry, which the
 * next open truncates away.
 *
 * Failure handling: when a write fails the file is truncated back to the last complete entry
 * and the append rejects with CannotWriteToFile (the caller has changed nothing yet). If even
 * that truncation fails, `failure` is set and the next append first retries the truncation
 * (refusing while it fails), so freeing space makes the log usable again without a restart.
 * Were the process to stop meanwhile, the next open sees the partial entry as a torn tail.
 */
export class StateLog {
  readonly path: string;
  readonly #file: FileHandle;
  readonly #enforceFsync: boolean;
  readonly #encryptor: MessageEncryptor | null;
  #endOffset: number;
  #nextIndex: bigint;
  #tail: Promise<unknown> = Promise.resolve();
  #failure: Error | null = null;
  #lastAppendFailed = false;
  #closed = false;

  private constructor(path: string, file: FileHandle, endOffset: number, nextIndex: bigint, enforceFsync: boolean, encryptor: MessageEncryptor | null) {
    this.path = path;
    this.#encryptor = encryptor;
    this.#file = file;
    this.#endOffset = endOffset;
    this.#nextIndex = nextIndex;
    this.#enforceFsync = enforceFsync;
  }

  /**
   * Opens (creating if missing) and reads the log. A torn or checksum-failing last entry is
   * truncated away and reported in `warnings`; a bad entry followed by valid ones, or an index
   * that is not previous + 1, rejects with an Error naming the file and byte offset.
   */
  static async open(path: string, options: StateLogOptions): Promise<StateLogOpenResult> {
    await mkdir(dirname(path), { recursive: true });
    // Read-write without O_APPEND: Linux ignores the position of writes to an O_APPEND file,
    // and appends must land exactly at the tracked end (after a truncated torn tail).
    const file = await open(path, constants.O_RDWR | constants.O_CREAT, 0o600);
    try {
      const data = await file.readFile();
      const entries: StateEntry[] = [];
      const warnings: string[] = [];
      const encryptor = options.encryptor ?? null;
      let offset = 0;
      while (offset < data.length) {
        const parsed = parseEntryAt(data, offset, encryptor);
        if (!parsed.ok) {
          if (parsed.undecryptable) {
            // Never a torn tail: the whole entry is there. Truncating would destroy metadata
            // that a restart with the right key reads fine.
            throw new Error(
              `state log ${path}: the entry at byte offset ${offset} cannot be decrypted with system.encryption.key ` +
                '(the key differs from the one the data was written with, or the data was written without encryption)',
            );
          }
          if (parsed.end !== undefined && data.subarray(parsed.end).some((byte) => byte !== 0)) {
            // A torn write leaves a prefix of the entry (or zeros); a complete entry that fails
            // with more data behind it is damage, or data encrypted under another setting.
            throw new Error(
              `state log ${path} is corrupted at byte offset ${offset} (${parsed.reason}) and more data follows; ` +
                (encryptor === null ? 'if the data was written with [system.encryption] enabled, start with the same key' : 'it is not a torn tail'),
            );
          }
          const validAt = validEntryFollows(data, offset, encryptor);
          if (validAt !== null) {
            throw new Error(
              `state log ${path} is corrupted at byte offset ${offset} (${parsed.reason}); ` +
                `a valid entry follows at byte offset ${validAt}, so it is not a torn tail`,
            );
          }
          const droppedBytes = data.length - offset;
          await file.truncate(offset);
          await file.sync();
          warnings.push(
            `state log ${path}: truncated ${droppedBytes} bytes of a torn last entry at byte offset ${offset} ` +
              `(${parsed.reason}); the change it held was never acknowledged`,
          );
          break;
        }
        const expectedIndex = entries.length === 0 ? 0n : entries[entries.length - 1]!.index + 1n;
        if (parsed.entry.index !== expectedIndex) {
          throw new Error(
            `state log ${path} is corrupted at byte offset ${offset}: entry index ${parsed.entry.index}, expected ${expectedIndex}`,
          );
        }
        entries.push(parsed.entry);
        offset += parsed.size;
      }
      if (data.length === 0 && options.enforceFsync) await syncDirectory(dirname(path));
      const nextIndex = entries.length === 0 ? 0n : entries[entries.length - 1]!.index + 1n;
      return { log: new StateLog(path, file, offset, nextIndex, options.enforceFsync, encryptor), entries, warnings };
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** Index the next appended entry will get. */
  get nextIndex(): bigint {
    return this.#nextIndex;
  }

  /** Bytes of complete entries in the file. */
  get sizeBytes(): number {
    return this.#endOffset;
  }

  /** Set once a failed write could not be undone; the log refuses appends from then on. */
  get failure(): Error | null {
    return this.#failure;
  }

  /** True while the most recent append failed (a full disk, EIO); for the health signal. */
  get failing(): boolean {
    return this.#lastAppendFailed || this.#failure !== null;
  }

  /** Appends one entry; resolves after the write (and fdatasync when enforced). */
  append(request: StateLogAppend): Promise<StateEntry> {
    const run = this.#tail.then(() => this.#appendNow(request));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #appendNow(request: StateLogAppend): Promise<StateEntry> {
    if (this.#closed) throw new Error(`state log ${this.path} is closed`);
    if (this.#failure !== null) {
      // A failed append whose bytes could not be cut: cut them now, or refuse again.
      try {
        await fileIo().truncate(this.path, this.#file, this.#endOffset);
        this.#failure = null;
      } catch {
        throw this.#failure;
      }
    }
    const entry: StateEntry = {
      index: this.#nextIndex,
      term: 0n,
      leaderId: 0,
      version: STATE_ENTRY_VERSION,
      flags: 0n,
      timestampMicros: request.timestampMicros,
      userId: request.userId,
      context: Buffer.alloc(0),
      code: request.code,
      payload: request.payload,
      fileOffset: this.#endOffset,
    };
    const bytes = encodeStateEntry(entry, this.#encryptor);
    try {
      await writeFully(this.#file, bytes, this.#endOffset, this.path);
      if (this.#enforceFsync) await fileIo().datasync(this.path, this.#file);
    } catch (error) {
      this.#lastAppendFailed = true;
      await this.#undoPartialWrite(error as Error);
      // The change is not applied and not acknowledged; the client learns the disk refused it.
      throw new IggyError(ErrorCode.CannotWriteToFile, `state log ${this.path}: ${(error as Error).message}`);
    }
    this.#lastAppendFailed = false;
    this.#endOffset += bytes.length;
    this.#nextIndex += 1n;
    return entry;
  }

  async #undoPartialWrite(cause: Error): Promise<void> {
    try {
      await fileIo().truncate(this.path, this.#file, this.#endOffset);
    } catch {
      this.#failure = new IggyError(ErrorCode.CannotWriteToFile, `state log ${this.path} holds bytes of a failed append that could not be cut: ${cause.message}`);
    }
  }

  /** Waits for pending appends, then closes the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#tail;
    this.#closed = true;
    await this.#file.close();
  }
}
