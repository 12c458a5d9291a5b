import type { HandlerRegistration } from './command-dispatcher.js';
import { groupHandlers } from './group-handlers.js';
import { messageHandlers } from './message-handlers.js';
import { offsetHandlers } from './offset-handlers.js';
import { sessionHandlers } from './session-handlers.js';
import { streamHandlers } from './stream-handlers.js';
import { systemHandlers } from './system-handlers.js';
import { tokenHandlers } from './token-handlers.js';
import { topicHandlers } from './topic-handlers.js';
import { userHandlers } from './user-handlers.js';

/** Every command this server answers; a code missing here closes the connection (Iggy). */
export function allHandlers(): HandlerRegistration[] {
  return [
    ...systemHandlers(),
    ...sessionHandlers(),
    ...streamHandlers(),
    ...topicHandlers(),
    ...messageHandlers(),
    ...offsetHandlers(),
    ...groupHandlers(),
    ...userHandlers(),
    ...tokenHandlers(),
  ];
}
