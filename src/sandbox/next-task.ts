/** A new task: pending input and rendering run before what comes after the await. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
