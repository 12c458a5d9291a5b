/**
 * u64::MAX, Iggy's "never" / "unlimited" on the wire: the SDK's U64_MAX, defined here so that
 * parsing arguments and printing results do not load the SDK (`iggy --help` and the context
 * commands never connect).
 */
export const U64_MAX = 0xffff_ffff_ffff_ffffn;
