/**
 * Validation of browser → runner messages (the shapes are in protocol.ts): every field checked,
 * every refusal a stable error code with a sentence that says what to send instead.
 */
import { readWireOptions } from './wire-options.ts';
import type { RunnerLimits } from './limits.ts';
import { fileFolderClash, filePathProblem } from './file-paths.ts';
import { errorMessage, type ClientMessage, type ErrorCode, type ErrorMessage, type FileTree, type RunRequest, type TestRequest } from './protocol.ts';

export type ParseResult = { ok: true; message: ClientMessage } | { ok: false; error: ErrorMessage };

/** The limits the validator needs; the full RunnerLimits fits. */
export type MessageLimits = Pick<RunnerLimits, 'maxFiles' | 'maxFileBytes' | 'maxTotalFileBytes' | 'maxMessageBytes' | 'runWallTimeMs' | 'maxRunWallTimeMs'>;

export const RUN_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
/** Extensions Node 22 runs directly: JavaScript, and TypeScript through built-in type stripping. */
export const RUNNABLE_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const MAX_ENV_VARIABLES = 64;
const MAX_ENV_VALUE_LENGTH = 4096;
/**
 * Variables that would let a run change how the runner itself controls it: NODE_OPTIONS carries the
 * heap limit to every Node process of the tree, LD_* would inject native code, BRR_* are the runner's
 * own bookkeeping (process-tree tag, port-report channel).
 */
const RESERVED_ENV_NAMES: readonly string[] = ['NODE_OPTIONS', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT'];
const RESERVED_ENV_PREFIX = 'BRR_';

const CLIENT_TYPES = ['run', 'test', 'stdin', 'stop'] as const;
const ALLOWED_FIELDS: Record<ClientMessage['type'], readonly string[]> = {
  run: ['type', 'runId', 'files', 'entry', 'command', 'env', 'timeLimitMs', 'wire'],
  test: ['type', 'runId', 'files', 'testFiles', 'env'],
  stdin: ['type', 'runId', 'data', 'end'],
  stop: ['type', 'runId'],
};

/** Thrown inside the validator and turned into an ErrorMessage at its edge. */
class MessageProblem extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}


/**
 * Validates one text frame from the browser. Never throws: every problem comes back as an `error`
 * message that names the field, says what is wrong with it and how to fix it.
 */
export function parseClientMessage(text: string, limits: MessageLimits): ParseResult {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > limits.maxMessageBytes) {
    return refuse(
      'E_MESSAGE_TOO_LARGE',
      `The message is ${size} bytes, more than the limit of ${limits.maxMessageBytes} bytes. ` +
        'Send fewer or smaller files.',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return refuse(
      'E_BAD_JSON',
      `The message is not valid JSON (${(error as Error).message}). ` +
        'Send exactly one JSON object per WebSocket text message.',
    );
  }
  // Recover the runId early so that even a refused message can be matched to the run it was about.
  const runId = isRecord(value) && typeof value.runId === 'string' && RUN_ID_PATTERN.test(value.runId)
    ? value.runId
    : undefined;
  try {
    return { ok: true, message: validateMessage(value, limits) };
  } catch (error) {
    if (error instanceof MessageProblem) return refuse(error.code, error.message, runId);
    throw error;
  }
}

function refuse(code: ErrorCode, message: string, runId?: string): ParseResult {
  return { ok: false, error: errorMessage(code, message, runId) };
}

function validateMessage(value: unknown, limits: MessageLimits): ClientMessage {
  if (!isRecord(value)) {
    throw new MessageProblem(
      'E_BAD_MESSAGE',
      `The message must be a JSON object such as {"type":"run", …}, but it is ${describe(value)}.`,
    );
  }
  const type = value.type;
  if (type === undefined) {
    throw new MessageProblem(
      'E_BAD_MESSAGE',
      `The message has no "type" field. Add one of: ${quoteList(CLIENT_TYPES)}.`,
    );
  }
  if (typeof type !== 'string' || !(CLIENT_TYPES as readonly string[]).includes(type)) {
    throw new MessageProblem(
      'E_UNKNOWN_TYPE',
      `The message type ${JSON.stringify(type)} is unknown. Use one of: ${quoteList(CLIENT_TYPES)}.`,
    );
  }
  const kind = type as ClientMessage['type'];
  for (const field of Object.keys(value)) {
    if (!ALLOWED_FIELDS[kind].includes(field)) {
      throw new MessageProblem(
        'E_BAD_MESSAGE',
        `A "${kind}" message has no field ${JSON.stringify(field)}. ` +
          `Remove it; the allowed fields are: ${ALLOWED_FIELDS[kind].join(', ')}.`,
      );
    }
  }
  const runId = readRunId(value, kind);
  switch (kind) {
    case 'stop':
      return { type: 'stop', runId };
    case 'stdin': {
      const data = value.data;
      if (typeof data !== 'string') {
        throw fieldType(kind, 'data', 'a string of text to write to the program\'s standard input', data);
      }
      const end = value.end;
      if (end !== undefined && typeof end !== 'boolean') {
        throw fieldType(kind, 'end', 'true (to close standard input after `data`) or false', end);
      }
      return end === undefined ? { type: 'stdin', runId, data } : { type: 'stdin', runId, data, end };
    }
    case 'run': {
      const files = readFileTree(value, kind, 'files');
      checkTree(files, {}, limits);
      const entry = readEntry(value, files);
      const command = value.command;
      if (command !== undefined && command !== 'node' && command !== 'test') {
        throw new MessageProblem(
          'E_BAD_MESSAGE',
          `Field "command" of a "run" message must be "node" or "test", but it is ${describe(command)}. ` +
            'Leave it out to run the entry with Node.',
        );
      }
      const env = readEnv(value, kind);
      const timeLimitMs = value.timeLimitMs;
      if (
        timeLimitMs !== undefined &&
        (typeof timeLimitMs !== 'number' || !Number.isInteger(timeLimitMs) || timeLimitMs < 1000 || timeLimitMs > limits.maxRunWallTimeMs)
      ) {
        throw new MessageProblem(
          'E_BAD_MESSAGE',
          `Field "timeLimitMs" of a "run" message must be a whole number of milliseconds from 1000 to ${limits.maxRunWallTimeMs}, ` +
            `but it is ${describe(timeLimitMs)}. Leave it out to use the default of ${limits.runWallTimeMs} ms.`,
        );
      }
      const request: RunRequest = { type: 'run', runId, files, entry };
      if (timeLimitMs !== undefined) request.timeLimitMs = timeLimitMs;
      if (command !== undefined) request.command = command;
      if (env !== undefined) request.env = env;
      const wire = readWireOptions(value.wire);
      if (typeof wire === 'string') throw new MessageProblem('E_BAD_MESSAGE', wire);
      if (wire !== undefined) request.wire = wire;
      return request;
    }
    case 'test': {
      const files = readFileTree(value, kind, 'files');
      const testFiles = readFileTree(value, kind, 'testFiles');
      if (!Object.keys(testFiles).some((path) => /\.(test|spec)\.[cm]?[jt]s$/.test(path))) {
        throw new MessageProblem(
          'E_BAD_MESSAGE',
          'Field "testFiles" of a "test" message has no spec file (a name ending in .test.ts or .spec.ts). ' +
            'Add at least one vitest spec, such as {"server.test.ts": "…"}.',
        );
      }
      checkTree(files, testFiles, limits);
      const env = readEnv(value, kind);
      const request: TestRequest = { type: 'test', runId, files, testFiles };
      if (env !== undefined) request.env = env;
      return request;
    }
  }
}

function readRunId(value: Record<string, unknown>, kind: string): string {
  const runId = value.runId;
  if (typeof runId !== 'string' || !RUN_ID_PATTERN.test(runId)) {
    throw new MessageProblem(
      'E_BAD_MESSAGE',
      `Field "runId" of a "${kind}" message must be 1 to 64 letters, digits, ".", "_", ":" or "-", ` +
        `but it is ${describe(runId)}. Give every run its own id, such as "run-1".`,
    );
  }
  return runId;
}

function readFileTree(value: Record<string, unknown>, kind: string, field: 'files' | 'testFiles'): FileTree {
  const tree = value[field];
  if (!isRecord(tree)) {
    throw fieldType(kind, field, 'an object that maps file names to their text, such as {"server.ts": "…"}', tree);
  }
  // A null-prototype copy: a file called "__proto__" must stay a file, not become the prototype.
  const files: FileTree = Object.create(null) as FileTree;
  for (const [name, content] of Object.entries(tree)) {
    const problem = filePathProblem(name);
    if (problem !== undefined) {
      throw new MessageProblem(
        'E_BAD_FILE_NAME',
        `The file name ${JSON.stringify(name)} in field "${field}" ${problem}. ` +
          'Use a path relative to the sandbox folder, such as "src/server.ts".',
      );
    }
    if (typeof content !== 'string') {
      throw new MessageProblem(
        'E_BAD_MESSAGE',
        `The content of file ${JSON.stringify(name)} in field "${field}" must be a string, ` +
          `but it is ${describe(content)}. Send the file's text.`,
      );
    }
    files[name] = content;
  }
  return files;
}

/** Checks the limits and the consistency of all files a run will write, learner and test files together. */
function checkTree(files: FileTree, testFiles: FileTree, limits: MessageLimits): void {
  const all = [...Object.entries(files), ...Object.entries(testFiles)];
  if (all.length > limits.maxFiles) {
    throw new MessageProblem(
      'E_FILES_TOO_LARGE',
      `The run has ${all.length} files, more than the limit of ${limits.maxFiles}. ` +
        'Remove files the program does not need.',
    );
  }
  let total = 0;
  for (const [name, content] of all) {
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes > limits.maxFileBytes) {
      throw new MessageProblem(
        'E_FILES_TOO_LARGE',
        `The file ${JSON.stringify(name)} is ${bytes} bytes, more than the limit of ${limits.maxFileBytes} ` +
          'bytes per file. Shorten it or split it into several files.',
      );
    }
    total += bytes;
  }
  if (total > limits.maxTotalFileBytes) {
    throw new MessageProblem(
      'E_FILES_TOO_LARGE',
      `The files of this run add up to ${total} bytes, more than the limit of ${limits.maxTotalFileBytes} ` +
        'bytes. Remove files the program does not need.',
    );
  }
  for (const name of Object.keys(testFiles)) {
    if (Object.hasOwn(files, name)) {
      throw new MessageProblem(
        'E_BAD_FILE_NAME',
        `The file ${JSON.stringify(name)} appears in both "files" and "testFiles". ` +
          'Give the test file a name of its own.',
      );
    }
  }
  const clash = fileFolderClash(all.map(([name]) => name));
  if (clash !== undefined) {
    throw new MessageProblem(
      'E_BAD_FILE_NAME',
      `The name ${JSON.stringify(clash.file)} is used both as a file and as the folder of ` +
        `${JSON.stringify(clash.nested)}. Rename one of them.`,
    );
  }
}

function readEntry(value: Record<string, unknown>, files: FileTree): string {
  const entry = value.entry;
  if (typeof entry !== 'string') {
    throw fieldType('run', 'entry', 'the name of the file to run, such as "server.ts"', entry);
  }
  if (!Object.hasOwn(files, entry)) {
    const names = Object.keys(files);
    const choice = names.length === 0
      ? 'The "files" field is empty; add the file to it.'
      : `Add it to "files" or pick one of: ${quoteList(names.slice(0, 5))}${names.length > 5 ? ', …' : ''}.`;
    throw new MessageProblem(
      'E_BAD_ENTRY',
      `Field "entry" names ${JSON.stringify(entry)}, which is not among the files. ${choice}`,
    );
  }
  if (!RUNNABLE_EXTENSIONS.some((extension) => entry.endsWith(extension))) {
    throw new MessageProblem(
      'E_BAD_ENTRY',
      `Field "entry" names ${JSON.stringify(entry)}, which Node cannot run. ` +
        `Pick a file ending in ${RUNNABLE_EXTENSIONS.join(', ')}.`,
    );
  }
  return entry;
}

function readEnv(value: Record<string, unknown>, kind: string): Record<string, string> | undefined {
  const env = value.env;
  if (env === undefined) return undefined;
  if (!isRecord(env)) {
    throw fieldType(kind, 'env', 'an object of variable names and string values, such as {"PORT": "8080"}', env);
  }
  const entries = Object.entries(env);
  if (entries.length > MAX_ENV_VARIABLES) {
    throw new MessageProblem(
      'E_BAD_ENV',
      `Field "env" has ${entries.length} variables, more than the limit of ${MAX_ENV_VARIABLES}. ` +
        'Pass only the variables the program reads.',
    );
  }
  const result: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, setting] of entries) {
    if (!ENV_NAME_PATTERN.test(name)) {
      throw new MessageProblem(
        'E_BAD_ENV',
        `The environment variable name ${JSON.stringify(name)} is not allowed. Use letters, digits and ` +
          '"_", not starting with a digit, such as "PORT".',
      );
    }
    if (RESERVED_ENV_NAMES.includes(name) || name.startsWith(RESERVED_ENV_PREFIX)) {
      throw new MessageProblem(
        'E_BAD_ENV',
        `The environment variable ${name} is reserved: the runner uses it to enforce its limits. ` +
          'Remove it from "env".',
      );
    }
    if (typeof setting !== 'string' || setting.includes('\u0000') || setting.length > MAX_ENV_VALUE_LENGTH) {
      throw new MessageProblem(
        'E_BAD_ENV',
        `The value of environment variable ${name} must be a string of at most ${MAX_ENV_VALUE_LENGTH} ` +
          `characters without NUL characters, but it is ${describe(setting)}.`,
      );
    }
    result[name] = setting;
  }
  return result;
}

function fieldType(kind: string, field: string, expected: string, actual: unknown): MessageProblem {
  return new MessageProblem(
    'E_BAD_MESSAGE',
    `Field "${field}" of a "${kind}" message must be ${expected}, but it is ${describe(actual)}.`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names a value's kind the way a person would ("an array", "missing"), quoting short strings. */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    return value.length <= 40 ? `the string ${JSON.stringify(value)}` : `a string of ${value.length} characters`;
  }
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function quoteList(items: readonly string[]): string {
  return items.map((item) => JSON.stringify(item)).join(', ');
}
