/**
 * TypeScript says only "This syntax is not allowed when 'erasableSyntaxOnly' is enabled" (TS1294) for
 * every construct Node's type stripping cannot run. Authors need to know which construct and what to
 * write instead, so the span TypeScript marks is named here in plain words.
 */
export const ERASABLE_SYNTAX_CODE = 1294;

export interface PlainSyntaxMessage {
  message: string;
  fix: string;
}

const WHY = 'Node runs sandbox code by stripping the types out, and this construct is code TypeScript would have to generate, so Node refuses it';

/** What the marked span is (`text` is the whole file, `start`/`length` TypeScript's span). */
export function explainErasableSyntax(text: string, start: number, length: number): PlainSyntaxMessage {
  const span = text.slice(start, start + length);
  const before = text.slice(Math.max(0, start - 40), start);
  if (/\benum\s+$/.test(before)) {
    return {
      message: `\`enum ${span}\` cannot run: ${WHY} ("SyntaxError: TypeScript enum is not supported in strip-only mode").`,
      fix: `Use a union of string literals (\`type ${span} = 'a' | 'b'\`) or a constant object (\`const ${span} = { A: 'a' } as const\`).`,
    };
  }
  if (/\b(?:namespace|module)\s+$/.test(before)) {
    return { message: `The namespace \`${span}\` cannot run: ${WHY}.`, fix: 'Use a module: export the values from their own file, or group them in an ordinary object.' };
  }
  if (/^(?:public|private|protected|readonly|override)\b/.test(span)) {
    return {
      message: `The parameter property \`${span}\` cannot run: ${WHY} (it would have to write the \`this.… = …\` assignment).`,
      fix: 'Declare the field in the class body and assign it in the constructor: `readonly x: number; constructor(x: number) { this.x = x; }`.',
    };
  }
  if (/^import\s+[\w$]+\s*=/.test(span)) {
    return { message: `\`${span.trim()}\` cannot run: ${WHY}.`, fix: "Use an ES import: `import x from 'module'` (or `import { createRequire } from 'node:module'` for CommonJS files)." };
  }
  return { message: `\`${span.trim().slice(0, 60)}\` cannot run: ${WHY}.`, fix: 'Write it without TypeScript-only runtime syntax (enum, namespace, parameter properties, `import =`).' };
}
