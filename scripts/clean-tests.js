// Removes the compiled tests before a build, so a deleted or moved test never runs from a stale dist/test.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist/test', import.meta.url), { recursive: true, force: true });
