// The JSON schema of ecosystem files, rendered from the field catalog (manifests/ecosystem.schema.json;
// a test keeps the committed file equal to this render).
import { Derived, envOverlayPattern, fieldCatalog, specFields } from './catalog.js';
import type { FieldDef } from './catalog.js';
import type { JsonSchema } from './parsers.js';

function describe(field: FieldDef): string {
  if (field.kind === 'ignored' || !(field.default instanceof Derived)) return field.doc;
  return field.default.doc === 'required' ? `${field.doc} Required.` : `${field.doc} Default: ${field.default.doc}.`;
}

function propertySchema(field: FieldDef, spelling: string): JsonSchema {
  const description = spelling === field.name ? describe(field) : `Alias of ${field.name}. ${describe(field)}`;
  const fallback = field.default instanceof Derived ? {} : { default: field.default };
  return { description, ...field.parser.schema, ...fallback };
}

function appSchema(): JsonSchema {
  const properties: Record<string, JsonSchema> = { $schema: { description: 'Path or URL of this schema (for editors).', type: 'string' } };
  for (const field of fieldCatalog) {
    if (field.kind === 'spec' && field.computed) continue;
    for (const spelling of [field.name, ...field.aliases]) properties[spelling] = propertySchema(field, spelling);
  }
  const scriptSpellings = [specFields.script.name, ...specFields.script.aliases];
  return {
    type: 'object',
    description: 'One app: a script to run and how to run it.',
    properties,
    patternProperties: {
      [envOverlayPattern.source.replace('(.+)', '.+')]: { description: 'Env overlay applied with --env <name>.', ...specFields.env.parser.schema },
      [userKeyPattern]: userKeySchema,
    },
    additionalProperties: false,
    anyOf: scriptSpellings.map((spelling) => ({ required: [spelling] })),
  };
}

/** Keys starting with `x-` are the user's own (tools such as `tend export` read them). */
const userKeyPattern = '^x-';
const userKeySchema = { description: 'Your own data: tend ignores keys starting with x-.' };

export function renderSchema(): string {
  const appList = { type: 'array', items: { $ref: '#/definitions/app' } };
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'tend ecosystem file',
    description: 'Apps (and deploy targets) managed by tend; PM2 ecosystem files are accepted as they are.',
    definitions: { app: appSchema() },
    anyOf: [
      {
        type: 'object',
        properties: {
          $schema: { description: 'Path or URL of this schema (for editors).', type: 'string' },
          apps: { description: 'The apps.', ...appList },
          pm2: { description: 'Legacy name of apps.', ...appList },
          deploy: { description: 'Deploy targets by environment name (tend deploy <env>).', type: 'object', additionalProperties: { type: 'object' } },
        },
        anyOf: [{ required: ['apps'] }, { required: ['pm2'] }],
      },
      appList,
      { $ref: '#/definitions/app' },
    ],
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
