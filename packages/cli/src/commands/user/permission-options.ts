import type { Argv } from 'yargs';

const GLOBAL_HELP =
  'Comma separated global permissions (long or short names, or all): manage_servers/m_srv, read_servers/r_srv, ' +
  'manage_users/m_usr, read_users/r_usr, manage_streams/m_str, read_streams/r_str, manage_topics/m_top, ' +
  'read_topics/r_top, poll_messages/p_msg, send_messages/s_msg';
const STREAM_HELP =
  'Per-stream permissions, repeatable: STREAM_ID[:PERMISSIONS][#TOPIC_ID[:PERMISSIONS]]... Stream: manage_stream/m_str, ' +
  'read_stream/r_str, manage_topics/m_top, read_topics/r_top, poll_messages/p_msg, send_messages/s_msg. Topic: ' +
  'manage_topic/m_top, read_topic/r_top, poll_messages/p_msg, send_messages/s_msg. E.g. -s 4:m_str,r_top#1:s_msg,p_msg#2:m_top';

/** -g/--global-permissions and -s/--stream-permissions, as Iggy's `user create` and `user permissions`. */
export function withPermissionOptions<T>(y: Argv<T>) {
  return y
    .option('global-permissions', { alias: 'g', type: 'string', describe: GLOBAL_HELP })
    .option('stream-permissions', { alias: 's', type: 'string', array: true, describe: STREAM_HELP });
}
