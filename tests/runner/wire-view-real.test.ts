/**
 * The wire view's model over REAL captured traffic: course solutions run through the real runner with
 * capture on (the `wire` preload and side channel), and the rows the page would draw are checked
 * against the conversation each protocol must have. The page half of the same path is
 * tests/e2e/wire-capture.test.ts.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { NetworkConditions, WireEvent } from '../../src/wire/trace-events.ts';
import { WireModel } from '../../src/wire/view/model.ts';
import { describeRow } from '../../src/wire/view/svg-render.ts';
import { toMermaid } from '../../src/wire/view/mermaid-export.ts';
import { connectedRunner } from './helpers.ts';
import { expectSequence } from '../e2e/wire-page.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const runner = connectedRunner();

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

/** The sandbox's solution as a learner's finished files: starter with the solution laid over it. */
function solutionFiles(sandboxId: string): Record<string, string> {
  const base = join(root, 'sandboxes', sandboxId);
  return { ...readTree(join(base, 'starter')), ...readTree(join(base, 'solution')) };
}

async function capture(sandboxId: string, runId: string, conditions: NetworkConditions = {}): Promise<string[]> {
  runner.client.send({ type: 'run', runId, entry: 'main.ts', files: solutionFiles(sandboxId), wire: { capture: true, conditions }, timeLimitMs: 20_000 });
  await runner.client.exit(runId, 30_000);
  const events = runner.client.wireEvents(runId);
  const model = new WireModel();
  // Batches as the page receives them, in arrival order.
  for (const message of runner.client.messages) if (message.type === 'wire' && message.runId === runId) model.ingest(message.events as WireEvent[]);
  model.flush();
  expect(model.events.length).toBe(events.length);
  // What the page would export must stay valid Mermaid-shaped source.
  expect(toMermaid(model.drawnRows(), model.participants()).startsWith('sequenceDiagram\n')).toBe(true);
  return model.drawnRows().map(describeRow);
}

describe('the wire view over real captured runs', () => {
  test('SSE resume: stream, ids, a cut, then GET with Last-Event-ID of the last id received', async () => {
    const labels = await capture('sse-resume', 'sse');
    expectSequence(labels, [/GET \/events,/, /200 text\/event-stream,/, /event id=\d+ /, /TCP (reset|close)|FIN/, /GET \/events \(Last-Event-ID: \d+\),/]);
    const firstResume = labels.findIndex((label) => /Last-Event-ID/.test(label));
    const lastId = labels.slice(0, firstResume).reverse().map((label) => /event id=(\d+) /.exec(label)?.[1]).find(Boolean);
    expect(labels[firstResume], labels.join('\n')).toContain(`(Last-Event-ID: ${lastId})`);
  });

  test('long polling under 300 ms latency: cursors on every poll and the latency marker', async () => {
    const labels = await capture('long-polling-cursor', 'lp', { latencyMs: 300 });
    expectSequence(labels, [/GET \/messages\?after=0,/, /200 /, /GET \/messages\?after=[1-9]\d*,/]);
    expect(labels.some((label) => /\+\d+ ms latency/.test(label)), labels.join('\n')).toBe(true);
  });
});
