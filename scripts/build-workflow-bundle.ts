/**
 * Prebuilds the workflow bundle (webpack, via the SDK's `bundleWorkflowCode`) so a production worker
 * starts in a second instead of bundling at every start. Run at image build time:
 *
 *   ts-node scripts/build-workflow-bundle.ts [out-file] [workflows-path]
 *
 * Defaults: `dist/workflow-bundle.js` from `src/workflows`. The worker loads it with
 * `{ workflowBundle: { codePath } }`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

/** Where the Dockerfile writes the bundle (relative to the project root). */
export const DEFAULT_BUNDLE_PATH = 'dist/workflow-bundle.js';

/** The workflows module bundled by default (the same module `workflowsPath` points at). */
export const DEFAULT_WORKFLOWS_PATH = path.resolve(__dirname, '../src/workflows');

/** Bundles the workflows at `workflowsPath` into `outFile`; resolves with the absolute path and size. */
export async function buildWorkflowBundle(
  outFile: string = DEFAULT_BUNDLE_PATH,
  workflowsPath: string = DEFAULT_WORKFLOWS_PATH,
): Promise<{ path: string; bytes: number }> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve(path.resolve(workflowsPath)), logger: new DefaultLogger('WARN') });
  const out = path.resolve(outFile);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, code);
  return { path: out, bytes: Buffer.byteLength(code) };
}

if (require.main === module) {
  const [outFile, workflowsPath] = process.argv.slice(2);
  buildWorkflowBundle(outFile, workflowsPath).then(
    (b) => process.stdout.write(`workflow bundle: ${b.path} (${Math.round(b.bytes / 1024)} KiB)\n`),
    (err: unknown) => {
      process.stderr.write(`workflow bundle failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
