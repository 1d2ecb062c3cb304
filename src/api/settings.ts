// get / set / unset: tend's settings of the instance's home (PM2's `pm2 set` keys are kept as given).
import { TendError } from '../errors/index.js';
import { readSettings, writeSettings, type Settings } from '../workspace/settings.js';
import type { Session } from './session.js';

export function get(session: Session, key: string | undefined): Promise<Settings | string> {
  const settings = readSettings(session.paths.settingsFile);
  if (key === undefined) return Promise.resolve(settings);
  const value = settings[key];
  if (value === undefined) return Promise.reject(new TendError('E_SETTING_NOT_FOUND', `no setting named '${key}'`));
  return Promise.resolve(value);
}

export function set(session: Session, key: string, value: unknown): Promise<Settings> {
  if (typeof key !== 'string' || key === '') return Promise.reject(new TendError('E_USAGE', 'set() takes a key and a value'));
  const settings = { ...readSettings(session.paths.settingsFile), [key]: String(value) };
  writeSettings(session.paths.settingsFile, settings);
  return Promise.resolve(settings);
}

export function unset(session: Session, key: string): Promise<Settings> {
  const settings = readSettings(session.paths.settingsFile);
  if (!(key in settings)) return Promise.reject(new TendError('E_SETTING_NOT_FOUND', `no setting named '${key}'`));
  delete settings[key];
  writeSettings(session.paths.settingsFile, settings);
  return Promise.resolve(settings);
}

/** PM2's multiset("key1 value1 key2 value2"). */
export function multiset(session: Session, pairs: unknown): Promise<Settings> {
  const words = typeof pairs === 'string' ? pairs.trim().split(/\s+/) : [];
  if (words.length === 0 || words.length % 2 !== 0) return Promise.reject(new TendError('E_USAGE', 'multiset takes pairs: "key1 value1 key2 value2"'));
  const settings = readSettings(session.paths.settingsFile);
  for (let i = 0; i < words.length; i += 2) settings[words[i] ?? ''] = words[i + 1] ?? '';
  writeSettings(session.paths.settingsFile, settings);
  return Promise.resolve(settings);
}

/** PM2's conf([key], [value]): get without a value, set with one. */
export function conf(session: Session, key: unknown, value: unknown): Promise<Settings | string> {
  if (value === undefined) return get(session, typeof key === 'string' ? key : undefined);
  return set(session, String(key), value);
}
