/** SendMessages, PollMessages, FlushUnsavedBuffer and the consumer offset commands. */
import { COMMAND_CODECS as C, RESPONSE_HEADER_SIZE, validateSendMessagesBatch, writePollMessagesResponseHeader } from '@iggy-node/protocol';
import * as offsets from '../../../shard/operations/consumer-offsets.js';
import * as messages from '../../../shard/operations/messages.js';
import { command, emptyPayload, type BinaryCommand } from '../binary-command.js';

export const messageCommands: BinaryCommand[] = [
  command({
    code: C.SendMessages.code,
    name: 'SendMessages',
    requiresAuthentication: true,
    decode: (payload) => {
      const batch = C.SendMessages.decodeRequest(payload);
      validateSendMessagesBatch(batch);
      return batch;
    },
    run: (ctx, batch) =>
      messages.sendMessages(ctx, {
        streamId: batch.streamId,
        topicId: batch.topicId,
        partitioning: batch.partitioning,
        messagesCount: batch.messagesCount,
        messages: batch.messages,
        lease: ctx.lease,
      }),
    encode: emptyPayload,
    affinity: (result) => result.ownerShardId,
  }),
  command({
    code: C.PollMessages.code,
    name: 'PollMessages',
    requiresAuthentication: true,
    decode: C.PollMessages.decodeRequest,
    run: messages.pollMessages,
    // The stored records go out as they are, in the slot they were read into: the 16-byte poll
    // header goes in the room left in front of them, the response header before it.
    encode: (result) => {
      writePollMessagesResponseHeader(result.records.frame, RESPONSE_HEADER_SIZE, result.partitionId, BigInt(result.currentOffset), result.count);
      return result.records;
    },
    affinity: (result) => result.ownerShardId,
  }),
  command({ code: C.FlushUnsavedBuffer.code, name: 'FlushUnsavedBuffer', requiresAuthentication: true, decode: C.FlushUnsavedBuffer.decodeRequest, run: messages.flushUnsavedBuffer, encode: emptyPayload }),
  command({ code: C.GetConsumerOffset.code, name: 'GetConsumerOffset', requiresAuthentication: true, decode: C.GetConsumerOffset.decodeRequest, run: offsets.getConsumerOffset, encode: C.GetConsumerOffset.encodeResponse }),
  command({ code: C.StoreConsumerOffset.code, name: 'StoreConsumerOffset', requiresAuthentication: true, decode: C.StoreConsumerOffset.decodeRequest, run: offsets.storeConsumerOffset, encode: emptyPayload }),
  command({ code: C.DeleteConsumerOffset.code, name: 'DeleteConsumerOffset', requiresAuthentication: true, decode: C.DeleteConsumerOffset.decodeRequest, run: offsets.deleteConsumerOffset, encode: emptyPayload }),
];
