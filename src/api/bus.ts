// launchBus: the daemon's event stream under PM2's event names — `process:event`, `log:out`,
// `log:err`, `process:msg` (or the `type` an app gave its `{ type, data }` message), `log:PM2` —
// with PM2's packets (`packet.process.{pm_id,name}`, `packet.data`, `packet.at`). `on('*', fn)`
// gets every event as (name, packet); tend's own form, `on(fn)`, gets the raw daemon events.
import { EventEmitter } from 'node:events';
import type { DaemonClient } from '../client/daemon-client.js';
import type { Bus as PublicBus, BusPacket, DaemonEvent } from './types.js';

type RawListener = (event: DaemonEvent) => void;
type PacketListener = (packet: BusPacket) => void;

/** PM2's process:event names for tend's lifecycle kinds. */
const eventNames: Record<string, string> = {
  launching: 'start',
  online: 'online',
  stopping: 'stopping',
  stopped: 'stop',
  exit: 'exit',
  errored: 'errored',
  'waiting restart': 'restart',
  'start-failed': 'exit',
};

function isTypedMessage(data: unknown): data is { type: string; data: unknown } {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string' && 'data' in data;
}

/** The PM2 event name and packet for a daemon event. */
export function toPm2Event(event: DaemonEvent, at: number): [string, BusPacket] {
  switch (event.type) {
    case 'log': {
      const { pm_id, name, stream, line } = event.event;
      return [stream === 'out' ? 'log:out' : 'log:err', { process: { pm_id, name }, at: event.event.at, data: `${line}\n` }];
    }
    case 'message': {
      const { pm_id, name, data } = event.event;
      if (isTypedMessage(data)) return [data.type, { process: { pm_id, name }, at, data: data.data }];
      return ['process:msg', { process: { pm_id, name }, at, raw: data, data }];
    }
    case 'lifecycle': {
      const { kind, pm_id, name } = event.event;
      return ['process:event', { event: eventNames[kind] ?? kind, manually: false, process: { pm_id, name }, at }];
    }
    case 'daemon':
      return ['log:PM2', { process: { pm_id: -1, name: 'tend' }, at, data: event.event.message }];
  }
}

export class Bus implements PublicBus {
  private readonly emitter = new EventEmitter();
  private readonly raw = new Set<RawListener>();
  private readonly all = new Set<(name: string, packet: BusPacket) => void>();

  constructor(private readonly client: DaemonClient) {}

  /** @internal Subscribes to the daemon; events flow until close(). */
  async listen(): Promise<this> {
    await this.client.subscribe({ logs: true, lifecycle: true, messages: true }, (event) => this.dispatch(event));
    return this;
  }

  on(listener: RawListener): this;
  on(event: '*', listener: (name: string, packet: BusPacket) => void): this;
  on(event: string, listener: PacketListener): this;
  /** PM2 types its bus `any`: a listener typed for its own packet shape is taken as it is. */
  on(event: string, listener: (packet: any) => void): this; // eslint-disable-line @typescript-eslint/no-explicit-any
  on(eventOrListener: string | RawListener, listener?: PacketListener | ((name: string, packet: BusPacket) => void)): this {
    if (typeof eventOrListener === 'function') this.raw.add(eventOrListener);
    else if (eventOrListener === '*' && listener) this.all.add(listener as (name: string, packet: BusPacket) => void);
    else if (listener) this.emitter.on(eventOrListener, listener as PacketListener);
    return this;
  }

  once(event: string, listener: PacketListener): this {
    this.emitter.once(event, listener);
    return this;
  }

  off(eventOrListener: string | RawListener, listener?: PacketListener | ((name: string, packet: BusPacket) => void)): this {
    if (typeof eventOrListener === 'function') this.raw.delete(eventOrListener);
    else if (eventOrListener === '*' && listener) this.all.delete(listener as (name: string, packet: BusPacket) => void);
    else if (listener) this.emitter.off(eventOrListener, listener as PacketListener);
    return this;
  }

  removeListener(event: string, listener: PacketListener): this {
    return this.off(event, listener);
  }

  removeAllListeners(event?: string): this {
    if (event === undefined) {
      this.raw.clear();
      this.all.clear();
    }
    this.emitter.removeAllListeners(event);
    return this;
  }

  close(): void {
    this.client.close();
  }

  private dispatch(event: DaemonEvent): void {
    for (const listener of this.raw) listener(event);
    const [name, packet] = toPm2Event(event, Date.now());
    for (const listener of this.all) listener(name, packet);
    // An app may name its message 'error': with nobody listening that must not throw.
    if (this.emitter.listenerCount(name) > 0) this.emitter.emit(name, packet);
  }
}
