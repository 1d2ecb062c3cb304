// Reads the `sync` section of state.json defensively: a section from an older or damaged file gives
// no sources rather than a daemon that cannot start.
import type { StoredSource, StoredSync } from './types.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSource(value: unknown): value is StoredSource {
  if (!isObject(value) || !isObject(value.config)) return false;
  const config = value.config;
  return typeof config.name === 'string' && typeof config.repo === 'string' && typeof config.ref === 'string' && typeof config.path === 'string' && Array.isArray(value.history);
}

export function readStoredSync(section: unknown): StoredSync {
  if (!isObject(section)) return { sources: [], webhook: null };
  const sources = Array.isArray(section.sources) ? section.sources.filter(isSource) : [];
  const webhook = isObject(section.webhook) && typeof section.webhook.port === 'number' && typeof section.webhook.bind === 'string' ? (section.webhook as unknown as StoredSync['webhook']) : null;
  return { sources: sources.map((source) => ({ ...source, drift: Array.isArray(source.drift) ? source.drift : [] })), webhook };
}
