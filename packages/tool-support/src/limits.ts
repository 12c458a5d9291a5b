// Bounds of the shared tool plumbing, one reason each.

/** Config file size read at start; a bigger file is a mistake, not a config. */
export const CONFIG_FILE_BYTES_MAX = 1024 * 1024;
