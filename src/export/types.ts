// The one model every target renders from, and what a render returns. Built by model.ts from normalized
// AppSpecs; render functions are pure: the same model gives the same bytes.
import type { AppSpec } from '../ecosystem/types.js';

export const exportTargets = ['kubernetes', 'nomad', 'compose', 'systemd'] as const;
export type ExportTarget = (typeof exportTargets)[number];

/** What the `x-export` / `x-<target>` keys of an app (or the command line) add to its spec. */
export interface TargetOptions {
  /** Container image; without one, export writes a Dockerfile for the project. */
  image: string | null;
  /** The port the app listens on, when the spec has none (or to override it). */
  port: number | null;
  /** HTTP path of a health check; without one, checks open a TCP connection to the port. */
  probe: string | null;
}

export interface ExportApp {
  spec: AppSpec;
  options: TargetOptions;
  /** Env key → value of each `env_<name>` overlay (the whole resolved env with that overlay). */
  overlays: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface ExportModel {
  target: ExportTarget;
  /** Base name of the ecosystem file, named in headers. */
  source: string;
  /** Project name: the ecosystem file's directory name, used for the Compose project, Nomad job and image. */
  project: string;
  /** Absolute directory of the ecosystem file on this machine: the project root. */
  localRoot: string;
  /** Where the project root lives on the machines that run it (systemd, Nomad raw_exec). */
  hostRoot: string;
  /** Out directory relative to the project root (for Compose's build context and the docker build line). */
  outFromRoot: string;
  /** The project root relative to the out directory (Compose's build context). */
  rootFromOut: string;
  /** Whether the project root has a package.json / package-lock.json (the Dockerfile installs dependencies). */
  packageFiles: { manifest: boolean; lockfile: boolean };
  /** Env names with an `env_<name>` overlay in any app, sorted. */
  envNames: readonly string[];
  /** Write the values of secret-looking env keys instead of leaving them to be filled in. */
  includeSecrets: boolean;
  apps: readonly ExportApp[];
}

export interface ExportFile {
  /** Relative to the out directory, with forward slashes. */
  path: string;
  content: string;
  /** Left as it is when it exists (a secrets file the user filled in). */
  keep?: boolean;
}

/** A field that cannot be carried over, or changes meaning, on a target. */
export interface ExportWarning {
  target: ExportTarget;
  app: string;
  field: string;
  /** What happens instead. */
  message: string;
}

export interface ExportResult {
  files: ExportFile[];
  warnings: ExportWarning[];
  /** What the user has to do or know that is not a loss (a Dockerfile was written, secrets to fill in). */
  notes: string[];
}
