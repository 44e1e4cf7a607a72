/** The Node side of the course's local code runner; see runner.ts for mounting and protocol.ts for the wire format. */
export { createRunner, startRunnerServer, type Runner, type RunnerOptions, type RunnerServer } from './runner.ts';
export { DEFAULT_LIMITS, resolveLimits, type RunnerLimits } from './limits.ts';
export * from './protocol.ts';
