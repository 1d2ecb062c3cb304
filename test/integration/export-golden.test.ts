// `tend export` output compared byte for byte with reviewed golden files, for every target on the bundled
// examples and on a file that uses every field. TEND_UPDATE_GOLDEN=1 rewrites them (review the diff).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exportCases, exportTargetNames, exportWorkspace, goldenRoot, readTree, runExport } from './export-fixture.js';

const workspace = exportWorkspace();
after(() => workspace.cleanup());
const update = process.env.TEND_UPDATE_GOLDEN === '1';

for (const exportCase of exportCases) {
  for (const target of exportTargetNames) {
    test(`export ${target} of ${exportCase.name} equals its golden files`, async () => {
      const project = workspace.copyProject(exportCase);
      const result = await runExport(project, exportCase, target);
      assert.equal(result.code, 0, result.stderr);
      const produced = readTree(join(project, 'tend-export', target));
      const goldenDir = join(goldenRoot, exportCase.name, target);
      if (update) {
        rmSync(goldenDir, { recursive: true, force: true });
        for (const [path, content] of produced) {
          mkdirSync(dirname(join(goldenDir, path)), { recursive: true });
          writeFileSync(join(goldenDir, path), content);
        }
      }
      assert.ok(existsSync(goldenDir), `no golden files in ${goldenDir}: run with TEND_UPDATE_GOLDEN=1 and review them`);
      const golden = readTree(goldenDir);
      assert.deepEqual([...produced.keys()], [...golden.keys()]);
      for (const [path, content] of produced) assert.equal(content, golden.get(path), `${exportCase.name}/${target}/${path} differs from its golden file`);

      // Same input, same bytes: a second export writes exactly the same files.
      const again = await runExport(project, exportCase, target);
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(readTree(join(project, 'tend-export', target)), produced);
    });
  }
}
