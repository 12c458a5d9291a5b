/**
 * This thread's request timeline (diagnostics/request-timeline.ts), or null: the default, and then
 * the binary connections record nothing. One per thread, since each shard is its own worker.
 */
import { threadId } from 'node:worker_threads';
import { RequestTimeline } from './request-timeline.js';

export { timelineNowMs } from './request-timeline.js';

export const requestTimeline: RequestTimeline | null = RequestTimeline.fromEnv(threadId);
