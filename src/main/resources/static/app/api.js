// REST calls and the session: tokens in localStorage, the access token refreshed before it expires.

// Tokens of every account logged in on this browser, by user id, in localStorage; which one a tab
// uses, in its sessionStorage (so two windows can be a rider and a driver, and each keeps its own
// across reloads); a new tab takes the account logged in last.
const ACCOUNTS = 'taxi.accounts';
const LAST = 'taxi.last';
const MINE = 'taxi.account';

function accounts() {
  try {
    const all = JSON.parse(localStorage.getItem(ACCOUNTS));
    return all && typeof all === 'object' ? all : {};
  } catch {
    return {};
  }
}

/** An answer that was not a success: its status and its body (field errors, detail, problem). */
export class ApiError extends Error {
  constructor(status, body, message) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** The payload of a JWT, or null. */
export function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

function describe(status, body) {
  if (body && typeof body === 'object') {
    if (typeof body.detail === 'string') return body.detail;
    const lists = Object.values(body).filter(Array.isArray).flat();
    if (lists.length) return lists.join(' ');
  }
  if (status === 0) return 'The server cannot be reached.';
  return `The server answered ${status}.`;
}

async function call(method, path, { body, token, form } = {}) {
  const headers = {};
  let payload;
  if (form) {
    payload = form;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, null, 'The server cannot be reached.');
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = text; }
  }
  if (!response.ok) throw new ApiError(response.status, data, describe(response.status, data));
  return data;
}

/**
 * Who is logged in, with their tokens. Emits 'change' when logging in or out (also from another
 * tab) and 'token' when a fresh access token arrived.
 */
export class Session extends EventTarget {
  constructor() {
    super();
    this.tokens = null;
    this.timer = 0;
    this.refreshing = null;
    this.load();
    window.addEventListener('storage', (event) => {
      if (event.key !== ACCOUNTS || !this.user) return;
      const had = this.tokens;
      this.load();
      if (!this.tokens) this.dispatchEvent(new Event('change')); // logged out in another tab
      else if (this.tokens.access !== had.access) this.dispatchEvent(new Event('token'));
    });
    // Timers sleep in background tabs: check again when the page is seen.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.tokens && this.expiresIn() < 60_000) this.refresh().catch(() => {});
    });
  }

  load() {
    const all = accounts();
    const over = Object.keys(all).filter((key) => !(claims(all[key]?.refresh)?.exp * 1000 > Date.now()));
    if (over.length) {
      for (const key of over) delete all[key]; // their sessions are over anyway
      localStorage.setItem(ACCOUNTS, JSON.stringify(all));
    }
    const id = sessionStorage.getItem(MINE) ?? localStorage.getItem(LAST);
    let tokens = id ? all[id] : null;
    const access = tokens && claims(tokens.access);
    const refresh = tokens && claims(tokens.refresh);
    if (!access || !refresh || refresh.exp * 1000 <= Date.now()) tokens = null;
    this.tokens = tokens;
    this.user = tokens ? userOf(access) : null;
    if (this.user) sessionStorage.setItem(MINE, String(this.user.id));
    this.schedule();
  }

  get access() { return this.tokens?.access ?? null; }

  /** Milliseconds until the access token expires. */
  expiresIn() {
    const c = this.tokens && claims(this.tokens.access);
    return c ? c.exp * 1000 - Date.now() : 0;
  }

  /** Keeps this tab's tokens (null: forgets them); `login` makes them the account new tabs take. */
  store(tokens, login = false) {
    const all = accounts();
    const before = this.user?.id;
    this.tokens = tokens;
    this.user = tokens ? userOf(claims(tokens.access)) : null;
    if (this.user) {
      const id = String(this.user.id);
      all[id] = tokens;
      sessionStorage.setItem(MINE, id);
      if (login) localStorage.setItem(LAST, id);
    } else if (before != null) {
      delete all[before];
      sessionStorage.removeItem(MINE);
      if (localStorage.getItem(LAST) === String(before)) localStorage.removeItem(LAST);
    }
    localStorage.setItem(ACCOUNTS, JSON.stringify(all));
    this.schedule();
  }

  /** Refreshes at 80% of the access token's life or a minute before it ends, whichever is first, but not before half of it. */
  schedule() {
    clearTimeout(this.timer);
    const c = this.tokens && claims(this.tokens.access);
    if (!c) return;
    const life = (c.exp - c.iat) * 1000;
    const at = Math.max(c.iat * 1000 + life * 0.5, Math.min(c.iat * 1000 + life * 0.8, c.exp * 1000 - 60_000));
    const delay = Math.max(1000, at - Date.now());
    this.timer = setTimeout(() => this.refresh().catch(() => {}), Math.min(delay, 2 ** 31 - 1));
  }

  async logIn(username, password) {
    const tokens = await call('POST', '/api/log_in/', { body: { username, password } });
    this.store(tokens, true);
    this.dispatchEvent(new Event('change'));
  }

  signUp(form) {
    return call('POST', '/api/sign_up/', { form });
  }

  /** A fresh access token; a refused refresh token ends the session. */
  refresh() {
    if (!this.tokens) return Promise.reject(new ApiError(401, null, 'Not logged in.'));
    if (!this.refreshing) {
      const refresh = this.tokens.refresh;
      this.refreshing = call('POST', '/api/token/refresh/', { body: { refresh } })
        .then((answer) => {
          if (this.tokens?.refresh !== refresh) return;
          this.store({ ...this.tokens, access: answer.access });
          this.dispatchEvent(new Event('token'));
        })
        .catch((e) => {
          if (e.status === 401 && this.tokens?.refresh === refresh) this.end('Your session has ended: please log in again.');
          else if (this.tokens) {
            clearTimeout(this.timer);
            this.timer = setTimeout(() => this.refresh().catch(() => {}), 10_000);
          }
          throw e;
        })
        .finally(() => { this.refreshing = null; });
    }
    return this.refreshing;
  }

  /** A fresh enough access token: refreshed first if it ends within 30 seconds (or a quarter of its life). */
  async fresh() {
    const c = this.tokens && claims(this.tokens.access);
    if (c && this.expiresIn() < Math.min(30_000, (c.exp - c.iat) * 250)) await this.refresh();
    return this.access;
  }

  /** This tab leaves its account to the others and shows the log-in forms. */
  detach() {
    clearTimeout(this.timer);
    this.tokens = null;
    this.user = null;
    sessionStorage.setItem(MINE, 'none');
    this.dispatchEvent(new Event('change'));
  }

  async logOut() {
    const tokens = this.tokens;
    if (tokens) {
      try {
        await call('POST', '/api/log_out/', { body: { refresh: tokens.refresh }, token: await this.fresh() });
      } catch { /* logged out here either way */ }
    }
    this.end(null);
  }

  end(reason) {
    this.reason = reason;
    this.store(null);
    this.dispatchEvent(new Event('change'));
  }

  /** An authenticated REST call; a 401 gets one refresh and one more try. */
  async api(method, path, body) {
    try {
      return await call(method, path, { body, token: await this.fresh() });
    } catch (e) {
      if (e.status !== 401 || !this.tokens) throw e;
      await this.refresh();
      return call(method, path, { body, token: this.access });
    }
  }
}

function userOf(c) {
  return { id: c.id, username: c.username, first_name: c.first_name, last_name: c.last_name, group: c.group, photo: c.photo };
}
