/**
 * What the learner reads when the runner stops a run because of a limit: which limit, its value, and
 * what in their program usually causes it.
 */

export function timeoutNotice(wallTimeMs: number): string {
  return (
    `The run was stopped after ${wallTimeMs / 1000} s, the time limit for one run. ` +
    'Programs that never end (an endless loop, or a server or timer that is never closed) hit this limit; ' +
    'close servers and clear timers when the program is done.'
  );
}

export function outputNotice(outputBytes: number): string {
  return (
    `The output was cut off after ${formatBytes(outputBytes)}, the output limit for one run, and the run was stopped. ` +
    'Print less, for example a summary instead of every item.'
  );
}

export function memoryNotice(rssBytes: number): string {
  return (
    `The run was stopped because its processes used more than ${formatBytes(rssBytes)} of memory together. ` +
    'Look for data that grows without end, such as an array or Buffer filled in a loop.'
  );
}

export function heapNotice(heapMiB: number): string {
  return (
    `The program ran out of JavaScript heap memory (the limit is ${heapMiB} MiB per process) and crashed. ` +
    'Look for data that grows without end, such as an array or object filled in a loop.'
  );
}

export function processNotice(maxProcesses: number): string {
  return (
    `The run was stopped because it had more than ${maxProcesses} processes at once. ` +
    'Look for code that starts child processes in a loop, and wait for children to finish before starting more.'
  );
}

export function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
