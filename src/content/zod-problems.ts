/**
 * Turns zod issues into ContentProblems with sentences an author understands, instead of zod's
 * "Expected string, received number". Each schema supplies an example per field for the fix.
 */
import type { z } from 'zod';
import type { ContentProblem } from './problems.ts';
import type { LineLocator } from './yaml-lines.ts';

export interface FieldHelp {
  /** A correct YAML line for the field, e.g. `minutes: 20`. */
  example: string;
}

type Issue = z.core.$ZodIssue;

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  if (Array.isArray(value)) return `a list of ${value.length} ${value.length === 1 ? 'item' : 'items'}`;
  return 'a nested object';
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a set of fields',
};

function getAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function whatIsWrong(issue: Issue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'This required field is missing.';
      return `It should be ${TYPE_NAMES[issue.expected] ?? issue.expected}, but it is ${describeValue(value)}.`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'It is empty.' : `It is too short: it needs at least ${min} characters.`;
      if (issue.origin === 'array') return `It needs at least ${min} ${min === 1 ? 'item' : 'items'}, but it has ${Array.isArray(value) ? value.length : 0}.`;
      return `It is ${describeValue(value)}, which is below the minimum of ${min}.`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `It is too long: at most ${max} characters are allowed, and it has ${String(value).length}.`;
      if (issue.origin === 'array') return `It has ${Array.isArray(value) ? value.length : '?'} items, more than the maximum of ${max}.`;
      return `It is ${describeValue(value)}, which is above the maximum of ${max}.`;
    }
    case 'invalid_format':
      return `It is ${describeValue(value)}, which is not a valid id: ids use lower-case letters, digits and single hyphens.`;
    case 'unrecognized_keys':
      return `${issue.keys.length === 1 ? 'The field' : 'The fields'} ${issue.keys.map((k) => `"${k}"`).join(', ')} ${issue.keys.length === 1 ? 'is' : 'are'} not part of the format (a typo, perhaps?).`;
    case 'invalid_value':
      return `It is ${describeValue(value)}, but only ${issue.values.map((v) => JSON.stringify(v)).join(', ')} ${issue.values.length === 1 ? 'is' : 'are'} allowed.`;
    default:
      return issue.message.endsWith('.') ? issue.message : `${issue.message}.`;
  }
}

/** `['limits']` → "limits"; `['files', '1']` → "item 2 of files". */
function describeParent(parent: readonly string[]): string {
  const [field, index] = parent;
  return index !== undefined && /^\d+$/.test(index) ? `item ${Number(index) + 1} of ${field}` : parent.join('.');
}

export interface ZodProblemOptions {
  issues: readonly Issue[];
  data: unknown;
  file: string;
  help: Record<string, FieldHelp>;
  knownFields: readonly string[];
  /** Fields allowed inside nested objects, keyed by the top-level field holding them (e.g. `limits`). */
  nestedFields?: Record<string, readonly string[]>;
  lines?: LineLocator;
}

export function zodIssuesToProblems(options: ZodProblemOptions): ContentProblem[] {
  return options.issues.flatMap((issue): ContentProblem[] => {
    if (issue.code === 'unrecognized_keys' && issue.path.length > 0) {
      // An unknown key inside a nested object (`limits: { memory: 1 }`): name it with its parent.
      const parent = issue.path.map(String);
      const known = options.nestedFields?.[parent[0] ?? ''] ?? [];
      return issue.keys.map((key) => ({
        severity: 'error' as const,
        file: options.file,
        line: options.lines?.([...parent, key]),
        field: [...parent, key].join('.'),
        message: `The field "${key}" is not part of ${describeParent(parent)} (a typo, perhaps?).`,
        fix: known.length ? `Remove it or rename it to one of the fields ${parent[0]} allows: ${known.join(', ')}.` : 'Remove it, or check its spelling against the authoring guide.',
      }));
    }
    return [zodIssueToProblem(issue, options)];
  });
}

function zodIssueToProblem(issue: Issue, options: ZodProblemOptions): ContentProblem {
  const path = issue.path.map(String);
  const value = getAt(options.data, issue.path);
  const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : path.join('.');
  const topField = issue.code === 'unrecognized_keys' ? issue.keys[0] : path[0];
  const help = topField ? options.help[topField] : undefined;
  const fix =
    issue.code === 'unrecognized_keys'
      ? `Remove it or rename it to one of the known fields: ${options.knownFields.join(', ')}.`
      : help
        ? `Write it like this: \`${help.example}\`.`
        : 'Check the field against the authoring guide.';
  const lookup = issue.code === 'unrecognized_keys' ? [issue.keys[0] ?? ''] : path;
  return {
    severity: 'error' as const,
    file: options.file,
    line: options.lines?.(lookup),
    field: field || undefined,
    message: whatIsWrong(issue, value),
    fix,
  };
}
