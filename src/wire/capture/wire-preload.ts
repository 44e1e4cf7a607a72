/**
 * The capture preload: `--import`ed into every Node process of a run whose page asked for the wire
 * view (never into grading runs). Reads the config from BRR_WIRE, checks its channel, reports the
 * process, and taps every TCP socket (socket-tap.ts). Learner code is unchanged; stdout and stderr
 * carry only what the program writes (see config.ts for how batches travel).
 */
import { fstatSync } from 'node:fs';
import { basename } from 'node:path';
import { readCaptureConfig, WIRE_ENV, type CaptureConfig } from './config.ts';
import { WireSink } from './sink.ts';
import { installCapture } from './socket-tap.ts';

const config = readCaptureConfig(process.env[WIRE_ENV]);
if (config && channelReady(config)) {
  const sink = new WireSink(config);
  const entry = basename(process.argv[1] ?? 'node');
  sink.emit({ kind: 'process', action: 'start', entry, ppid: process.ppid });
  installCapture(config, sink);
  process.once('exit', (code) => {
    sink.emit({ kind: 'process', action: 'exit', entry, exitCode: code });
    sink.flush();
  });
}

/**
 * The fd channel is only used when fd 4 is the very pipe the runner opened: the entry records its
 * inode in the config, and a child whose fd 4 is anything else (or closed) stays silent.
 */
function channelReady(config: CaptureConfig): boolean {
  const channel = config.channel;
  if (channel.kind === 'osc') return true;
  try {
    const stat = fstatSync(channel.fd);
    if (!stat.isSocket() && !stat.isFIFO()) return false;
    if (channel.ino === undefined) {
      channel.ino = stat.ino;
      process.env[WIRE_ENV] = JSON.stringify(config);
      return true;
    }
    return stat.ino === channel.ino;
  } catch {
    return false;
  }
}
