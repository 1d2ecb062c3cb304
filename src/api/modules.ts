// PM2's module calls. tend has no modules: log rotation, the one module nearly everyone installs,
// is built in, so installing pm2-logrotate succeeds with a note; every other module call is refused.
import { TendError } from '../errors/index.js';

const logrotate = /^pm2-logrotate(@.*)?$/;

export const logrotateNote = 'log rotation is built into tend: set log_max_size, log_retain and log_compress on the app';

export function moduleCall(call: string, name: unknown): Promise<{ module: string; builtIn: true; message: string }> {
  if ((call === 'install' || call === 'uninstall') && typeof name === 'string' && logrotate.test(name)) {
    return Promise.resolve({ module: name, builtIn: true, message: logrotateNote });
  }
  return Promise.reject(
    new TendError('E_NOT_SUPPORTED', `${call}() is not supported: tend has no modules`, {
      hint: `Run what a module would run as an app of its own (tend start); ${logrotateNote}.`,
    }),
  );
}
