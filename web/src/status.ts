// The connection indicator: one line a person understands at a glance, the transport the page is connected
// by (or trying), and a "reconnect now" button while the page waits to reconnect.
import type { ConnectionState } from './connection';
import { TRANSPORT_LABEL } from './transport';

export type StatusKind =
  | 'connecting' | 'live' | 'saving' | 'saved' | 'rejected' | 'reconnecting' | 'offline' | 'stopped' | 'signed-out' | 'no-access';

export interface StatusInput {
  connection: ConnectionState;
  joined: boolean;
  pendingEdits: number;
  edited: boolean; // the person has edited since the page opened
  notSaved: boolean; // an edit was refused or rejected, and a notice about it is on show (notice.ts)
  noAccess: boolean; // the server refused to let this person read the document
}

export function describe(s: StatusInput, now = Date.now()): { kind: StatusKind; text: string } {
  const waiting = s.pendingEdits === 1 ? '1 edit waiting' : `${s.pendingEdits} edits waiting`;
  const c = s.connection;
  switch (c.kind) {
    case 'stopped':
      return { kind: 'stopped', text: c.reason };
    case 'unauthorized': {
      const text = c.expired ? 'session expired' : 'not signed in';
      return { kind: 'signed-out', text: s.pendingEdits > 0 ? `${text} — ${waiting}` : text };
    }
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
      if (s.noAccess) return { kind: 'no-access', text: 'no access to this document' };
      if (!s.joined) return { kind: 'connecting', text: 'connecting…' };
      if (s.pendingEdits > 0) return { kind: 'saving', text: 'saving…' };
      if (s.notSaved) return { kind: 'rejected', text: 'an edit was not saved — see the notice' };
      return s.edited ? { kind: 'saved', text: 'all changes saved' } : { kind: 'live', text: 'live' };
  }
}

/** The transport line: "via WebSocket" when live, "trying SSE + POST" while connecting, nothing otherwise. */
export function transportText(c: ConnectionState): string {
  if (c.kind === 'live') return `via ${TRANSPORT_LABEL[c.transport]}`;
  if (c.kind === 'connecting') return `trying ${TRANSPORT_LABEL[c.transport]}`;
  return '';
}

/** Whether "reconnect now" is offered: while waiting to reconnect or stuck connecting, not when offline or refused. */
export function offersReconnect(c: ConnectionState): boolean {
  return c.kind === 'waiting' || c.kind === 'connecting';
}

export interface StatusElements {
  status: HTMLElement;
  transport: HTMLElement;
  reconnect: HTMLButtonElement;
}

export class StatusView {
  private input: StatusInput | null = null;
  private readonly timer = setInterval(() => this.render(), 500);
  private readonly el: HTMLElement;

  constructor(private readonly els: StatusElements, reconnectNow: () => void) {
    this.el = els.status;
    els.reconnect.addEventListener('click', reconnectNow);
  }

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
    const via = transportText(this.input.connection);
    if (this.els.transport.textContent !== via) this.els.transport.textContent = via;
    this.els.transport.hidden = via === '';
    this.els.reconnect.hidden = !offersReconnect(this.input.connection);
  }
}
