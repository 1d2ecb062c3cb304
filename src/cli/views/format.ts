// Small formatters shared by the views: durations, sizes, colours that honour NO_COLOR and TTYs.
import pc from 'picocolors';
import { isTerminal } from './output.js';

export function useColor(): boolean {
  return isTerminal() && !process.env.NO_COLOR;
}

export const paint = {
  green: (text: string) => (useColor() ? pc.green(text) : text),
  red: (text: string) => (useColor() ? pc.red(text) : text),
  yellow: (text: string) => (useColor() ? pc.yellow(text) : text),
  cyan: (text: string) => (useColor() ? pc.cyan(text) : text),
  dim: (text: string) => (useColor() ? pc.dim(text) : text),
  bold: (text: string) => (useColor() ? pc.bold(text) : text),
};

export function formatDuration(ms: number): string {
  if (ms < 0 || !Number.isFinite(ms)) return '0s';
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h`;
  return `${Math.floor(hours / 24)}D`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}b`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)}kb`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)}mb`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(1)}gb`;
}

export function colorStatus(status: string): string {
  if (status === 'online') return paint.green(status);
  if (status === 'errored') return paint.red(status);
  if (status === 'stopped') return paint.dim(status);
  return paint.yellow(status);
}
