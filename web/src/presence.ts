// The list of people in the document (docs/protocol.md §6 `presence`, `peer_joined`, `peer_left`), rendered
// as name chips, and whether the list can be trusted. People are known by their public session id; this page
// is the one whose session id the welcome announced. The model (`People`, `nextPeople`) is pure; `PresenceList`
// only draws it.
import { isWellFormedPresence, type Peer, type PresenceMessage } from './protocol';

/**
 * Who is in the document, in the order they were listed or joined, and whether the server's presence
 * registry is reachable (`available: false`: the list may be incomplete; editing is unaffected).
 */
export interface People {
  readonly peers: readonly Peer[];
  readonly available: boolean;
}

/** Before any `presence` (and after the connection closed): nobody, and nothing to warn about. */
export const NOBODY: People = { peers: [], available: true };

/**
 * The people after one message: `presence` replaces the list (and says whether it is complete),
 * `peer_joined` adds a session or replaces it in place (a rejoin may bring a new name or color), `peer_left`
 * removes it (a session not listed is no change). A malformed message changes nothing.
 */
export function nextPeople(people: People, msg: PresenceMessage): People {
  if (!isWellFormedPresence(msg)) return people;
  switch (msg.type) {
    case 'presence':
      return { peers: msg.peers, available: msg.available !== false };
    case 'peer_joined': {
      const at = people.peers.findIndex((p) => p.session === msg.peer.session);
      const peers = at < 0 ? [...people.peers, msg.peer] : people.peers.map((p, i) => (i === at ? msg.peer : p));
      return { ...people, peers };
    }
    case 'peer_left':
      if (!people.peers.some((p) => p.session === msg.session)) return people;
      return { ...people, peers: people.peers.filter((p) => p.session !== msg.session) };
  }
}

/** One chip: whose session it is, what it says, in which color. */
export interface Chip {
  session: string;
  label: string;
  color: string;
}

/** The chips for `peers`, the one of session `self` marked as "(you)". */
export function chips(peers: readonly Peer[], self: string | null): Chip[] {
  return peers.map((p) => ({
    session: p.session,
    label: (p.name || 'anonymous') + (p.session === self ? ' (you)' : ''),
    color: p.color,
  }));
}

/** The sessions of `peers`: the remote cursors worth keeping (cursors.ts `keepCursors`). */
export function sessions(peers: readonly Peer[]): Set<string> {
  return new Set(peers.map((p) => p.session));
}

/** What the note beside the list says: nothing while presence is available. */
export function presenceNote(people: People): string {
  return people.available ? '' : 'presence unavailable — editing continues';
}

export class PresenceList {
  private people: People = NOBODY;
  private self: string | null = null;

  /** `list` holds the chips; `note` is a live region that says when the list cannot be trusted. */
  constructor(private readonly list: HTMLElement, private readonly note: HTMLElement) {}

  get all(): readonly Peer[] {
    return this.people.peers;
  }

  get available(): boolean {
    return this.people.available;
  }

  /** Applies one presence message; `self` is this page's session id (from the welcome). */
  apply(msg: PresenceMessage, self: string | null): void {
    const next = nextPeople(this.people, msg);
    if (next === this.people && self === this.self) return;
    this.people = next;
    this.self = self;
    this.render();
  }

  /** The connection closed: nobody is known to be here (the connection indicator says why). */
  clear(): void {
    this.people = NOBODY;
    this.render();
  }

  private render(): void {
    const peers = this.people.peers;
    this.list.replaceChildren(...chips(peers, this.self).map((c) => {
      const chip = document.createElement('li');
      chip.className = 'peer';
      chip.dataset.session = c.session;
      const dot = document.createElement('span');
      dot.className = 'peer-dot';
      dot.style.backgroundColor = c.color;
      const name = document.createElement('span');
      name.textContent = c.label;
      chip.append(dot, name);
      return chip;
    }));
    const count = `${peers.length} ${peers.length === 1 ? 'person' : 'people'} in this document`;
    this.list.setAttribute('aria-label', this.people.available ? count : `${count} (the list may be incomplete)`);
    this.list.dataset.available = String(this.people.available);
    const note = presenceNote(this.people);
    // The note is a live region that stays in the page; only its text changes, so screen readers announce it.
    if (this.note.textContent !== note) this.note.textContent = note;
  }
}
