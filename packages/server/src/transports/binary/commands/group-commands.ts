/** Consumer group commands. */
import { COMMAND_CODECS as C } from '@iggy-node/protocol';
import * as groups from '../../../shard/operations/consumer-groups.js';
import { command, emptyPayload, type BinaryCommand } from '../binary-command.js';

export const groupCommands: BinaryCommand[] = [
  command({ code: C.GetConsumerGroup.code, name: 'GetConsumerGroup', requiresAuthentication: true, decode: C.GetConsumerGroup.decodeRequest, run: groups.getConsumerGroup, encode: C.GetConsumerGroup.encodeResponse }),
  command({
    code: C.GetConsumerGroups.code,
    name: 'GetConsumerGroups',
    requiresAuthentication: true,
    decode: C.GetConsumerGroups.decodeRequest,
    run: groups.getConsumerGroups,
    encode: (list) => C.GetConsumerGroups.encodeResponse(list ?? []),
  }),
  command({ code: C.CreateConsumerGroup.code, name: 'CreateConsumerGroup', requiresAuthentication: true, decode: C.CreateConsumerGroup.decodeRequest, run: groups.createConsumerGroup, encode: C.CreateConsumerGroup.encodeResponse }),
  command({ code: C.DeleteConsumerGroup.code, name: 'DeleteConsumerGroup', requiresAuthentication: true, decode: C.DeleteConsumerGroup.decodeRequest, run: groups.deleteConsumerGroup, encode: emptyPayload }),
  command({ code: C.JoinConsumerGroup.code, name: 'JoinConsumerGroup', requiresAuthentication: true, decode: C.JoinConsumerGroup.decodeRequest, run: groups.joinConsumerGroup, encode: emptyPayload }),
  command({ code: C.LeaveConsumerGroup.code, name: 'LeaveConsumerGroup', requiresAuthentication: true, decode: C.LeaveConsumerGroup.decodeRequest, run: groups.leaveConsumerGroup, encode: emptyPayload }),
];
