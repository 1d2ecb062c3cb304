// The Dockerfile written when an app has no image: one image for the project, Node.js only, one
// process per container (no supervisor inside); each container's command comes from the manifest.
import { posix } from 'node:path';
import { placedCommand } from './command.js';
import type { ExportFile, ExportModel } from './types.js';

export const containerRoot = '/app';
export const nodeBaseImage = 'node:24-slim';

export function projectImage(model: ExportModel): string {
  return `${model.project}:latest`;
}

/** Whether any app of the model runs from the image built by the Dockerfile. */
export function needsDockerfile(model: ExportModel): boolean {
  return model.apps.some((app) => app.options.image === null);
}

function dockerfile(model: ExportModel): string {
  const first = model.apps.find((app) => app.options.image === null);
  const cmd = first === undefined ? [] : placedCommand(first.spec, model.localRoot, containerRoot).argv;
  const install = model.packageFiles.manifest ? ['COPY package*.json ./', `RUN ${model.packageFiles.lockfile ? 'npm ci' : 'npm install'} --omit=dev`] : [];
  return [
    `# Written by \`tend export ${model.target}\` from ${model.source}: one image for the apps of the project.`,
    '# Each container runs one process, started with plain node (no process manager inside);',
    '# its command is set per app in the manifests, CMD is the first app.',
    `FROM ${nodeBaseImage}`,
    `WORKDIR ${containerRoot}`,
    ...install,
    'COPY . .',
    'USER node',
    'STOPSIGNAL SIGINT',
    `CMD ${JSON.stringify(cmd)}`,
    '',
  ].join('\n');
}

function dockerignore(model: ExportModel): string {
  const out = model.outFromRoot === '' || model.outFromRoot.startsWith('..') ? [] : [model.outFromRoot];
  return ['node_modules', '.git', ...out, ''].join('\n');
}

/** The Dockerfile and its ignore file (BuildKit reads `<Dockerfile>.dockerignore` beside it). */
export function dockerFiles(model: ExportModel): ExportFile[] {
  if (!needsDockerfile(model)) return [];
  return [
    { path: 'Dockerfile', content: dockerfile(model) },
    { path: 'Dockerfile.dockerignore', content: dockerignore(model) },
  ];
}

export function dockerNote(model: ExportModel): string {
  const dockerfilePath = posix.join(model.outFromRoot || '.', 'Dockerfile');
  return `No image given for ${model.apps
    .filter((app) => app.options.image === null)
    .map((app) => app.spec.name)
    .join(
      ', ',
    )}: wrote a Dockerfile; build it from the project root with \`docker build -f ${dockerfilePath} -t ${projectImage(model)} .\` (or give x-export: { image } per app, or --image).`;
}
