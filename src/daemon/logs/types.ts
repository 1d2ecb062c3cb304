// The seam between the supervisor (which owns child processes) and log capture.
import type { Readable } from 'node:stream';
import type { AppSpec } from '../../ecosystem/types.js';

/** One instance's log destinations, resolved from its spec, TEND_HOME and pm_id. */
export interface LogTarget {
  pm_id: number;
  name: string;
  spec: AppSpec;
}

/** Paths an instance writes to (null: disabled), as shown in jlist (pm_out_log_path, …). */
export interface LogPaths {
  out: string | null;
  err: string | null;
  combined: string | null;
}

/** What capture holds in memory right now (backpressure at work, failing files). */
export interface LogHubStats {
  /** Times a source was paused because its files were behind. */
  pauses: number;
  files: { path: string; queuedBytes: number; failing: boolean; dropped: number }[];
}

export interface LogHub {
  /** Where an instance's logs go; pure of the spec, home and id. */
  pathsFor(target: LogTarget): LogPaths;
  /** Capture a child's stdout and stderr until they end; resolves when every line is written. */
  attach(target: LogTarget, stdout: Readable | null, stderr: Readable | null): Promise<void>;
  /** Truncate the files of these instances (all when omitted). */
  flush(targets?: readonly LogTarget[]): Promise<void>;
  /** Reopen every open file (after an external logrotate moved them). */
  reopen(): Promise<void>;
  /** Flush and close everything (daemon shutdown). */
  close(): Promise<void>;
  /**
   * Apply changed log options (format, date, rotation, paths) to a running instance's capture, from
   * its next line on: new paths are opened and the old files closed once written out.
   */
  reconfigure(target: LogTarget): void;
  /** Buffering and failure counters, for `tend report`-style diagnostics and tests. */
  stats?(): LogHubStats;
}
