// cron_restart: one croner job per app with a pattern. sync() follows the table: a new or changed
// pattern replaces the job, a removed one (or a deleted app) stops it.
import { Cron } from 'croner';

export interface CronApp {
  name: string;
  cron_restart: string | null;
}

export class CronRestarts {
  private readonly jobs = new Map<string, { pattern: string; job: Cron }>();

  constructor(
    private readonly onCron: (appName: string) => Promise<void> | void,
    private readonly onError: (appName: string, error: Error) => void,
  ) {}

  sync(apps: readonly CronApp[]): void {
    const wanted = new Map(apps.filter((app) => app.cron_restart !== null).map((app) => [app.name, app.cron_restart as string]));
    for (const [name, { pattern, job }] of this.jobs) {
      if (wanted.get(name) === pattern) continue;
      job.stop();
      this.jobs.delete(name);
    }
    for (const [name, pattern] of wanted) {
      if (this.jobs.has(name)) continue;
      try {
        // protect: a restart still running when the next tick comes is not started twice.
        const job = new Cron(pattern, { protect: true, unref: true }, () => this.onCron(name));
        this.jobs.set(name, { pattern, job });
      } catch (error) {
        // Validation refuses bad patterns; this covers a state file written by hand.
        this.onError(name, error as Error);
      }
    }
  }

  close(): void {
    for (const { job } of this.jobs.values()) job.stop();
    this.jobs.clear();
  }
}
