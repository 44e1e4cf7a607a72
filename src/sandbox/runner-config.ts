/**
 * Where the page finds the local runner and the token it must present. The course server (dev server
 * and `npm start`) knows both and tells the page in one of three ways, tried in this order:
 *
 *   1. `window.__COURSE_RUNNER__ = { url, token }`, set by an inline script the server injects;
 *   2. `<meta name="course-runner" content='{"url":"/__runner","token":"…"}'>` in the page;
 *   3. `GET /__runner/config` answering the same JSON (same origin, so the token stays with the site).
 *
 * A static host (the deployed site) has none of them: the page then has no local runner at all.
 * `url` may be relative to the page (`/__runner`) or absolute (`ws://127.0.0.1:4321/__runner`);
 * it is returned as an absolute ws:// or wss:// URL.
 */
export interface RunnerConfig {
  /** Absolute ws:// or wss:// URL of the runner endpoint. */
  url: string;
  token: string;
}

export const RUNNER_CONFIG_PATH = '/__runner/config';

/** Checks one candidate (any JSON value) and resolves its URL against the page; says what is wrong otherwise. */
export function parseRunnerConfig(value: unknown, pageUrl: string, source: string): RunnerConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`The runner configuration from ${source} is not an object with "url" and "token"; the course server wrote something else. Restart it with \`npm start\` or \`npm run dev\`.`);
  }
  const { url, token } = value as Record<string, unknown>;
  if (typeof url !== 'string' || url.trim() === '') {
    throw new Error(`The runner configuration from ${source} has no "url" (a string such as "/__runner"). Restart the course server with \`npm start\` or \`npm run dev\`.`);
  }
  if (typeof token !== 'string' || token === '') {
    throw new Error(`The runner configuration from ${source} has no "token" (the secret the runner checks). Restart the course server with \`npm start\` or \`npm run dev\`.`);
  }
  let absolute: URL;
  try {
    absolute = new URL(url, pageUrl);
  } catch {
    throw new Error(`The runner configuration from ${source} has the URL "${url}", which is not a valid URL.`);
  }
  // A page served over http(s) reaches the runner's WebSocket endpoint on the same host and port.
  if (absolute.protocol === 'http:') absolute.protocol = 'ws:';
  else if (absolute.protocol === 'https:') absolute.protocol = 'wss:';
  if (absolute.protocol !== 'ws:' && absolute.protocol !== 'wss:') {
    throw new Error(`The runner configuration from ${source} has the URL "${url}", but the runner is reached over ws:// or wss://.`);
  }
  return { url: absolute.href, token };
}

interface RunnerConfigSources {
  global?: unknown;
  meta?: string | null;
  pageUrl: string;
  fetchConfig?: () => Promise<Response>;
}

/**
 * The runner configuration, or undefined when this site has no runner (no global, no meta tag, and
 * /__runner/config answers 404 or not JSON). Broken configurations throw, because they mean the server
 * meant to offer a runner and something went wrong that the learner should hear about.
 */
export async function findRunnerConfig(sources: RunnerConfigSources): Promise<RunnerConfig | undefined> {
  if (sources.global !== undefined) return parseRunnerConfig(sources.global, sources.pageUrl, 'window.__COURSE_RUNNER__');
  if (sources.meta) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(sources.meta);
    } catch {
      throw new Error('The <meta name="course-runner"> tag of this page does not hold valid JSON. Restart the course server with `npm start` or `npm run dev`.');
    }
    return parseRunnerConfig(parsed, sources.pageUrl, '<meta name="course-runner">');
  }
  if (!sources.fetchConfig) return undefined;
  let response: Response;
  try {
    response = await sources.fetchConfig();
  } catch {
    return undefined; // offline, or a static host: no runner
  }
  if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return undefined;
  return parseRunnerConfig(await response.json(), sources.pageUrl, RUNNER_CONFIG_PATH);
}

let cached: Promise<RunnerConfig | undefined> | undefined;

/** Reads the configuration once per page from the three sources above. */
export function runnerConfigFromPage(): Promise<RunnerConfig | undefined> {
  cached ??= findRunnerConfig({
    global: (globalThis as { __COURSE_RUNNER__?: unknown }).__COURSE_RUNNER__,
    meta: document.querySelector<HTMLMetaElement>('meta[name="course-runner"]')?.content ?? null,
    pageUrl: location.href,
    fetchConfig: () => fetch(RUNNER_CONFIG_PATH, { credentials: 'same-origin', cache: 'no-store' }),
  });
  return cached;
}

/**
 * Asks the course server again for its configuration, skipping the copies in the page: after the server
 * restarts, the token the page was served with is refused (the runner makes a new one per start), and
 * only /__runner/config knows the new one. Undefined when the server does not answer with one.
 */
export async function freshRunnerConfig(): Promise<RunnerConfig | undefined> {
  const fresh = await findRunnerConfig({
    pageUrl: location.href,
    fetchConfig: () => fetch(RUNNER_CONFIG_PATH, { credentials: 'same-origin', cache: 'no-store' }),
  }).catch(() => undefined);
  // Runtimes made later on this page (another sandbox, a runtime switch) start with the new token.
  if (fresh) cached = Promise.resolve(fresh);
  return fresh;
}
