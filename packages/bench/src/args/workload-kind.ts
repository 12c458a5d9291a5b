/** The eight Iggy 0.7 benchmark kinds, spelled as on Iggy's command line. */
export const WORKLOAD_KINDS = [
  'pinned-producer',
  'pinned-consumer',
  'pinned-producer-and-consumer',
  'balanced-producer',
  'balanced-consumer-group',
  'balanced-producer-and-consumer-group',
  'end-to-end-producing-consumer',
  'end-to-end-producing-consumer-group',
] as const;

export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export function isWorkloadKind(value: string): value is WorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(value);
}

/** Iggy's transport subcommand names; quic and http are not served by this bench. */
export const TRANSPORTS = ['tcp', 'websocket'] as const;
export type Transport = (typeof TRANSPORTS)[number];
