// Whether a push concerns a source: the webhook's branch check.

/**
 * Whether a push to `pushed` (`refs/heads/x`, `refs/tags/v1`) concerns a source following `ref`. A
 * push that names no ref, or a source following HEAD, a tag or a commit, is always taken (the sync
 * itself then finds out whether anything moved).
 */
export function followsRef(ref: string, pushed: string | undefined): boolean {
  if (pushed === undefined || !pushed.startsWith('refs/heads/')) return true;
  const branch = ref.replace(/^refs\/heads\//, '').replace(/^origin\//, '');
  if (branch === 'HEAD' || ref.startsWith('refs/tags/') || /^[0-9a-f]{7,64}$/.test(ref)) return true;
  return pushed.slice('refs/heads/'.length) === branch;
}
