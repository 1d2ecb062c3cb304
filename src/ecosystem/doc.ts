// docs/ecosystem.md, rendered from the field catalog (a test keeps the committed file equal to this render).
import { Derived, fieldCatalog, ignoredFields, inputFields, specFields } from './catalog.js';
import type { FieldDef } from './catalog.js';
import { defaultFileNames } from './load.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function code(text: string): string {
  return `\`${text}\``;
}

function defaultText(field: FieldDef): string {
  if (field.default instanceof Derived) return field.default.doc;
  return code(JSON.stringify(field.default));
}

function row(field: FieldDef, action: string): string {
  const aliases = field.aliases.map(code).join(', ');
  const flags = field.cli.map((flags) => code(flags)).join(', ');
  return `| ${code(field.name)} | ${cell(aliases)} | ${cell(flags)} | ${cell(field.parser.type)} | ${cell(defaultText(field))} | ${action} | ${cell(field.doc)} |`;
}

/** The environment variables declared on catalog fields (`envDefault`), each with the field it sets. */
function envDefaultsLine(): string {
  const settings = Object.values(specFields).flatMap((field) =>
    field.envDefault === undefined ? [] : [`${field.envDefault.variables.map(code).join(' or ')} → ${code(field.name)}`],
  );
  return `- In the environment of a command, these variables replace a field's default for the apps it loads that do not set it (the first one set wins; a boolean is written \`true\` or \`1\`): ${settings.join(', ')}.`;
}

const header = ['| field | also accepted as | CLI flag | value | default | on change | meaning |', '|---|---|---|---|---|---|---|'];

export function renderEcosystemDoc(): string {
  const specRows = Object.values(specFields).map((field) => row(field, field.action));
  const inputRows = Object.values(inputFields).map((field) => row(field, `as ${code(field.feeds)}`));
  const ignoredNames = ignoredFields.map((field) => `- ${code(field.name)}: ${field.doc}`);
  return [
    '# Ecosystem files',
    '',
    '<!-- Generated from src/ecosystem/catalog.ts by `npm run schema`; do not edit by hand. -->',
    '',
    'An ecosystem file declares the apps tend runs. PM2 ecosystem files work as they are.',
    '',
    '## Forms and shapes',
    '',
    '- Forms: `.js`/`.cjs` (CommonJS, also inside a `"type": "module"` package), `.mjs` (default export), `.json`, `.yaml`/`.yml`, and `package.json` with an `apps` key.',
    '- Shapes: `{ apps: [...] }`, the legacy `{ pm2: [...] }`, a bare array of apps, or a single app object. A top-level `deploy` section is kept for `tend deploy`.',
    `- With no file given, tend looks for ${defaultFileNames.map(code).join(', ')} in the working directory.`,
    '- Editors: YAML files can start with `# yaml-language-server: $schema=<path>/manifests/ecosystem.schema.json`; JSON files can set `"$schema"` the same way.',
    '',
    '## Values',
    '',
    '- Sizes: bytes, or a number with `K`, `M`, `G` (powers of 1024): `300M`.',
    '- Durations: milliseconds, or a number with `ms`, `s`, `m`, `h`: `"5s"`.',
    '- `instances`: a number, `"max"` or `0` (one per CPU), or negative (CPUs − n, at least 1).',
    '- `script`: a file (relative to `cwd`), a command on `PATH` (a bare word), or a shell command line (contains spaces; run with `bash -c`).',
    '- Paths: `cwd` is relative to the ecosystem file; `script`, `watch` and log paths are relative to `cwd`. Symlinks of `cwd` and `script` are resolved, so a new release behind a `current` link is a change.',
    '- `env_<name>`: overlays `env` when tend runs with `--env <name>`, and `deploy.<name>.env` lies under both (as in PM2); `port` sets `env.PORT`.',
    envDefaultsLine(),
    '- Every field also accepts its camelCase spelling (`maxMemoryRestart`). Unknown fields are warnings with a did-you-mean (errors with `--strict`).',
    '',
    '## Fields',
    '',
    '"On change" is what `tend apply` does when the field changes: `identity` delete + create, `scale` add or remove instances, `reload` rolling replacement, `replace` stop the old set then start the new (downtime), `live` applied without restarting.',
    '',
    ...header,
    ...specRows,
    '',
    '## Shortcuts',
    '',
    'These shape other fields and are not kept themselves.',
    '',
    ...header,
    ...inputRows,
    '',
    '## Accepted, no effect',
    '',
    'PM2 options tend accepts so that PM2 files load unchanged; each gives a warning.',
    '',
    ...ignoredNames,
    '',
    `(${fieldCatalog.length} options in all.)`,
    '',
  ].join('\n');
}
