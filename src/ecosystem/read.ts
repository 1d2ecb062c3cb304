// Reads an ecosystem file of any form PM2 accepts into plain data, with a locator for YAML and JSON
// so that problems can name a line and column. JavaScript files are evaluated in the CLI, in a worker
// thread bounded in time (evaluate-bounded.ts): a file that never finishes is an error, not a hang.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Module } from 'node:module';
import { basename, dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError, type ParseErrorCode } from 'jsonc-parser';
import type { LineCounter, Node } from 'yaml';

/** yaml is loaded only for a YAML file: most files are JSON or JS, and the module is large. */
type Yaml = typeof import('yaml');
import { TendError } from '../errors/index.js';
import { evaluateBounded } from './evaluate-bounded.js';
import type { Locator, PathSegment } from './problems.js';

export interface ReadResult {
  data: unknown;
  locate?: Locator;
}

export type FileForm = 'js' | 'cjs' | 'mjs' | 'json' | 'yaml';

export function fileForm(file: string): FileForm | undefined {
  switch (extname(file).toLowerCase()) {
    case '.js':
      return 'js';
    case '.cjs':
      return 'cjs';
    case '.mjs':
      return 'mjs';
    case '.json':
      return 'json';
    case '.yaml':
    case '.yml':
      return 'yaml';
    default:
      return undefined;
  }
}

export async function readEcosystemFile(file: string): Promise<ReadResult> {
  const form = fileForm(file);
  if (form === undefined) {
    throw new TendError('E_FILE_NOT_FOUND', `${file} is not an ecosystem file`, { hint: 'An ecosystem file ends in .js, .cjs, .mjs, .json, .yaml or .yml.' });
  }
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
    throw new TendError('E_FILE_NOT_FOUND', `${file} ${reason}`);
  }
  switch (form) {
    case 'json':
      return readJson(file, source);
    case 'yaml':
      return readYaml(file, source, await import('yaml'));
    case 'mjs':
    case 'cjs':
    case 'js':
      return { data: await evaluateBounded(file, form) };
  }
}

/** Evaluates a JS ecosystem file's code (in the evaluation worker) into plain data. */
export async function evaluateJs(file: string, form: 'js' | 'cjs' | 'mjs'): Promise<unknown> {
  const source = readFileSync(file, 'utf8');
  if (form === 'mjs' || (form === 'js' && isEsmSource(file, source))) return importEsm(file);
  return evaluateCommonJs(file, source);
}

function position(lines: LineCounter, offset: number): { line: number; col: number } {
  const { line, col } = lines.linePos(offset);
  return { line, col };
}

/** A locator over a YAML document: the key of the last segment, or the list item. */
function yamlLocator(source: string, { LineCounter, isMap, isSeq, parseDocument }: Yaml): Locator {
  const lines = new LineCounter();
  const document = parseDocument(source, { lineCounter: lines, uniqueKeys: false });
  return (path: readonly PathSegment[]) => {
    let node: unknown = document.contents;
    let at: number | undefined = (node as Node | null)?.range?.[0];
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === segment);
        if (pair === undefined) break;
        at = (pair.key as Node).range?.[0] ?? at;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        at = (node as Node | undefined)?.range?.[0] ?? at;
      } else break;
    }
    return at === undefined ? undefined : position(lines, at);
  };
}

function readYaml(file: string, source: string, yaml: Yaml): ReadResult {
  const lines = new yaml.LineCounter();
  const document = yaml.parseDocument(source, { lineCounter: lines, prettyErrors: false });
  const problem = document.errors[0];
  if (problem !== undefined) {
    const { line, col } = position(lines, problem.pos[0]);
    const message = problem.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'syntax error';
    throw new TendError('E_FILE_PARSE', `${file}:${line}:${col}: ${message}`);
  }
  let data: unknown;
  try {
    // Aliases are resolved here: an unresolved or exploding one is a problem of the file.
    data = document.toJS({ maxAliasCount: 1000 }) as unknown;
  } catch (error) {
    throw new TendError('E_FILE_PARSE', `${file}: ${(error as Error).message.split('\n')[0] ?? 'invalid YAML'}`);
  }
  return { data, locate: yamlLocator(source, yaml) };
}

/**
 * JSON as PM2 reads it: line and block comments and trailing commas are allowed (PM2 evaluates
 * .json files as JavaScript). The syntax tree gives problems their line and column. Plain JSON (the
 * common case) is read by JSON.parse, several times faster on a file of thousands of apps; its tree is
 * only built when a problem needs a position.
 */
export function readJson(file: string, source: string): ReadResult {
  const plain = parsePlainJson(source);
  if (plain !== undefined) return { data: plain.data, locate: lazyJsonLocator(source) };
  const errors: ParseError[] = [];
  const tree = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first !== undefined || tree === undefined) {
    const offset = first?.offset ?? 0;
    const { line, col } = offsetPosition(source, offset);
    const what = first === undefined ? 'empty file' : describeJsonError(first.error);
    throw new TendError('E_FILE_PARSE', `${file}:${line}:${col}: ${what}`);
  }
  return { data: getNodeValue(tree) as unknown, locate: jsonLocator(source, tree) };
}

function parsePlainJson(source: string): { data: unknown } | undefined {
  try {
    return { data: JSON.parse(source) as unknown };
  } catch {
    return undefined;
  }
}

function lazyJsonLocator(source: string): Locator {
  let locate: Locator | undefined;
  return (path) => {
    if (locate === undefined) {
      const tree = parseTree(source, [], { allowTrailingComma: true, disallowComments: false });
      locate = tree === undefined ? () => undefined : jsonLocator(source, tree);
    }
    return locate(path);
  };
}

function describeJsonError(code: ParseErrorCode): string {
  // `CommaExpected` → `comma expected`
  return printParseErrorCode(code)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** 1-based line and column of a character offset. */
function offsetPosition(source: string, offset: number): { line: number; col: number } {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/** A locator over a JSON syntax tree: the key of the last segment found, or the list item. */
function jsonLocator(source: string, tree: JsonNode): Locator {
  return (path: readonly PathSegment[]) => {
    let at = tree.offset;
    for (let depth = 1; depth <= path.length; depth++) {
      const node = findNodeAtLocation(tree, path.slice(0, depth));
      if (node === undefined) break;
      // A property's value sits under a property node whose first child is the key.
      at = node.parent?.type === 'property' ? (node.parent.children?.[0]?.offset ?? node.offset) : node.offset;
    }
    return offsetPosition(source, at);
  };
}

/** A `.js` file is ESM when its package says "type": "module" and it uses import/export. */
function isEsmSource(file: string, source: string): boolean {
  return packageType(dirname(file)) === 'module' && /^\s*(import|export)\s/m.test(source);
}

function packageType(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const manifest = join(current, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type;
      } catch {
        return undefined;
      }
    }
    if (dirname(current) === current) return undefined;
  }
}

/** The user's line in a stack trace, so a thrown error points into their file, not into tend. */
function userFrame(error: unknown, file: string): string {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?:file://)?${escaped}:(\\d+):(\\d+)`).exec(stack);
  if (match) return `${file}:${match[1]}:${match[2]}`;
  if (!(error instanceof SyntaxError)) return file;
  // V8 marks a syntax error with `file:line`, the source line and a caret under the column. CommonJS
  // errors carry it in their stack; an ES module's do not, so `node --check` is asked for it.
  return caretPosition(stack, escaped, file) ?? caretPosition(checkSyntax(file), escaped, file) ?? file;
}

function caretPosition(text: string, escapedFile: string, file: string): string | undefined {
  const match = new RegExp(`^(?:file://)?${escapedFile}:(\\d+)\\n.*\\n( *)\\^`, 'm').exec(text);
  return match?.[1] === undefined ? undefined : `${file}:${match[1]}:${(match[2] ?? '').length + 1}`;
}

function checkSyntax(file: string): string {
  const checked = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  return checked.stderr ?? '';
}

function evalError(error: unknown, file: string): TendError {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new TendError('E_FILE_EVAL', `${userFrame(error, file)}: ${message.split('\n')[0] ?? ''}`, {
    hint: `Fix the error in ${basename(file)}; \`node ${basename(file)}\` shows the full stack.`,
  });
}

interface CompilableModule {
  exports: unknown;
  filename: string;
  paths: string[];
  _compile(source: string, file: string): void;
}

/** Evaluates a file as CommonJS whatever its package's "type" says (PM2 files use module.exports). */
async function evaluateCommonJs(file: string, source: string): Promise<unknown> {
  const statics = Module as unknown as { _nodeModulePaths(dir: string): string[] };
  const module = new Module(file) as unknown as CompilableModule;
  module.filename = file;
  module.paths = statics._nodeModulePaths(dirname(file));
  try {
    module._compile(source.replace(/^#!.*/, ''), file);
    return plainData(await Promise.resolve(module.exports));
  } catch (error) {
    throw evalError(error, file);
  }
}

/**
 * A copy of what a JS file exported, made while still inside the evaluation guard: getters,
 * proxies and cycles run (and may throw) here, not later in the normalizer. Functions are dropped.
 */
function plainData(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

async function importEsm(file: string): Promise<unknown> {
  try {
    // Loaded once per process: the CLI is short-lived, and git sync evaluates files in a child process.
    const namespace = (await import(pathToFileURL(file).href)) as { default?: unknown };
    return plainData(await Promise.resolve(namespace.default ?? namespace));
  } catch (error) {
    throw evalError(error, file);
  }
}
