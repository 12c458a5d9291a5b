import { parentPort, workerData } from 'node:worker_threads';
import type { ActorConnection, ActorMessage, ActorSpec } from './actor-spec.js';
import type { BatchRecorder } from './batch-recorder.js';
import { ActorTimeline } from './actor-timeline.js';
import { runActor } from './run-actor.js';

/** Worker-thread entry: one actor, one connection; talks to the runner through ActorMessage. */
const PROGRESS_INTERVAL_MS = 250;

const { spec, connection } = workerData as { spec: ActorSpec; connection: ActorConnection };
const port = parentPort!;
const post = (message: ActorMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let startSignal!: () => void;
const started = new Promise<void>((resolve) => (startSignal = resolve));
port.on('message', (message: { type: string }) => {
  if (message.type === 'start') startSignal();
});

let recorder: BatchRecorder | null = null;
const timer = setInterval(() => {
  if (recorder) post({ type: 'progress', messages: recorder.messagesTotal, userDataBytes: recorder.userDataBytesTotal });
}, PROGRESS_INTERVAL_MS);

const timeline = ActorTimeline.fromEnv();
try {
  const result = await runActor(spec, connection, {
    started,
    ready: () => post({ type: 'ready' }),
    recorder: (r) => (recorder = r),
  });
  const r = result.records;
  timeline?.write(spec, r);
  post({ type: 'done', result }, [r.startMs.buffer, r.latencyUs.buffer, r.messages.buffer, r.userDataBytes.buffer, r.totalBytes.buffer] as ArrayBuffer[]);
} catch (error) {
  post({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
} finally {
  clearInterval(timer);
  port.close();
}
