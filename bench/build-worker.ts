/**
 * Compiles the worker as the image does (tsc with tsconfig.build.json, plus the prebuilt workflow bundle
 * next to worker.js), into bench/.build: the benchmark measures the worker as it runs in production.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildWorkflowBundle } from '../scripts/build-workflow-bundle';
import { progress } from './util';

const ROOT = path.resolve(__dirname, '..');
/** Where the compiled worker goes (ignored by bench/.gitignore). */
export const BUILD_DIR = path.join(__dirname, '.build');

let built: Promise<string> | undefined;

/**
 * Builds the worker (and the rest of src/, the API included) into {@link BUILD_DIR} once per benchmark process;
 * resolves with the path of its worker.js.
 */
export function buildCompiledWorker(timeoutMs = 300_000): Promise<string> {
  built ??= build(timeoutMs).catch((err: unknown) => {
    built = undefined;
    throw err;
  });
  return built;
}

async function build(timeoutMs: number): Promise<string> {
  progress('compiling the worker into bench/.build (tsc and the workflow bundle)');
  const tsc = require.resolve('typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', BUILD_DIR], { cwd: ROOT, timeout: timeoutMs }).catch((err: unknown) => {
    // tsc exits 2 on type errors but still emits; only a missing worker.js is fatal.
    const e = err as { code?: unknown; stdout?: string };
    if (e.code !== 2) throw err;
    progress(`tsc reported type errors (emitted anyway): ${(e.stdout ?? '').split('\n')[0]}`);
  });
  await buildWorkflowBundle(path.join(BUILD_DIR, 'workflow-bundle.js'));
  return path.join(BUILD_DIR, 'worker.js');
}
