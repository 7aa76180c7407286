// The connection indicator: one line a person understands at a glance.
import type { ConnectionState } from './connection';

export type StatusKind = 'connecting' | 'live' | 'saving' | 'saved' | 'reconnecting' | 'offline' | 'stopped';

export interface StatusInput {
  connection: ConnectionState;
  joined: boolean;
  pendingEdits: number;
  edited: boolean; // the person has edited since the page opened
}

export function describe(s: StatusInput, now = Date.now()): { kind: StatusKind; text: string } {
  const waiting = s.pendingEdits === 1 ? '1 edit waiting' : `${s.pendingEdits} edits waiting`;
  const c = s.connection;
  switch (c.kind) {
    case 'stopped':
      return { kind: 'stopped', text: c.reason };
    case 'offline':
      return { kind: 'offline', text: s.pendingEdits > 0 ? `offline — ${waiting}` : 'offline' };
    case 'waiting': {
      const secs = Math.max(1, Math.ceil((c.until - now) / 1000));
      const text = `reconnecting in ${secs} s`;
      return { kind: 'reconnecting', text: s.pendingEdits > 0 ? `${text} — ${waiting}` : text };
    }
    case 'connecting':
      return { kind: 'connecting', text: s.pendingEdits > 0 ? `connecting… — ${waiting}` : 'connecting…' };
    case 'live':
      if (!s.joined) return { kind: 'connecting', text: 'connecting…' };
      if (s.pendingEdits > 0) return { kind: 'saving', text: 'saving…' };
      return s.edited ? { kind: 'saved', text: 'all changes saved' } : { kind: 'live', text: 'live' };
  }
}

export class StatusView {
  private input: StatusInput | null = null;
  private readonly timer = setInterval(() => this.render(), 500);

  constructor(private readonly el: HTMLElement) {}

  show(input: StatusInput): void {
    this.input = input;
    this.render();
  }

  dispose(): void {
    clearInterval(this.timer);
  }

  private render(): void {
    if (!this.input) return;
    const { kind, text } = describe(this.input);
    if (this.el.dataset.state !== kind) this.el.dataset.state = kind;
    if (this.el.textContent !== text) this.el.textContent = text;
  }
}
