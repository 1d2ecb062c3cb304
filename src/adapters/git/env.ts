// The environment git runs with: the caller's, minus the GIT_* variables a hook sets (GIT_DIR and
// friends in a post-receive hook would point every git command at the pushed repository), and
// minus the variables that make git run other programs (editor, pager, askpass): simple-git refuses
// to run with them, and a sync never needs them (npm, for one, sets EDITOR for its scripts).
const programVariables = new Set(['editor', 'visual', 'pager', 'ssh_askpass', 'prefix']);

export function cleanGitEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !key.startsWith('GIT_') && !programVariables.has(key.toLowerCase())) clean[key] = value;
  }
  return clean;
}
