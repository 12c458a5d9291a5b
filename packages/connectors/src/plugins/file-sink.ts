// File sink: appends one JSON line per message to plugin_config.path and fsyncs before
// acknowledging (fsync = false skips that). Each line carries the message id and offset, so a
// batch delivered again after a crash (at-least-once) can be recognised by a reader.
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { defineSink, type ConsumedMessage, type MessagesMetadata, type TopicMetadata } from '../plugin-api.js';
import { PluginConfigReader } from './plugin-config.js';

export default defineSink({
  create(context) {
    const reader = new PluginConfigReader(context.config, `sink ${context.key}`);
    const path = resolve(context.configDir, reader.string('path'));
    const fsync = reader.boolean('fsync', true);
    let file: FileHandle | null = null;
    return {
      async open() {
        await mkdir(dirname(path), { recursive: true });
        file = await open(path, 'a');
        context.log.info(`appending JSON lines to ${path}`);
      },
      async consume(topic: TopicMetadata, metadata: MessagesMetadata, messages: ConsumedMessage[]) {
        if (!file) throw new Error(`sink ${context.key} is not open`);
        const lines = messages.map((message) =>
          JSON.stringify({
            id: message.id.toString(),
            offset: Number(message.offset),
            partition_id: metadata.partitionId,
            stream: topic.stream,
            topic: topic.topic,
            timestamp: Number(message.timestamp),
            payload: message.json !== undefined ? message.json : metadata.schema === 'text' ? message.payload.toString('utf8') : message.payload.toString('base64'),
          }),
        );
        await file.appendFile(`${lines.join('\n')}\n`);
        if (fsync) await file.sync();
      },
      async close() {
        await file?.close();
        file = null;
      },
    };
  },
});
