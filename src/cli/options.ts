// Parsing of option values shared by commands.

/** `--only a,b` / `--only "a b"` → ['a', 'b']; undefined when nothing is given. */
export function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(/[,\s]+/).filter(Boolean);
  return items.length > 0 ? items : undefined;
}
