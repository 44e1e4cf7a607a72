/**
 * Rules for the names of files the browser asks the runner to write. A name is a relative POSIX path
 * inside the run's temporary folder; anything that could point elsewhere (`..`, an absolute path, a
 * Windows-style backslash) or confuse the file system (NUL, control characters, empty segments) is
 * refused before a single byte is written. The workspace writer still opens every file with
 * O_NOFOLLOW | O_EXCL, so these rules are the first of two locks, not the only one.
 */

/** Deep enough for `src/lessons/part/file.ts` trees, shallow enough to keep error messages readable. */
export const MAX_PATH_SEGMENTS = 16;
/** Well under Linux's PATH_MAX and NAME_MAX, so the temp-folder prefix never pushes a path over. */
export const MAX_PATH_LENGTH = 200;

/**
 * The runner links `node_modules` to the project's own dependencies; a learner file under that name
 * would be written through the link into the project, so the name is reserved.
 */
export const RESERVED_TOP_LEVEL_NAMES: readonly string[] = ['node_modules'];

const CONTROL_CHARACTER = /[\u0001-\u001f\u007f]/;

/**
 * Returns why `path` is not an acceptable file name, as a clause that completes
 * "The file name "…" …", or undefined when it is fine.
 */
export function filePathProblem(path: string): string | undefined {
  if (path.length === 0) return 'is empty';
  // NUL first: C APIs would silently cut the name there and write a different file.
  if (path.includes('\u0000')) return 'contains a NUL character, which no file name may contain';
  if (CONTROL_CHARACTER.test(path)) return 'contains a control character (such as a newline or tab)';
  if (path.includes('\\')) return 'contains a backslash; folders are separated with forward slashes ("/")';
  if (path.length > MAX_PATH_LENGTH) return `is longer than ${MAX_PATH_LENGTH} characters`;
  if (path.startsWith('/')) return 'is an absolute path';
  const segments = path.split('/');
  if (segments.some((segment) => segment === '')) {
    return 'has an empty segment (a leading, trailing or doubled "/")';
  }
  if (segments.includes('..')) return 'has a ".." segment, which would point outside the sandbox folder';
  if (segments.includes('.')) return 'has a "." segment';
  if (segments.length > MAX_PATH_SEGMENTS) return `is nested deeper than ${MAX_PATH_SEGMENTS} folders`;
  if (RESERVED_TOP_LEVEL_NAMES.includes(segments[0]!)) {
    return `starts with "${segments[0]}", which the runner reserves for the project's installed packages`;
  }
  return undefined;
}

/**
 * Finds a name that is used both as a file and as a folder (`a` and `a/b.ts`), which cannot both be
 * written. Returns the pair, or undefined when the tree is consistent.
 */
export function fileFolderClash(paths: Iterable<string>): { file: string; nested: string } | undefined {
  const files = new Set(paths);
  for (const path of files) {
    const segments = path.split('/');
    for (let depth = 1; depth < segments.length; depth += 1) {
      const folder = segments.slice(0, depth).join('/');
      if (files.has(folder)) return { file: folder, nested: path };
    }
  }
  return undefined;
}
