/**
 * Login sessions: `iggy login` creates a personal access token and keeps it here, one file per
 * context (`<IGGY_HOME>/sessions/<context>.json`, mode 0600), instead of Iggy's OS keyring (no
 * native keyring binding in this package). Later commands of that context log in with it until
 * `iggy logout` deletes the token on the server and the file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface LoginSession {
  /** The server the token belongs to ("host:port"). */
  server: string;
  username: string;
  tokenName: string;
  token: string;
  /** µs since the epoch as a decimal string, or "never". */
  expiresAt: string;
}

export class SessionStore {
  readonly directory: string;

  constructor(home: string) {
    this.directory = path.join(home, 'sessions');
  }

  fileOf(context: string): string {
    return path.join(this.directory, `${context}.json`);
  }

  get(context: string): LoginSession | null {
    const file = this.fileOf(context);
    if (!existsSync(file)) return null;
    try {
      const session = JSON.parse(readFileSync(file, 'utf8')) as LoginSession;
      return typeof session.token === 'string' && typeof session.server === 'string' ? session : null;
    } catch {
      return null; // unreadable: treated as logged out
    }
  }

  save(context: string, session: LoginSession): void {
    mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    const file = this.fileOf(context);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, file);
  }

  remove(context: string): void {
    rmSync(this.fileOf(context), { force: true });
  }
}
