// The list of people in the document (docs/protocol.md §6 `presence`), rendered as name chips.
import type { Peer } from './protocol';

export class PresenceList {
  private peers: Peer[] = [];

  constructor(private readonly el: HTMLElement, private readonly selfId: string) {}

  get all(): readonly Peer[] {
    return this.peers;
  }

  colorOf(clientId: string): string | undefined {
    return this.peers.find((p) => p.clientId === clientId)?.color;
  }

  update(peers: Peer[]): void {
    this.peers = peers;
    this.render();
  }

  clear(): void {
    this.update([]);
  }

  private render(): void {
    this.el.replaceChildren(...this.peers.map((p) => {
      const chip = document.createElement('li');
      chip.className = 'peer';
      chip.dataset.client = p.clientId;
      const dot = document.createElement('span');
      dot.className = 'peer-dot';
      dot.style.backgroundColor = p.color;
      const name = document.createElement('span');
      name.textContent = (p.name || 'anonymous') + (p.clientId === this.selfId ? ' (you)' : '');
      chip.append(dot, name);
      return chip;
    }));
    this.el.setAttribute('aria-label', `${this.peers.length} ${this.peers.length === 1 ? 'person' : 'people'} in this document`);
  }
}
