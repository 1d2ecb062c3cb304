// The ecosystem language's public surface.
export type { AppSpec, ActionClass, ExecMode, LogType, OwnedSpec } from './types.js';
export {
  fieldCatalog,
  specFields,
  inputFields,
  ignoredFields,
  actionClassOf,
  catalogCliOptions,
  rawAppFromCli,
  fieldBySpelling,
  type FieldDef,
  type CliOption,
} from './catalog.js';
export { loadEcosystem, normalizeApps, findEcosystemFile, defaultFileNames, type LoadOptions, type LoadedEcosystem } from './load.js';
export type { SpecProblem } from './problems.js';
export { specHash, canonicalJson } from './hash.js';
export { isSecretKey, redactEnv, defaultSecretPatterns, redactedValue } from './redact.js';
export { commandLine, isShellCommand, type CommandLine } from './command-line.js';
