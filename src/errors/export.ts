// Codes of `tend export` (src/export): rendering the ecosystem file for Kubernetes, Nomad, Compose, systemd.
import type { ErrorEntry } from './index.js';

export const exportErrors = {
  E_EXPORT_TARGET: {
    summary: '`tend export` was asked for a target it does not know.',
    hint: 'Name one of: kubernetes, nomad, compose, systemd (docs/scale-out.md).',
  },
  E_EXPORT_OPTION: {
    summary: "An app's `x-export` / `x-<target>` key, or an --image, --port or --probe value, is not usable.",
    hint: 'Write x-export: { image: "registry/app:1.0", port: 3000, probe: "/healthz" } (every key optional), or --image/--port/--probe [APP=]VALUE.',
  },
  E_EXPORT_NAME_CLASH: {
    summary: 'Two apps get the same name once their names are made valid for the target.',
    hint: 'Rename one of the apps in the ecosystem file.',
  },
  E_EXPORT_STRICT: {
    summary: 'With --strict, fields that cannot be carried over to the target fail the export; nothing was written.',
    hint: 'Read the warnings above (docs/scale-out.md says what each target does instead), change the file, or export without --strict.',
  },
  E_EXPORT_WRITE: {
    summary: 'An exported file could not be written.',
    hint: 'Check that the out directory (-o) is writable.',
  },
} as const satisfies Record<string, ErrorEntry>;
