// Which changed paths a watch ignores. chokidar 4+ takes no globs, so ignore_watch entries are read
// here, the way PM2 users write them: a name (`node_modules`, any path segment), a relative path, a
// glob (`*.log`, `dist/**`), an absolute path, or — when it holds a backslash — a regular expression
// (`"[\\/\\\\]\\."`, PM2's dotfile default written as a string).
import { isAbsolute, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';

export type PathTest = (path: string) => boolean;

/** `path` relative to each watched root that holds it (a path may sit below several roots). */
function relativePaths(path: string, roots: readonly string[]): string[] {
  return roots.map((root) => relative(root, path)).filter((rel) => rel !== '' && !rel.startsWith('..') && !isAbsolute(rel));
}

function segmentsBelow(path: string, roots: readonly string[]): string[] {
  return relativePaths(path, roots).flatMap((rel) => rel.split(sep));
}

/** Used when ignore_watch is empty, as PM2: node_modules and dotfiles (.git, editor swap files). */
export function defaultIgnore(roots: readonly string[]): PathTest {
  return (path) => segmentsBelow(path, roots).some((segment) => segment === 'node_modules' || segment.startsWith('.'));
}

const globChars = /[*?[\]{}]/;

/**
 * A glob as a regular expression over `/`-separated paths (picomatch, as chokidar 3 used; dotfiles
 * match). `[!a]` is read as `[^a]`, as in .gitignore and shells: picomatch takes a leading `!` as negation.
 */
export function globToRegExp(glob: string): RegExp {
  return picomatch.makeRe(glob.replace(/\[!/g, '[^'), { dot: true });
}

function underPath(root: string): PathTest {
  return (path) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * One ignore_watch entry as a test on absolute paths below the watched roots. An entry with a slash
 * is a path from the app's folder (`client/img` with `watch: ["server", "client"]`), as PM2 reads it.
 */
export function patternTest(pattern: string, roots: readonly string[], appDir: string): PathTest {
  if (pattern.includes('\\')) {
    try {
      const regexp = new RegExp(pattern);
      return (path) => regexp.test(path);
    } catch {
      // not a valid regular expression: read it as a path below
    }
  }
  const trimmed = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  if (isAbsolute(trimmed)) {
    if (!globChars.test(trimmed)) return underPath(trimmed);
    const regexp = globToRegExp(trimmed);
    return (path) => regexp.test(path);
  }
  if (globChars.test(trimmed)) {
    const regexp = globToRegExp(trimmed);
    // Without a slash a glob matches a name at any depth (as .gitignore); with one, a path from the
    // app's folder or any directory above the path (so `dist/**` ignores the directory itself too).
    if (!trimmed.includes('/')) return (path) => segmentsBelow(path, roots).some((segment) => regexp.test(segment));
    return (path) => relativePaths(path, [appDir]).some((rel) => prefixes(rel).some((prefix) => regexp.test(prefix)));
  }
  if (!trimmed.includes('/')) return (path) => segmentsBelow(path, roots).includes(trimmed);
  return underPath(resolve(appDir, trimmed));
}

/** `a/b/c` → `a`, `a/b`, `a/b/c`. */
function prefixes(rel: string): string[] {
  const parts = rel.split(sep);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * The ignore test of one app: its ignore_watch entries (or the defaults), plus paths that are always
 * ignored — tend's log directory and the app's own log and pid files, whose writes would otherwise
 * restart the app forever.
 */
export function ignoreTest(ignoreWatch: readonly string[], roots: readonly string[], always: readonly string[], appDir: string): PathTest {
  const tests = [
    ...(ignoreWatch.length === 0 ? [defaultIgnore(roots)] : ignoreWatch.map((pattern) => patternTest(pattern, roots, appDir))),
    ...always.map(underPath),
  ];
  return (path) => tests.some((test) => test(path));
}
