// `tend export` output checked by real tools, not by eye: every Kubernetes object against the official
// schemas (kubernetes-models), every overlay rendered by `kubectl kustomize`, every systemd unit by
// `systemd-analyze verify`, compose.yaml against the Compose specification's schema (shipped by dclint),
// and the Nomad job against the JSON shape in test/fixtures/export/nomad-job.schema.json.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot } from '../support/cli.js';
import { exportCases, exportWorkspace, readTree, runExport } from './export-fixture.js';

const workspace = exportWorkspace();
after(() => workspace.cleanup());
const require = createRequire(join(repoRoot, 'package.json'));

function toolPath(tool: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
}

type ModelClass = new (data: unknown) => { validate(): void };

/** Validates one object with the kubernetes-models class of its apiVersion and kind; returns its name. */
function validateKubernetesObject(object: KubernetesObject): string {
  const models = require(`kubernetes-models/${object.apiVersion}`) as Record<string, ModelClass | undefined>;
  const Model = models[object.kind];
  assert.ok(Model !== undefined, `no schema for ${object.apiVersion} ${object.kind}`);
  assert.doesNotThrow(() => new Model(object).validate(), `${object.kind} ${object.metadata.name}`);
  return `${object.kind}/${object.metadata.name}`;
}

function objectsOf(yamlText: string): KubernetesObject[] {
  return parseAllDocuments(yamlText).map((document) => document.toJS() as KubernetesObject);
}

for (const exportCase of exportCases) {
  test(`kubernetes (${exportCase.name}): every object validates against the Kubernetes schemas; kubectl kustomize renders base and every overlay`, async (t) => {
    const project = workspace.copyProject(exportCase);
    const result = await runExport(project, exportCase, 'kubernetes');
    assert.equal(result.code, 0, result.stderr);
    const out = join(project, 'tend-export/kubernetes');
    const files = readTree(out);
    const validated: string[] = [];
    for (const [path, content] of files) {
      if (!path.startsWith('base/') || !path.endsWith('.yaml') || path.endsWith('kustomization.yaml')) continue;
      for (const object of objectsOf(content)) validated.push(validateKubernetesObject(object));
    }
    assert.ok(
      validated.some((name) => name.startsWith('Deployment/')),
      validated.join(' '),
    );
    if (toolPath('kubectl') === null) {
      t.skip('kubectl is not installed here: the overlays were not rendered');
      return;
    }
    const overlays = readdirSync(join(out, 'overlays'));
    assert.ok(overlays.length > 0, 'every env_<name> has an overlay');
    for (const dir of ['base', ...overlays.map((name) => `overlays/${name}`)]) {
      const rendered = spawnSync('kubectl', ['kustomize', join(out, dir)], { encoding: 'utf8' });
      assert.equal(rendered.status, 0, `kubectl kustomize ${dir}: ${rendered.stderr}`);
      const objects = objectsOf(rendered.stdout);
      const kinds = new Set(objects.map((object) => object.kind));
      assert.ok(kinds.has('Deployment') && kinds.has('ConfigMap'), `${dir}: ${[...kinds].join(', ')}`);
      for (const object of objects) validateKubernetesObject(object);
    }
  });

  test(`systemd (${exportCase.name}): every unit passes systemd-analyze verify with nothing on stderr`, async (t) => {
    if (toolPath('systemd-analyze') === null) {
      t.skip('systemd-analyze is not installed here');
      return;
    }
    const project = workspace.copyProject(exportCase);
    // Units name the paths where they run; here that is the copied project itself.
    const result = await runExport(project, exportCase, 'systemd', ['--root', project]);
    assert.equal(result.code, 0, result.stderr);
    const out = join(project, 'tend-export/systemd');
    const units = readdirSync(out).sort();
    assert.ok(units.length > 0);
    const verify = spawnSync('systemd-analyze', ['verify', ...units.map((unit) => `./${unit}`)], {
      cwd: out,
      encoding: 'utf8',
      env: { ...process.env, SYSTEMD_UNIT_PATH: `${out}:` },
    });
    assert.equal(verify.stderr, '', `systemd-analyze verify ${units.join(' ')}`);
    assert.equal(verify.status, 0);
  });

  test(`compose (${exportCase.name}): compose.yaml validates against the Compose specification schema`, async () => {
    const project = workspace.copyProject(exportCase);
    const result = await runExport(project, exportCase, 'compose');
    assert.equal(result.code, 0, result.stderr);
    const schema = JSON.parse(readFileSync(join(repoRoot, 'node_modules/dclint/schemas/compose.schema.json'), 'utf8')) as Record<string, unknown>;
    delete schema.$schema;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const document = parse(readFileSync(join(project, 'tend-export/compose/compose.yaml'), 'utf8')) as unknown;
    assert.ok(validate(document), ajv.errorsText(validate.errors));
  });

  test(`nomad (${exportCase.name}): the job matches the Nomad job JSON shape`, async () => {
    const project = workspace.copyProject(exportCase);
    const result = await runExport(project, exportCase, 'nomad');
    assert.equal(result.code, 0, result.stderr);
    const schema = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/export/nomad-job.schema.json'), 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true });
    const validate = ajv.compile(schema);
    const [jobFile = ''] = readdirSync(join(project, 'tend-export/nomad'));
    assert.ok(jobFile.endsWith('.nomad.json'), jobFile);
    const document = JSON.parse(readFileSync(join(project, 'tend-export/nomad', jobFile), 'utf8')) as unknown;
    assert.ok(validate(document), ajv.errorsText(validate.errors));
  });
}
