/**
 * `sandboxes/<id>/sandbox.yaml`: how a graded exercise is shown and run.
 *
 * Every field is documented for authors: what it is for, its default, and an example. The loader
 * (load-sandboxes.ts) turns zod's issues into sentences with file, line, field and fix.
 */
import { z } from 'zod';

/** Sandbox ids are the folder names: lower-case letters and digits in words joined by single hyphens. */
export const SANDBOX_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** npm package names, optionally scoped: `ws`, `@scope/name` (the rules npm itself applies to new packages). */
const PACKAGE_NAME_PATTERN = /^(?:@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

/**
 * A path inside the sandbox's starter folder, with forward slashes. It must stay inside the sandbox,
 * because the same names are written into a temporary folder (or a WebContainer) when the code runs.
 */
const sandboxPath = z
  .string()
  .trim()
  .min(1)
  .superRefine((path, context) => {
    const problem = pathProblem(path);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

/** What is wrong with a starter-relative path, or undefined when it is fine (one problem at a time). */
function pathProblem(path: string): string | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'It is an absolute path, but paths here are relative to the starter folder.';
  if (path.includes('\\')) return 'It uses backslashes; paths here use forward slashes.';
  if (path.split('/').some((part) => part === '..' || part === '.' || part === '')) {
    return 'It contains an empty, "." or ".." segment, so it could point outside the starter folder.';
  }
  return undefined;
}

export const sandboxFileSchema = z.strictObject({
  /** The file's path inside `starter/`. Required. Example: `poller.ts`. */
  path: sandboxPath,
  /** Show the file but do not let the learner edit it (the entry usually is). Optional, defaults to false. */
  readOnly: z.boolean().default(false),
});

export const sandboxPreviewSchema = z.strictObject({
  /** The port the entry listens on. Required, 1–65535. Example: `3000`. */
  port: z.number().int().min(1).max(65535),
  /** The path the preview opens first. Optional, defaults to `/`. Example: `/dashboard`. */
  path: z
    .string()
    .trim()
    .refine((path) => path.startsWith('/'), { message: 'It does not start with "/", but it is a path on the preview server.' })
    .default('/'),
});

export const sandboxLimitsSchema = z.strictObject({
  /**
   * Seconds the entry may run before it is stopped (servers are stopped by the learner and are not
   * limited by this). Optional, defaults to 10, 1–300. Example: `runSeconds: 20`.
   */
  runSeconds: z.number().int().min(1).max(300).default(10),
  /**
   * Seconds the whole test run may take, vitest's start included; check-sandboxes enforces it.
   * Optional, defaults to 30, 5–300. Example: `testSeconds: 45`.
   */
  testSeconds: z.number().int().min(5).max(300).default(30),
});

export const sandboxConfigSchema = z.strictObject({
  /** Shown above the editor and in the lesson. Example: `Conditional polling with ETag`. Required, at most 80 characters. */
  title: z.string().trim().min(1).max(80),
  /**
   * One or two sentences on the task, shown above the editor.
   * Example: `Answer 304 when the ETag matches, and make the poller back off on errors.` Required, 20–400 characters.
   */
  description: z.string().trim().min(20).max(400),
  /**
   * The file `Run` executes with Node 22 (TypeScript runs directly through type stripping). It must exist
   * in `starter/`. Required. Example: `main.ts`.
   */
  entry: sandboxPath.refine((path) => /\.(?:ts|mts|js|mjs)$/.test(path), {
    message: 'The entry must be a .ts, .mts, .js or .mjs file, because Node runs it directly.',
  }),
  /**
   * The editor's tabs, in order, and whether each is editable. Every path must exist in `starter/`.
   * Optional; defaults to every starter file, alphabetically, all editable.
   * Example: `files: [{ path: poller.ts }, { path: main.ts, readOnly: true }]`.
   */
  files: z
    .array(sandboxFileSchema)
    .min(1)
    .superRefine((files, context) => {
      const seen = new Set<string>();
      files.forEach((file, index) => {
        if (seen.has(file.path)) {
          context.addIssue({
            code: 'custom',
            path: [index, 'path'],
            message: `The file "${file.path}" is listed twice, so it would get two tabs.`,
          });
        }
        seen.add(file.path);
      });
    })
    .optional(),
  /**
   * A server the entry starts, shown in the preview pane. Optional; without it there is no preview.
   * Example: `preview: { port: 3000, path: / }`.
   */
  preview: sandboxPreviewSchema.optional(),
  /** Time limits for one run of the entry and one run of the tests. Optional; each has a default. */
  // prefault runs `{}` through the object schema, so a missing `limits` still gets both defaults.
  limits: sandboxLimitsSchema.prefault({}),
  /** Whether the code can run in WebContainers (the deployed site). Optional, defaults to true. */
  webcontainer: z.boolean().default(true),
  /**
   * Whether the sandbox is a graded exercise. Optional, defaults to true: it then needs solution/ and tests/
   * and shows "Check my work". `graded: false` makes a run-only demo (the learner edits and runs it, nothing
   * grades it): it has only sandbox.yaml and starter/, and no solution/, tests/ or mistakes/.
   * Example: `graded: false`.
   */
  graded: z.boolean().default(true),
  /**
   * npm packages the code imports, by name; they are resolved from the project's node_modules, never
   * downloaded. Optional, defaults to none. Example: `dependencies: [ws]`. New sandboxes pin packages in
   * sandboxes/<id>/package.json instead (sandbox-package-json.ts), which `npm install` installs.
   */
  dependencies: z
    .array(
      z.string().trim().refine((name) => PACKAGE_NAME_PATTERN.test(name), {
        message: 'It is not an npm package name (lower-case, optionally scoped like "@scope/name").',
      }),
    )
    .default([]),
});

/**
 * `sandboxes/<id>/mistakes/<name>/mistake.yaml`: one plausible wrong solution kept beside the exercise.
 * The other files in that folder are whole files laid over solution/ (same relative paths); the grader
 * must fail at least one test on the result (npm run check:sandboxes and npm test prove it).
 */
export const mistakeConfigSchema = z.strictObject({
  /**
   * The mistake as a learner makes it, in one sentence. Required, 15–300 characters.
   * Example: `Resumes the stream one item late: sends events after the cursor + 1.`
   */
  description: z.string().trim().min(15).max(300),
});

export type MistakeConfig = z.output<typeof mistakeConfigSchema>;
export type SandboxFileInput = z.input<typeof sandboxFileSchema>;
export type SandboxFile = z.output<typeof sandboxFileSchema>;
export type SandboxConfigInput = z.input<typeof sandboxConfigSchema>;
export type SandboxConfig = z.output<typeof sandboxConfigSchema>;
