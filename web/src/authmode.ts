// Whether the server signs people in with tokens (the jwt mode: the token names the person) or lets
// them pick a display name (the open mode). A page with a token, or with a name stored earlier, does not
// need to know. Before asking a newcomer for a name, the page asks the server: one hello without a token,
// answered by a welcome (the open mode; the socket is closed at once, nothing joined) or by close 4501
// (the jwt mode: asking for a name would be pointless).
import { CLOSE_UNAUTHORIZED, isServerMessage, PROTOCOL_VERSION } from './protocol';
import { socketUrl } from './connection';

export type AuthMode = 'open' | 'token' | 'unknown';

/** No answer within this (a server that is down or starting): 'unknown', and the page falls back to asking a name. */
const PROBE_TIMEOUT_MS = 5000;

export function probeAuthMode(url: string = socketUrl()): Promise<AuthMode> {
  if (!navigator.onLine) return Promise.resolve('unknown');
  return new Promise((resolve) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch {
      return resolve('unknown');
    }
    const done = (mode: AuthMode) => {
      clearTimeout(timer);
      ws.onopen = ws.onmessage = ws.onclose = null;
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.close(1000);
      resolve(mode);
    };
    const timer = setTimeout(() => done('unknown'), PROBE_TIMEOUT_MS);
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION }));
    ws.onmessage = (ev) => {
      let msg: unknown = null;
      try { msg = JSON.parse(String(ev.data)); } catch { /* not a welcome */ }
      if (isServerMessage(msg) && msg.type === 'welcome') done('open');
    };
    ws.onclose = (ev) => done(ev.code === CLOSE_UNAUTHORIZED ? 'token' : 'unknown');
  });
}
