/**
 * Finds a Chromium the course can drive headlessly (build-time diagrams, end-to-end tests, benchmarks).
 *
 * Playwright's own browser download cannot work offline, so we use a system browser: an explicit
 * `CHROMIUM_PATH` first, then the places Debian, Ubuntu and macOS put one.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/**
 * Flags for a headless browser on a locked-down machine: no sandbox (we run as root in CI), and no
 * background traffic to Google's services, which this network refuses and which only slows start-up.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const HOW_TO_INSTALL_CHROMIUM =
  'Install one (on Debian or Ubuntu: `sudo apt-get update && sudo apt-get install -y chromium`) ' +
  'or point the CHROMIUM_PATH environment variable at an existing Chrome or Chromium binary.';

/** Returns the browser path, or undefined when none is installed. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(
        `CHROMIUM_PATH is set to "${fromEnv}", but no file exists there. ` +
          `Fix the path, or unset CHROMIUM_PATH to search the usual locations. ${HOW_TO_INSTALL_CHROMIUM}`,
      );
    }
    return fromEnv;
  }
  return CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));
}

/** Like findChromium, but a missing browser is an error that says how to get one. */
export function requireChromium(env: NodeJS.ProcessEnv = process.env): string {
  const path = findChromium(env);
  if (!path) {
    throw new Error(
      `No Chromium was found (looked at CHROMIUM_PATH and ${CHROMIUM_CANDIDATES.join(', ')}). ${HOW_TO_INSTALL_CHROMIUM}`,
    );
  }
  return path;
}
