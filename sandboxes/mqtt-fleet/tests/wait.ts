/** Waits until `condition()` holds, or fails with a sentence that says what was expected and what is there. */
export async function waitFor(what: string, condition: () => boolean, describe: () => string, timeoutMs = 800): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${what}. ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Lets messages in flight arrive before a test checks that something did NOT arrive. */
export const settle = (ms = 150): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects with `explanation` when `promise` has not settled after `ms`. */
export function within<T>(promise: Promise<T>, ms: number, explanation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(explanation)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
