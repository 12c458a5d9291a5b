/**
 * The partition placement scheme a data directory uses, recorded in `state/partition_placement`
 * so that a directory keeps its placement across restarts and upgrades. A new directory gets
 * the current scheme; a directory that already holds streams or a state log but no record was
 * made before placement was recorded, when every directory used Iggy's murmur3 formula.
 *
 * Runs on: the coordinator, once at start-up, before any shard starts.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PLACEMENT_SCHEMES, type PlacementScheme } from '../bus/partition-placement.js';

export const PLACEMENT_FILE_NAME = 'partition_placement';
export const CURRENT_PLACEMENT_SCHEME: PlacementScheme = 'spread-v1';

export function resolvePlacementScheme(dataPath: string, streamsFolder: string): { scheme: PlacementScheme; created: boolean } {
  const file = path.join(dataPath, 'state', PLACEMENT_FILE_NAME);
  if (existsSync(file)) {
    const recorded = readFileSync(file, 'utf8').trim();
    if (!(PLACEMENT_SCHEMES as readonly string[]).includes(recorded)) {
      throw new Error(`${file}: unknown partition placement scheme "${recorded}" (known: ${PLACEMENT_SCHEMES.join(', ')})`);
    }
    return { scheme: recorded as PlacementScheme, created: false };
  }
  const scheme = holdsData(dataPath, streamsFolder) ? 'murmur3' : CURRENT_PLACEMENT_SCHEME;
  writeFileSync(file, `${scheme}\n`);
  return { scheme, created: true };
}

function holdsData(dataPath: string, streamsFolder: string): boolean {
  const nonEmpty = (folder: string): boolean => existsSync(folder) && readdirSync(folder).length > 0;
  const stateEntries = existsSync(path.join(dataPath, 'state')) ? readdirSync(path.join(dataPath, 'state')).filter((n) => n !== PLACEMENT_FILE_NAME) : [];
  return stateEntries.length > 0 || nonEmpty(path.join(dataPath, streamsFolder));
}
