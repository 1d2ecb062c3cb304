// YAML as every target writes it: block style, no line folding, documents in the order given.
import { stringify } from 'yaml';

export function yamlDocument(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

export function yamlDocuments(values: readonly unknown[]): string {
  return values.map(yamlDocument).join('---\n');
}

export function header(lines: readonly string[]): string {
  return lines.map((line) => `# ${line}\n`).join('');
}
