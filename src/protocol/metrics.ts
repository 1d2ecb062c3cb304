// What the `metrics` method answers: the last hour of an app's cpu and memory, per instance, and
// its recent exits and restarts, as the daemon's bounded rings keep them (for the console's charts).

export interface MetricsEvent {
  /** ms since epoch */
  at: number;
  /** `exit`: the process ended; `restart`: it came online again; `start-failed`: it could not be started. */
  kind: 'exit' | 'restart' | 'start-failed';
  code: number | null;
  signal: string | null;
  /** For an exit: the daemon starts it again (a crash restart), rather than it staying down. */
  willRestart: boolean;
}

export interface InstanceMetrics {
  pm_id: number;
  /** Start of each step (ms since epoch), oldest first; steps without a sample are left out. */
  at: number[];
  /** Highest cpu sample of each step: percent of one core. */
  cpu: number[];
  /** Highest memory sample of each step: bytes (kept in KiB). */
  memory: number[];
  events: MetricsEvent[];
}

export interface AppMetrics {
  name: string;
  /** The width of one step (samples within it are folded into one point). */
  stepMs: number;
  /** How far back the rings reach. */
  windowMs: number;
  instances: InstanceMetrics[];
}
