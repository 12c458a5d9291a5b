import type { CommandHead } from '../define-command.js';

// What `iggy --help` lists of each top-level command. Kept apart from the commands' modules so that
// the parser knows every command without loading any of them (all-commands.ts loads the one chosen).

export const PING: CommandHead = { command: 'ping', describe: 'Ping the server' };
export const ME: CommandHead = { command: 'me', describe: 'Show the client record of this connection' };
export const STATS: CommandHead = { command: 'stats', describe: 'Show server statistics' };
export const SNAPSHOT: CommandHead = { command: 'snapshot', describe: 'Download a diagnostic snapshot (zip) of the server' };
export const STREAM: CommandHead = { command: 'stream', describe: 'Stream commands' };
export const TOPIC: CommandHead = { command: 'topic', describe: 'Topic commands' };
export const PARTITION: CommandHead = { command: 'partition', describe: 'Partition commands' };
export const SEGMENT: CommandHead = { command: 'segment', describe: 'Segment commands' };
export const MESSAGE: CommandHead = { command: 'message', describe: 'Message commands', aliases: ['m'] };
export const CONSUMER_OFFSET: CommandHead = { command: 'consumer-offset', describe: 'Consumer offset commands' };
export const CONSUMER_GROUP: CommandHead = { command: 'consumer-group', describe: 'Consumer group commands' };
export const USER: CommandHead = { command: 'user', describe: 'User commands' };
export const PAT: CommandHead = { command: 'pat', describe: 'Personal access token commands' };
export const CLIENT: CommandHead = { command: 'client', describe: 'Connected client commands' };
export const CONTEXT: CommandHead = { command: 'context', describe: 'Contexts: named server connections (IGGY_HOME, default ~/.iggy)', aliases: ['ctx'] };
export const LOGIN: CommandHead = {
  command: 'login [expiry..]',
  describe: 'Log in and keep a session token for this context, used by later commands until `iggy logout`',
  aliases: ['li'],
};
export const LOGOUT: CommandHead = { command: 'logout', describe: 'Delete this context\'s session token on the server and forget it', aliases: ['lo'] };
export const COMPLETION: CommandHead = { command: 'completion <shell>', describe: 'Print the shell completion script for bash, zsh or fish' };
