// The v2 WebSocket: one connection, reopened with backoff whenever it closes, a ping now and
// then so that a dead network is noticed, and ids on messages so that errors name their cause.

const PING_EVERY = 20_000;
const PONG_WITHIN = 10_000;

/**
 * Events: 'state' (detail: 'connecting' | 'open' | 'waiting' | 'off'), 'open' (after every
 * successful (re)connect), 'message' (detail: the parsed frame, with `cause` for replies to
 * our messages), 'close' (detail: {code, reason, wasOpen}: whether it had been open or never got
 * through).
 */
export class Live extends EventTarget {
  constructor(tokenFor) {
    super();
    this.tokenFor = tokenFor;
    this.ws = null;
    this.state = 'off';
    this.attempts = 0;
    this.retry = 0;
    this.pinger = 0;
    this.pongTimer = 0;
    this.sequence = 0;
    this.pending = new Map();
    this.wanted = false;
    window.addEventListener('online', () => { if (this.wanted && this.state === 'waiting') this.connectNow(); });
  }

  start() {
    this.wanted = true;
    if (!this.ws) this.connectNow();
  }

  stop() {
    this.wanted = false;
    clearTimeout(this.retry);
    this.stopPing();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onerror = ws.onopen = null;
      ws.close(1000, 'logged out');
    }
    this.setState('off');
  }

  get open() { return this.ws?.readyState === WebSocket.OPEN; }

  setState(state) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }

  connectNow() {
    clearTimeout(this.retry);
    if (!this.wanted) return;
    this.setState('connecting');
    Promise.resolve(this.tokenFor()).then((token) => {
      if (!this.wanted || this.ws) return;
      if (!token) { this.wait(); return; }
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      const ws = new WebSocket(`${scheme}//${location.host}/taxi/?token=${encodeURIComponent(token)}`, ['taxi.v2']);
      this.ws = ws;
      ws.onopen = () => {
        ws.wasOpen = true;
        if (ws.protocol !== 'taxi.v2') {
          this.dispatchEvent(new CustomEvent('message', {
            detail: { type: 'error', data: { code: 'protocol', message: 'The server did not agree to speak v2.' } },
          }));
        }
        this.attempts = 0;
        this.setState('open');
        this.startPing();
        this.dispatchEvent(new Event('open'));
      };
      ws.onmessage = (event) => this.receive(event.data);
      ws.onclose = (event) => this.lost(ws, event.code, event.reason);
    }, () => this.wait());
  }

  lost(ws, code, reason) {
    if (this.ws !== ws) return;
    ws.onclose = ws.onmessage = ws.onerror = ws.onopen = null;
    this.ws = null;
    this.stopPing();
    this.pending.clear();
    this.dispatchEvent(new CustomEvent('close', { detail: { code, reason, wasOpen: !!ws.wasOpen } }));
    this.wait();
  }

  /** Waits before the next attempt: 0.5 s, 1 s, 2 s … up to 15 s, with jitter. */
  wait() {
    if (!this.wanted) return;
    const base = Math.min(15_000, 500 * 2 ** this.attempts);
    this.attempts++;
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    this.retryAt = Date.now() + delay;
    this.setState('waiting');
    this.retry = setTimeout(() => this.connectNow(), delay);
  }

  receive(text) {
    let frame;
    try { frame = JSON.parse(text); } catch { return; }
    if (!frame || typeof frame !== 'object') return;
    if (frame.type === 'pong') clearTimeout(this.pongTimer);
    if (frame.ref !== undefined) {
      const sent = this.pending.get(frame.ref);
      frame.cause = sent?.cause;
      frame.sentType = sent?.type;
      this.pending.delete(frame.ref);
    }
    this.dispatchEvent(new CustomEvent('message', { detail: frame }));
  }

  /**
   * Sends a message; `cause` (words such as "accept the ride") names it in a later error.
   * False when there is no connection to send it on.
   */
  send(type, data, cause) {
    if (!this.open) return false;
    const message = { type, data };
    if (cause) {
      const id = `m${++this.sequence}`;
      message.id = id;
      this.pending.set(id, { type, cause });
      if (this.pending.size > 200) this.pending.delete(this.pending.keys().next().value);
    }
    this.ws.send(JSON.stringify(message));
    return true;
  }

  startPing() {
    this.stopPing();
    this.pinger = setInterval(() => {
      if (!this.send('ping', {}, null)) return;
      clearTimeout(this.pongTimer);
      // No answer: the network is gone without a close frame. Close, and so reconnect.
      const ws = this.ws;
      this.pongTimer = setTimeout(() => {
        try { ws.close(4000, 'no pong'); } catch { /* closing already */ }
        this.lost(ws, 1006, 'no answer to ping');
      }, PONG_WITHIN);
    }, PING_EVERY);
  }

  stopPing() {
    clearInterval(this.pinger);
    clearTimeout(this.pongTimer);
  }
}
