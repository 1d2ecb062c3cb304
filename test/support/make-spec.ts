// A normalized AppSpec with the catalog's defaults, pointing at a fixture app (supervisor tests).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppSpec } from '../../src/ecosystem/types.js';
import { testSpec } from './spec.js';

export const fixtures = fileURLToPath(new URL('../../../test/fixtures/apps/', import.meta.url));

export function fixture(name: string): string {
  return join(fixtures, name);
}

/** A normalized spec with the catalog's defaults, for a fixture app. */
export function makeSpec(name: string, script: string, overrides: Partial<AppSpec> = {}): AppSpec {
  return testSpec({ name, script: fixture(script), cwd: fixtures, merge_logs: false, ...overrides });
}
