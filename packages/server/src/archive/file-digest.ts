import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileDigest {
  sizeBytes: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
  /** MD5 of the content: what S3 reports as the ETag of a single-part upload. */
  md5: Buffer;
}

/** Streams a file once and hashes it (a segment can be 1 GiB: never read whole into memory). */
export async function fileDigest(path: string): Promise<FileDigest> {
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let sizeBytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const bytes = chunk as Buffer;
    sha256.update(bytes);
    md5.update(bytes);
    sizeBytes += bytes.length;
  }
  return { sizeBytes, sha256: sha256.digest('hex'), md5: md5.digest() };
}
