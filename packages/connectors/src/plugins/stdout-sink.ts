// stdout sink (Iggy's iggy_connector_stdout_sink): prints a line per message; with
// print_payload the payload too.
import { defineSink, type ConsumedMessage } from '../plugin-api.js';
import { PluginConfigReader } from './plugin-config.js';

export default defineSink({
  create(context) {
    const printPayload = new PluginConfigReader(context.config, `sink ${context.key}`).boolean('print_payload', false);
    return {
      async consume(topic, metadata, messages) {
        const lines = messages.map((message: ConsumedMessage) => {
          const head = `[${context.name}] ${topic.stream}/${topic.topic} partition ${metadata.partitionId} offset ${message.offset} id ${message.id} (${message.payload.length} bytes)`;
          if (!printPayload) return head;
          const shown = message.json !== undefined ? JSON.stringify(message.json) : metadata.schema === 'text' ? message.payload.toString('utf8') : message.payload.toString('base64');
          return `${head}: ${shown}`;
        });
        await new Promise<void>((resolve, reject) => process.stdout.write(`${lines.join('\n')}\n`, (error) => (error ? reject(error) : resolve())));
      },
    };
  },
});
