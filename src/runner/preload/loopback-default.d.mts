/** Types of loopback-default.mjs (plain JavaScript so that every process of a run loads it without type stripping). */
export function withLoopbackHost(args: unknown[]): unknown[];
