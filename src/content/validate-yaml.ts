/**
 * Parses YAML text and validates it against a schema, turning every mistake (syntax or content) into
 * ContentProblems with file, line and fix. Lesson frontmatter, phase.yaml and sandbox.yaml all go
 * through here, so they report problems in the same words.
 */
import type { z } from 'zod';
import type { ContentProblem } from './problems.ts';
import { parseYamlWithLines, type LineLocator } from './yaml-lines.ts';
import { zodIssuesToProblems, type FieldHelp } from './zod-problems.ts';

export interface YamlSchemaOptions<Schema extends z.ZodObject> {
  text: string;
  /** Project-relative path for messages. */
  file: string;
  schema: Schema;
  help: Record<string, FieldHelp>;
  nestedFields?: Record<string, readonly string[]>;
  /** Lines before the YAML in its file (frontmatter starts after `---`). */
  lineOffset?: number;
  /** What to call the YAML in a syntax error: "The frontmatter" or "The file". */
  noun?: string;
}

export function validateYaml<Schema extends z.ZodObject>(
  options: YamlSchemaOptions<Schema>,
  problems: ContentProblem[],
): { data: z.output<Schema>; lines: LineLocator } | undefined {
  const parsed = parseYamlWithLines(options.text, options.lineOffset ?? 0);
  if (parsed.errors.length) {
    for (const error of parsed.errors) {
      problems.push({
        severity: 'error',
        file: options.file,
        line: error.line,
        message: `${options.noun ?? 'The file'} is not valid YAML: ${error.message}`,
        fix: error.fix,
      });
    }
    return undefined;
  }
  const result = options.schema.safeParse(parsed.data ?? {});
  if (!result.success) {
    problems.push(
      ...zodIssuesToProblems({
        issues: result.error.issues,
        data: parsed.data,
        file: options.file,
        help: options.help,
        knownFields: Object.keys(options.schema.shape),
        nestedFields: options.nestedFields,
        lines: parsed.lines,
      }),
    );
    return undefined;
  }
  return { data: result.data, lines: parsed.lines };
}
