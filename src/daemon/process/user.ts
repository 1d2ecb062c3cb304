// uid/gid of an app: names resolved through /etc/passwd and /etc/group. Switching user needs root.
import { readFileSync } from 'node:fs';
import { TendError } from '../../errors/index.js';

export interface Identity {
  uid?: number;
  gid?: number;
  /** Login name and home of the uid user, for HOME/USER/LOGNAME. */
  user?: { name: string; home: string };
}

interface Entry {
  name: string;
  id: number;
  /** passwd: primary group; group: unused */
  gid: number;
  home: string;
}

function readTable(path: string, kind: 'passwd' | 'group'): Entry[] {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => {
      const fields = line.split(':');
      return {
        name: fields[0] ?? '',
        id: Number(fields[2]),
        gid: kind === 'passwd' ? Number(fields[3]) : Number.NaN,
        home: kind === 'passwd' ? (fields[5] ?? '') : '',
      };
    });
}

function find(table: Entry[], given: string | number, what: string): Entry | null {
  const numeric = typeof given === 'number' || /^\d+$/.test(given);
  const entry = numeric ? table.find((e) => e.id === Number(given)) : table.find((e) => e.name === given);
  if (entry) return entry;
  if (numeric) return null;
  throw new TendError('E_USER_NOT_FOUND', `no ${what} named '${given}'`);
}

export function resolveIdentity(
  uid: string | number | null,
  gid: string | number | null,
  isRoot = process.getuid?.() === 0,
  files = { passwd: '/etc/passwd', group: '/etc/group' },
): Identity {
  if (uid === null && gid === null) return {};
  if (!isRoot) throw new TendError('E_UID_REQUIRES_ROOT', `uid/gid (${uid ?? ''}${gid === null ? '' : `:${gid}`}) needs a daemon running as root`);
  const identity: Identity = {};
  if (uid !== null) {
    const user = find(readTable(files.passwd, 'passwd'), uid, 'user');
    identity.uid = user ? user.id : Number(uid);
    if (user) {
      identity.gid = user.gid;
      identity.user = { name: user.name, home: user.home };
    }
  }
  if (gid !== null) {
    const group = find(readTable(files.group, 'group'), gid, 'group');
    identity.gid = group ? group.id : Number(gid);
  }
  return identity;
}
