import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isIn, quoted, runningEntityWorkflows } from '../../src/visibility-query';

const ROOT = path.resolve(__dirname, '../..');
/** A visibility field compared with a value quoted by hand around an interpolation: `TaskQueue = '${x}'`. */
const HAND_QUOTED = /\b(WorkflowId|WorkflowType|RunId|TaskQueue|ExecutionStatus|StartTime|CloseTime|SyncStatus|ProductUuid|ProductIdentifier|ProductModelCode|LastSyncedAt)\s*(=|!=|<=|>=|<|>|IN)\s*\(?\s*'\$\{/;

/** The TypeScript files under `dir`, recursively. */
function typeScriptFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : typeScriptFiles(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/**
 * Reads one single-quoted literal at the start of `query` as the server's SQL tokenizer does (MySQL rules: a
 * backslash escapes the next character); returns its value and what follows it.
 */
function readLiteral(query: string): { value: string; rest: string } {
  assert.equal(query[0], "'");
  let value = '';
  for (let i = 1; i < query.length; i++) {
    if (query[i] === '\\') value += query[++i];
    else if (query[i] === "'") return { value, rest: query.slice(i + 1) };
    else value += query[i];
  }
  assert.fail(`unterminated literal: ${query}`);
}

describe('visibility queries', () => {
  const hostile = [`O'Brien`, `say "hi"`, 'C:\\temp', 'trailing\\', `x\\' OR WorkflowType = 'other`, `\\'); DROP`, `'`, '\\', ''];

  it("escapes backslashes, then single quotes, and leaves double quotes alone", () => {
    assert.equal(quoted(`O'Brien`), `'O\\'Brien'`);
    assert.equal(quoted('say "hi"'), `'say "hi"'`);
    assert.equal(quoted('C:\\temp'), `'C:\\\\temp'`);
    assert.equal(quoted(`a\\'b`), `'a\\\\\\'b'`);
  });

  it('keeps every value one literal: the tokenizer reads back exactly the value, and nothing after it', () => {
    for (const value of hostile) {
      const { value: read, rest } = readLiteral(`${quoted(value)} AND x = 1`);
      assert.equal(read, value, JSON.stringify(value));
      assert.equal(rest, ' AND x = 1', JSON.stringify(value));
    }
  });

  it('quotes every value of an IN list and the task queue of the running entity workflows', () => {
    const query = isIn('WorkflowId', [`product-model-it's`, 'product-model-a\\b']);
    assert.equal(query, `WorkflowId IN ('product-model-it\\'s', 'product-model-a\\\\b')`);
    assert.equal(
      runningEntityWorkflows(`queue'x`),
      `WorkflowType = 'productSyncWorkflow' AND ExecutionStatus = 'Running' AND TaskQueue = 'queue\\'x'`,
    );
  });

  it('is the only way a value gets into a query: no file quotes one by hand (src, chaos, bench, scripts, test)', () => {
    // This file names the pattern it looks for.
    const files = ['src', 'chaos', 'bench', 'scripts', 'test'].flatMap(typeScriptFiles).filter((f) => f !== path.join('test', 'unit', 'visibility-query.test.ts'));
    assert.ok(files.length > 100 && files.includes(path.join('src', 'visibility-query.ts')));
    const found = files.flatMap((file) =>
      readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (HAND_QUOTED.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    assert.deepEqual(found, [], 'use quoted() or isIn() from src/visibility-query.ts');
    assert.ok(HAND_QUOTED.test("TaskQueue = '${taskQueue}'") && !HAND_QUOTED.test('TaskQueue = ${quoted(taskQueue)}'), 'the check tells the two apart');
  });
});
