// What this person may do with the document, on show beside the editor: a "read only" badge for a reader
// (live edits of others still appear), and a banner when the page is not signed in, its session expired,
// or the document was not shared with this person. The connection indicator (status.ts) says it in brief.

export interface AccessInput {
  /** The join reply said this person may read but not edit. */
  readOnly: boolean;
  /** The server closed 4501 and no new token is here yet; `expired` when the page had been signed in. */
  signedOut: { expired: boolean } | null;
  /** A host page can be asked for a new token (the page is embedded). */
  host: boolean;
  /** The server refused the join (`forbidden`). */
  noAccess: boolean;
}

/** The banner's text, or null for none. */
export function bannerText(a: AccessInput): string | null {
  if (a.signedOut !== null) {
    const then = a.host
      ? 'Waiting for the page this editor is part of to sign you in again…'
      : 'Open this document again from the application that gave you its link.';
    return a.signedOut.expired
      ? `Your session expired. Edits not yet saved are kept in this browser and sent once you are signed in. ${then}`
      : `You are not signed in, so this document cannot be opened. ${then}`;
  }
  if (a.noAccess) return 'You do not have access to this document. Ask the person who shared it to give you access.';
  return null;
}

export class AccessView {
  constructor(private readonly badge: HTMLElement, private readonly banner: HTMLElement) {}

  show(a: AccessInput): void {
    this.badge.hidden = !a.readOnly;
    const text = bannerText(a);
    this.banner.hidden = text === null;
    if (this.banner.dataset.access !== kind(a)) this.banner.dataset.access = kind(a);
    if (this.banner.textContent !== (text ?? '')) this.banner.textContent = text ?? '';
  }
}

function kind(a: AccessInput): string {
  if (a.signedOut !== null) return a.signedOut.expired ? 'expired' : 'signed-out';
  return a.noAccess ? 'no-access' : 'ok';
}
