/** Streams, topics, partitions and segments. */
import { COMMAND_CODECS as C } from '@iggy-node/protocol';
import * as partitions from '../../../shard/operations/partitions.js';
import * as segments from '../../../shard/operations/segments.js';
import * as streams from '../../../shard/operations/streams.js';
import * as topics from '../../../shard/operations/topics.js';
import { command, emptyPayload, type BinaryCommand } from '../binary-command.js';

export const streamCommands: BinaryCommand[] = [
  command({ code: C.GetStream.code, name: 'GetStream', requiresAuthentication: true, decode: C.GetStream.decodeRequest, run: streams.getStream, encode: C.GetStream.encodeResponse }),
  command({ code: C.GetStreams.code, name: 'GetStreams', requiresAuthentication: true, decode: C.GetStreams.decodeRequest, run: (ctx) => streams.getStreams(ctx), encode: C.GetStreams.encodeResponse }),
  command({ code: C.CreateStream.code, name: 'CreateStream', requiresAuthentication: true, decode: C.CreateStream.decodeRequest, run: streams.createStream, encode: C.CreateStream.encodeResponse }),
  command({ code: C.DeleteStream.code, name: 'DeleteStream', requiresAuthentication: true, decode: C.DeleteStream.decodeRequest, run: streams.deleteStream, encode: emptyPayload }),
  command({ code: C.UpdateStream.code, name: 'UpdateStream', requiresAuthentication: true, decode: C.UpdateStream.decodeRequest, run: streams.updateStream, encode: emptyPayload }),
  command({ code: C.PurgeStream.code, name: 'PurgeStream', requiresAuthentication: true, decode: C.PurgeStream.decodeRequest, run: streams.purgeStream, encode: emptyPayload }),
  command({ code: C.GetTopic.code, name: 'GetTopic', requiresAuthentication: true, decode: C.GetTopic.decodeRequest, run: topics.getTopic, encode: C.GetTopic.encodeResponse }),
  command({ code: C.GetTopics.code, name: 'GetTopics', requiresAuthentication: true, decode: C.GetTopics.decodeRequest, run: topics.getTopics, encode: (list) => C.GetTopics.encodeResponse(list ?? []) }),
  command({ code: C.CreateTopic.code, name: 'CreateTopic', requiresAuthentication: true, decode: C.CreateTopic.decodeRequest, run: topics.createTopic, encode: C.CreateTopic.encodeResponse }),
  command({ code: C.DeleteTopic.code, name: 'DeleteTopic', requiresAuthentication: true, decode: C.DeleteTopic.decodeRequest, run: topics.deleteTopic, encode: emptyPayload }),
  command({ code: C.UpdateTopic.code, name: 'UpdateTopic', requiresAuthentication: true, decode: C.UpdateTopic.decodeRequest, run: topics.updateTopic, encode: emptyPayload }),
  command({ code: C.PurgeTopic.code, name: 'PurgeTopic', requiresAuthentication: true, decode: C.PurgeTopic.decodeRequest, run: topics.purgeTopic, encode: emptyPayload }),
  command({ code: C.CreatePartitions.code, name: 'CreatePartitions', requiresAuthentication: true, decode: C.CreatePartitions.decodeRequest, run: partitions.createPartitions, encode: emptyPayload }),
  command({ code: C.DeletePartitions.code, name: 'DeletePartitions', requiresAuthentication: true, decode: C.DeletePartitions.decodeRequest, run: partitions.deletePartitions, encode: emptyPayload }),
  command({ code: C.DeleteSegments.code, name: 'DeleteSegments', requiresAuthentication: true, decode: C.DeleteSegments.decodeRequest, run: segments.deleteSegments, encode: emptyPayload }),
];
