// The environment git runs with: the caller's, minus the GIT_* variables a hook sets (GIT_DIR and
// friends in a post-receive hook would point every git command at the pushed repository).
export function cleanGitEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !key.startsWith('GIT_')) clean[key] = value;
  }
  return clean;
}
