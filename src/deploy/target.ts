// Finds the ecosystem file, reads its `deploy` section and validates the chosen environment.
// Only the deploy section is read here: the apps are validated where they run (the server's
// startOrReload), since their paths often exist only there (`cwd: /srv/app/current`).
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TendError } from '../errors/index.js';
import { findEcosystemFile } from '../ecosystem/load.js';
import { fileForm, readEcosystemFile } from '../ecosystem/read.js';
import { validateDeployEnv, type DeployTarget } from './config.js';
import { pathInRepo, workTreeOf } from './local.js';

export interface LoadedTarget {
  readonly target: DeployTarget;
  /** The git work tree holding the ecosystem file, if any. */
  readonly workTree: string | undefined;
  readonly ecosystemInRepo: string;
}

/** Whether a command-line word names an ecosystem file rather than an environment. */
export function looksLikeEcosystemFile(word: string, cwd: string): boolean {
  return fileForm(word) !== undefined || path.basename(word) === 'package.json' || (existsSync(path.resolve(cwd, word)) && !/^[\w-]+$/.test(word));
}

export async function loadTarget(fileArg: string | undefined, env: string, cwd: string): Promise<LoadedTarget> {
  let file: string;
  try {
    file = findEcosystemFile(fileArg, cwd);
  } catch (error) {
    if (error instanceof TendError && error.code === 'E_FILE_NOT_FOUND') throw new TendError('E_DEPLOY_NO_FILE', error.message);
    throw error;
  }
  const { data } = await readEcosystemFile(file);
  const section = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>).deploy : undefined;
  const target = validateDeployEnv(section, env, file, { localUser: os.userInfo().username });
  const workTree = await workTreeOf(path.dirname(file));
  return { target, workTree, ecosystemInRepo: pathInRepo(file, workTree) };
}
