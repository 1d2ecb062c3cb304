// Resolves PM2-style targets to process slots: `all`, `/regex/`, a name or an absolute script path (the
// CLI resolves a relative one from its cwd), a namespace, or a numeric id — in PM2's order. A target
// that matches nothing, `all` included, is E_APP_NOT_FOUND.
import { closest, distance } from 'fastest-levenshtein';
import { TendError } from '../errors/index.js';
import type { AppSpec } from '../ecosystem/types.js';

export interface TargetableSlot {
  pm_id: number;
  name: string;
  spec: Pick<AppSpec, 'script' | 'namespace'>;
}

function asRegex(token: string): RegExp | null {
  const match = /^\/(.+)\/([a-z]*)$/.exec(token);
  if (!match?.[1]) return null;
  try {
    return new RegExp(match[1], match[2]);
  } catch {
    throw new TendError('E_USAGE', `invalid regular expression ${token}`);
  }
}

function matchToken<S extends TargetableSlot>(token: string, slots: readonly S[]): S[] {
  if (token === 'all') return [...slots];
  const regex = asRegex(token);
  if (regex) return slots.filter((slot) => regex.test(slot.name));
  const byName = slots.filter((slot) => slot.name === token || slot.spec.script === token);
  if (byName.length > 0) return byName;
  const byNamespace = slots.filter((slot) => slot.spec.namespace === token);
  if (byNamespace.length > 0) return byNamespace;
  if (/^\d+$/.test(token)) return slots.filter((slot) => slot.pm_id === Number(token));
  return [];
}

/** The app name a mistyped target most likely meant: at most a third of its letters off. */
function closestName(token: string, slots: readonly TargetableSlot[]): string | null {
  const names = [...new Set(slots.map((slot) => slot.name))];
  if (names.length === 0) return null;
  const best = closest(token, names);
  return distance(token, best) <= Math.max(1, Math.floor(token.length / 3)) ? best : null;
}

/** Slots matched by any of the tokens, in id order, without duplicates. */
export function resolveTargets<S extends TargetableSlot>(tokens: readonly string[], slots: readonly S[]): S[] {
  // Targets arrive over the socket: a client other than the CLI may send anything.
  if (!Array.isArray(tokens) || !tokens.every((token) => typeof token === 'string')) throw new TendError('E_PROTOCOL', 'targets must be a list of strings');
  if (tokens.length === 0) throw new TendError('E_USAGE', 'no target given', { hint: 'Name an app, an id, a namespace, `all` or /regex/.' });
  const found = new Map<number, S>();
  for (const token of tokens) {
    const matched = matchToken(token, slots);
    // `all` with no apps is an error too, as in PM2: a script running `tend restart all` learns nothing ran.
    if (matched.length === 0) {
      if (token === 'all') throw new TendError('E_APP_NOT_FOUND', 'no app to act on: the process list is empty');
      const suggestion = closestName(token, slots);
      throw new TendError(
        'E_APP_NOT_FOUND',
        `no app matches '${token}'`,
        suggestion === null ? {} : { hint: `did you mean '${suggestion}'? Run \`tend ls\` to see the apps.` },
      );
    }
    for (const slot of matched) found.set(slot.pm_id, slot);
  }
  return [...found.values()].sort((a, b) => a.pm_id - b.pm_id);
}
