/**
 * Part of the entry preload (see index.ts). Makes the entry's stdout and stderr blocking.
 *
 * The runner reads them through pipes (socketpairs, in libuv), which Node opens non-blocking: a
 * program that prints in a loop without yielding never lets the write queue drain, so it queues
 * everything in its own heap and dies of "heap out of memory" long before the runner has seen more
 * than a few kilobytes. Blocking writes behave like a terminal instead: the program prints as fast as
 * the runner reads, its memory stays flat, and the runner's output limit is what stops a flood.
 */
interface BlockableHandle {
  setBlocking?: (blocking: boolean) => number;
}

for (const stream of [process.stdout, process.stderr]) {
  // `_handle` is Node's libuv handle behind the stream; only pipes and TTYs have setBlocking.
  const handle = (stream as unknown as { _handle?: BlockableHandle })._handle;
  if (typeof handle?.setBlocking === 'function') handle.setBlocking(true);
}
