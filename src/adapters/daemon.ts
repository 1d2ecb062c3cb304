// The adapters the daemon's entry points inject (src/daemon/ports.ts declares what it needs of them):
// git sync sources' repositories and webhook notifications.
import { SourceRepo } from './git/source-repo.js';
import { sendNotification } from './notify/webhooks.js';

export const daemonAdapters = {
  sourceRepository: (sourcesDir: string, name: string): SourceRepo => new SourceRepo(sourcesDir, name),
  notify: sendNotification,
};
