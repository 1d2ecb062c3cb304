// The last hour of every instance's cpu and memory, and its last exits and restarts, for the web
// console's charts (`metrics`). Each instance has one fixed-size buffer, whatever runs and for how
// long: 240 steps of 15 s (the highest sample of each step) and the 32 latest events. A buffer is
// made for instances of the table only and dropped when the instance leaves it (delete, scale down).
import { constants } from 'node:os';
import type { LifecycleEvent } from '../../protocol/events.js';
import type { AppMetrics, InstanceMetrics, MetricsEvent } from '../../protocol/metrics.js';
import type { Usage } from './usage-sampler.js';

export const stepMs = 15_000;
export const windowMs = 3_600_000;
const steps = windowMs / stepMs;
const maxEvents = 32;

// One ArrayBuffer per instance, read through one DataView (the 8-byte fields first, for alignment).
const eventAt = 0; // float64 × maxEvents
const stepIndex = eventAt + 8 * maxEvents; // uint32 × steps: the step number (ms / stepMs); 0 = empty
const stepMemory = stepIndex + 4 * steps; // uint32 × steps: KiB
const eventCode = stepMemory + 4 * steps; // int32 × maxEvents
const stepCpu = eventCode + 4 * maxEvents; // uint16 × steps: tenths of a percent
const eventKind = stepCpu + 2 * steps; // uint8 × maxEvents
const eventSignal = eventKind + maxEvents; // uint8 × maxEvents: the signal's number, 0 = none
/** Bytes of samples and events kept per instance (the buffer; its two small objects add ~200 more). */
export const bytesPerInstance = eventSignal + maxEvents;

const noCode = -0x80000000;
const kinds = ['exit', 'restart', 'start-failed'] as const;
const exitRestarting = kinds.length + 1;
const signalNames = new Map(Object.entries(constants.signals).map(([name, number]) => [number, name]));

class InstanceRing {
  readonly view = new DataView(new ArrayBuffer(bytesPerInstance));
  events = 0;
  /** It was online once: coming online again is a restart. */
  started = false;

  sample(at: number, usage: Usage): void {
    this.started = true;
    const step = Math.floor(at / stepMs);
    const slot = step % steps;
    const cpu = Math.min(0xffff, Math.round(usage.cpu * 10));
    const memory = Math.min(0xffffffff, Math.round(usage.memory / 1024));
    const { view } = this;
    if (view.getUint32(stepIndex + 4 * slot) === step) {
      view.setUint16(stepCpu + 2 * slot, Math.max(cpu, view.getUint16(stepCpu + 2 * slot)));
      view.setUint32(stepMemory + 4 * slot, Math.max(memory, view.getUint32(stepMemory + 4 * slot)));
      return;
    }
    view.setUint32(stepIndex + 4 * slot, step);
    view.setUint16(stepCpu + 2 * slot, cpu);
    view.setUint32(stepMemory + 4 * slot, memory);
  }

  event(at: number, kind: number, code: number | null, signal: string | null): void {
    const slot = this.events % maxEvents;
    this.events += 1;
    this.view.setFloat64(eventAt + 8 * slot, at);
    this.view.setUint8(eventKind + slot, kind);
    this.view.setInt32(eventCode + 4 * slot, code ?? noCode);
    this.view.setUint8(eventSignal + slot, signal === null ? 0 : ((constants.signals as Record<string, number | undefined>)[signal] ?? 0));
  }

  read(pm_id: number, now: number): InstanceMetrics {
    const { view } = this;
    const first = Math.floor((now - windowMs) / stepMs) + 1;
    const found: { step: number; cpu: number; memory: number }[] = [];
    for (let slot = 0; slot < steps; slot++) {
      const step = view.getUint32(stepIndex + 4 * slot);
      if (step >= first) found.push({ step, cpu: view.getUint16(stepCpu + 2 * slot) / 10, memory: view.getUint32(stepMemory + 4 * slot) * 1024 });
    }
    found.sort((a, b) => a.step - b.step);
    const events: MetricsEvent[] = [];
    for (let n = Math.max(0, this.events - maxEvents); n < this.events; n++) {
      const slot = n % maxEvents;
      const at = view.getFloat64(eventAt + 8 * slot);
      if (at < now - windowMs) continue;
      const kind = view.getUint8(eventKind + slot);
      const code = view.getInt32(eventCode + 4 * slot);
      events.push({
        at,
        kind: kind === exitRestarting ? 'exit' : (kinds[kind - 1] ?? 'exit'),
        code: code === noCode ? null : code,
        signal: signalNames.get(view.getUint8(eventSignal + slot)) ?? null,
        willRestart: kind === exitRestarting,
      });
    }
    return {
      pm_id,
      at: found.map((item) => item.step * stepMs),
      cpu: found.map((item) => item.cpu),
      memory: found.map((item) => item.memory),
      events,
    };
  }
}

export class MetricsHistory {
  private readonly rings = new Map<number, InstanceRing>();
  /** The pm_ids of the table: only these get a ring (a late sample of a deleted instance makes none). */
  private known = new Set<number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps the rings of these instances only (the table's), dropping the others. */
  retain(pm_ids: Iterable<number>): void {
    this.known = new Set(pm_ids);
    for (const pm_id of this.rings.keys()) if (!this.known.has(pm_id)) this.rings.delete(pm_id);
  }

  sample(pm_id: number, usage: Usage, at = this.now()): void {
    this.ring(pm_id)?.sample(at, usage);
  }

  /** Marks exits, restarts and failed starts on the instance's timeline. */
  lifecycle(event: LifecycleEvent, at = this.now()): void {
    const ring = this.ring(event.pm_id);
    if (!ring) return;
    if (event.kind === 'exit') ring.event(at, event.willRestart ? exitRestarting : 1, event.code, event.signal);
    else if (event.kind === 'start-failed') ring.event(at, 3, null, null);
    else if (event.kind === 'online') {
      if (ring.started) ring.event(at, 2, null, null);
      ring.started = true;
    }
  }

  read(name: string, pm_ids: readonly number[], now = this.now()): AppMetrics {
    const instances = pm_ids.map((pm_id) => this.rings.get(pm_id)?.read(pm_id, now) ?? { pm_id, at: [], cpu: [], memory: [], events: [] });
    return { name, stepMs, windowMs, instances };
  }

  /** How many instances have a ring (each holds bytesPerInstance). */
  get size(): number {
    return this.rings.size;
  }

  private ring(pm_id: number): InstanceRing | undefined {
    if (!this.known.has(pm_id)) return undefined;
    let ring = this.rings.get(pm_id);
    if (!ring) {
      ring = new InstanceRing();
      this.rings.set(pm_id, ring);
    }
    return ring;
  }
}
