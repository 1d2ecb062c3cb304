import type { ErrorEntry } from './index.js';

export const deployErrors = {
  E_DEPLOY_CONFIG: {
    summary: 'The deploy section of the ecosystem file is not valid.',
    hint: 'Fix the listed keys; `docs/deploy.md` lists every deploy key and its type.',
  },
  E_DEPLOY_ENV_UNKNOWN: {
    summary: 'The ecosystem file has no deploy environment of that name.',
    hint: 'Use one of the environments listed under `deploy` in the ecosystem file.',
  },
  E_DEPLOY_NO_FILE: {
    summary: 'No ecosystem file with a deploy section was found.',
    hint: 'Pass the file: `tend deploy ecosystem.config.js <env> …`, or run from the directory holding it.',
  },
  E_DEPLOY_DIRTY: {
    summary: 'The local repository has uncommitted changes.',
    hint: 'Commit and push them (the server deploys what is pushed), or pass --force.',
  },
  E_DEPLOY_UNPUSHED: {
    summary: 'The local branch has commits that are not pushed.',
    hint: 'Run `git push` (the server fetches from the remote), or pass --force.',
  },
  E_DEPLOY_LOCKED: {
    summary: 'Another deploy holds the lock on this host.',
    hint: 'Wait for it to finish; if its holder is gone, re-run with --force-unlock.',
  },
  E_DEPLOY_NOT_SETUP: { summary: 'The deploy path on the server has not been set up.', hint: 'Run `tend deploy <env> setup` once first.' },
  E_DEPLOY_REF: {
    summary: 'The ref to deploy does not exist in the repository on the server.',
    hint: 'Check the `ref` (branch, tag or commit) and that it is pushed to the `repo` the server clones.',
  },
  E_DEPLOY_HOOK: {
    summary: 'A deploy hook exited with an error.',
    hint: 'Read the hook output above; run it by hand with `tend deploy <env> exec "<cmd>"` to debug.',
  },
  E_DEPLOY_STEP: { summary: 'A deploy step failed on the server.', hint: 'Read the step output above; the server layout is described in docs/deploy.md.' },
  E_DEPLOY_NO_RELEASE: { summary: 'There is no release to act on.', hint: 'Deploy first; `tend deploy <env> list` shows the recorded releases.' },
  E_DEPLOY_CANCELLED: {
    summary: 'The deploy was cancelled (Ctrl-C): remote steps were stopped, locks given back, releases recorded failed.',
    hint: 'Nothing switched on a host that had not reached the switch; `tend deploy <env> list` shows where each host is.',
  },
  E_DEPLOY_FAILED: {
    summary: 'The deploy failed on one or more hosts.',
    hint: 'Read the per-host summary above; each host says which step failed and what was rolled back.',
  },
  E_SSH_CONNECT: {
    summary: 'Could not connect to the SSH server.',
    hint: 'Check host, port and network; `ssh -p PORT user@host` should work from this machine.',
  },
  E_SSH_AUTH: {
    summary: 'The SSH server refused every key offered.',
    hint: "Set `key` in the deploy section, load the key into ssh-agent, or add its public key to the server's authorized_keys.",
  },
  E_SSH_KEY: {
    summary: 'The SSH private key could not be read.',
    hint: 'Check the `key` path; a passphrase-protected key must be loaded into ssh-agent (`ssh-add KEY`).',
  },
  E_SSH_HOSTKEY: {
    summary: 'The server presented a host key different from the one in known_hosts.',
    hint: 'This can mean a man-in-the-middle attack. If the server was reinstalled, remove the old key with `ssh-keygen -R HOST` and verify the new fingerprint.',
  },
  E_SSH_HOSTKEY_UNKNOWN: {
    summary: "The server's host key is not in known_hosts.",
    hint: 'Connect once with `ssh` and verify the fingerprint, or set `ssh_options: "StrictHostKeyChecking=accept-new"`.',
  },
} as const satisfies Record<string, ErrorEntry>;
