// Names each target accepts, derived from app names; two apps that end up with one name are an error.
import { TendError } from '../errors/index.js';

/** A DNS label (RFC 1123, starting with a letter) short enough for `<name>-restart` CronJobs (52). */
export function dnsLabel(name: string, maxLength = 44): string {
  let label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (!/^[a-z]/.test(label)) label = `app-${label}`.replace(/-$/, '');
  return label.slice(0, maxLength).replace(/-$/, '');
}

/** Compose service names, Nomad group and task names: letters, digits, `.`, `_` and `-`. */
export function serviceName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return cleaned === '' ? 'app' : cleaned;
}

/** A systemd unit name prefix: `@` starts the instance part, so it and other specials become `-`. */
export function unitName(name: string): string {
  return name.replace(/[^A-Za-z0-9:_.-]+/g, '-');
}

/** The name of each app on a target, refusing two apps with one name. */
export function targetNames(apps: readonly string[], rename: (name: string) => string, target: string): Map<string, string> {
  const names = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const app of apps) {
    const renamed = rename(app);
    const owner = owners.get(renamed);
    if (owner !== undefined) {
      throw new TendError('E_EXPORT_NAME_CLASH', `apps ${owner} and ${app} both become ${renamed} on ${target}`, {
        hint: 'Rename one of them: names on this target keep only letters, digits and dashes.',
      });
    }
    owners.set(renamed, app);
    names.set(app, renamed);
  }
  return names;
}
