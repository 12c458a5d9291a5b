import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Where the CLI keeps contexts and login sessions: $IGGY_HOME, else ~/.iggy (as Iggy's CLI, so
 * an existing contexts.toml is picked up). Tests point IGGY_HOME at a temporary directory.
 */
export function iggyHome(env: NodeJS.ProcessEnv): string {
  const configured = env['IGGY_HOME'];
  if (configured) return path.resolve(configured);
  return path.join(homedir(), '.iggy');
}
