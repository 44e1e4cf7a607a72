import { describe, expect, test } from 'vitest';
import { parsePortReport } from '../../src/runner/port-reports.ts';
import { findEnvironmentValue, parseStat, ProcessScanner, type ProcessInfo } from '../../src/runner/process-table.ts';
import { ProcessTree } from '../../src/runner/process-tree.ts';

describe('/proc parsing', () => {
  test('a stat line whose command name holds spaces and parentheses is parsed from the last ")"', () => {
    const line = '4242 (a) (b c) S 100 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 1000 200 18446744073709551615';
    expect(parseStat(line)).toEqual({ pid: 4242, ppid: 100, pgid: 4242, sid: 4242, startTime: '987654', state: 'S' });
  });

  test('this process reads as itself', () => {
    const snapshot = new ProcessScanner().scan();
    expect(snapshot?.get(process.pid)).toMatchObject({ pid: process.pid, ppid: process.ppid, state: expect.any(String) });
  });

  test('environment values are found in a NUL-separated block', () => {
    const block = Buffer.from('A=1\u0000BRR_RUN_TAG=abc=def\u0000B=2\u0000');
    expect(findEnvironmentValue(block, 'BRR_RUN_TAG')).toBe('abc=def');
    expect(findEnvironmentValue(block, 'RUN_TAG')).toBeUndefined();
  });

  test('port reports are checked, not trusted', () => {
    expect(parsePortReport('{"port":8080}')).toBe(8080);
    expect(parsePortReport('{"port":0}')).toBeUndefined();
    expect(parsePortReport('{"port":70000}')).toBeUndefined();
    expect(parsePortReport('{"port":"80"}')).toBeUndefined();
    expect(parsePortReport('null')).toBeUndefined();
    expect(parsePortReport('garbage')).toBeUndefined();
  });
});

describe('tree membership', () => {
  // Pids far above any pid_max, so no real process (and no real environment) can match.
  const ROOT = 9_000_000;
  const info = (pid: number, ppid: number, extra: Partial<ProcessInfo> = {}): ProcessInfo => ({
    pid,
    ppid,
    pgid: pid,
    sid: pid,
    startTime: '1',
    state: 'S',
    ...extra,
  });
  const snapshotOf = (...processes: ProcessInfo[]) => new Map(processes.map((process) => [process.pid, process]));

  test('the root, its group and session, and all descendants are members; strangers and zombies are not', () => {
    const tree = new ProcessTree(ROOT, 'tag', new ProcessScanner());
    const members = tree.members(
      snapshotOf(
        info(ROOT, 1, { pgid: ROOT, sid: ROOT }),
        info(ROOT + 1, ROOT, { pgid: ROOT, sid: ROOT }), // child
        info(ROOT + 2, ROOT + 1, { pgid: ROOT + 2, sid: ROOT + 2 }), // detached grandchild: parent chain
        info(ROOT + 3, 1, { pgid: ROOT, sid: ROOT }), // orphan still in the group
        info(ROOT + 4, ROOT + 2), // great-grandchild
        info(ROOT + 5, ROOT, { state: 'Z' }), // zombie child
        info(ROOT + 6, 1), // unrelated
      ),
    );
    expect(members.map((member) => member.pid).sort()).toEqual([ROOT, ROOT + 1, ROOT + 2, ROOT + 3, ROOT + 4]);
  });

  test('a member stays a member after losing its parent, but a reused pid does not', () => {
    const tree = new ProcessTree(ROOT, 'tag', new ProcessScanner());
    tree.members(snapshotOf(info(ROOT, 1, { pgid: ROOT, sid: ROOT }), info(ROOT + 1, ROOT, { pgid: ROOT + 1, sid: ROOT + 1 })));
    // The root exits; its detached child is re-parented to init.
    expect(tree.members(snapshotOf(info(ROOT + 1, 1, { pgid: ROOT + 1, sid: ROOT + 1 }))).map((member) => member.pid)).toEqual([
      ROOT + 1,
    ]);
    // Later an unrelated process gets the same pid: different start time, not a member.
    expect(tree.members(snapshotOf(info(ROOT + 1, 1, { pgid: ROOT + 1, sid: ROOT + 1, startTime: '2' })))).toEqual([]);
  });
});
