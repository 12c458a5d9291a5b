import { createReadStream } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3BackupConfig } from '../config/server-config.js';
import { fileDigest } from './file-digest.js';
import type { SegmentArchiver, SegmentToArchive } from './segment-archiver.js';

/** Attempts per S3 request inside one archive try (the cleaner's next round retries anyway). */
const S3_MAX_ATTEMPTS = 2;

/**
 * Archives to an S3-compatible bucket ([system.backup.s3]). Each file is streamed up with its
 * length and Content-MD5 (the server rejects a body that does not match), then HEAD must report
 * the same length and, for a single-part upload, the MD5 as ETag. The SDK is loaded on first
 * use, so a server without S3 archiving never pays for it.
 */
export class S3SegmentArchiver implements SegmentArchiver {
  readonly description: string;
  #client: Promise<{ client: S3Client; sdk: typeof import('@aws-sdk/client-s3') }> | null = null;

  constructor(private readonly config: S3BackupConfig) {
    this.description = `s3 ${config.bucket}/${config.key_prefix}`;
  }

  async archive(segment: SegmentToArchive): Promise<void> {
    await this.#upload(segment.logPath, `${this.config.key_prefix}${segment.key}.log`);
    await this.#upload(segment.indexPath, `${this.config.key_prefix}${segment.key}.index`);
  }

  async #upload(path: string, key: string): Promise<void> {
    const { client, sdk } = await this.#sdk();
    const digest = await fileDigest(path);
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: this.config.bucket,
        Key: key,
        Body: createReadStream(path),
        ContentLength: digest.sizeBytes,
        ContentMD5: digest.md5.toString('base64'),
      }),
    );
    const head = await client.send(new sdk.HeadObjectCommand({ Bucket: this.config.bucket, Key: key }));
    if (head.ContentLength !== digest.sizeBytes) {
      throw new Error(`s3://${this.config.bucket}/${key} holds ${head.ContentLength} B, expected ${digest.sizeBytes} B`);
    }
    const etag = (head.ETag ?? '').replace(/"/g, '');
    // A multipart or KMS-encrypted object has an ETag that is not the MD5; Content-MD5 on the
    // PUT already had the server check the body then.
    if (/^[0-9a-f]{32}$/i.test(etag) && etag.toLowerCase() !== digest.md5.toString('hex')) {
      throw new Error(`s3://${this.config.bucket}/${key} has ETag ${etag}, expected MD5 ${digest.md5.toString('hex')}`);
    }
  }

  #sdk(): Promise<{ client: S3Client; sdk: typeof import('@aws-sdk/client-s3') }> {
    this.#client ??= import('@aws-sdk/client-s3').then((sdk) => {
      const config = this.config;
      const client = new sdk.S3Client({
        region: config.region,
        endpoint: config.endpoint === '' ? undefined : config.endpoint,
        forcePathStyle: config.force_path_style,
        credentials: config.access_key_id === '' ? undefined : { accessKeyId: config.access_key_id, secretAccessKey: config.secret_access_key },
        maxAttempts: S3_MAX_ATTEMPTS,
        // We send Content-MD5 ourselves; the SDK's streaming checksum trailers are not understood
        // by every S3-compatible server.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      return { client, sdk };
    });
    return this.#client;
  }
}
