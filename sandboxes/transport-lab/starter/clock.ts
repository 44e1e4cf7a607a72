// A millisecond clock that two processes on the same machine can compare: process.hrtime reads the
// system's monotonic clock, which is shared by every process (unlike performance.now(), which counts from
// each process's own start). The server stamps each update with it, the client subtracts on arrival.
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
