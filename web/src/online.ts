// Who is in a document now, for the admin document page: presence-service's answer (GET
// /presence/documents/{doc}) as the people to list, or why it cannot be shown ("presence not available").
// In the single-process mode presence-service answers on the page's own port; in the distributed mode only
// where the load balancer routes /presence/ to it.
import { ApiError, type DocumentPresence } from './historyapi';

/** What the "online now" line says for an answer of presence-service, or for its failure. */
export type Online =
  | { available: true; people: { name: string; color: string; sessions: number }[]; warm: boolean }
  | { available: false; note: string };

export function online(answer: DocumentPresence | { error: unknown }): Online {
  if ('error' in answer) {
    const e = answer.error;
    const why = !(e instanceof ApiError) ? 'no answer'
      : e.status === 0 ? 'presence-service cannot be reached'
        : e.status === 404 ? 'this server does not serve the presence API here'
          : e.status === 403 ? 'this token may not see who is here'
            : e.status === 503 ? 'presence-service is unavailable'
              : `presence-service answered ${e.status}`;
    return { available: false, note: `presence not available (${why})` };
  }
  const people = answer.people.map((p) => ({ name: p.name, color: p.sessions[0]?.color ?? '#888888', sessions: p.sessions.length }));
  return { available: true, people, warm: answer.warm };
}

