// The Taxi app: log in or sign up, then ride (rider) or drive (driver), live over the v2 WebSocket.

import { ApiError, Session } from './api.js';
import { Live } from './socket.js';
import { distance, draw, formatDistance, place } from './map.js';
import { DeviceLocation, Simulator } from './drive.js';
import { explain, nameOf, photoOf, statusWords, when } from './words.js';

const $ = (id) => document.getElementById(id);
const ACTIVE = new Set(['REQUESTED', 'STARTED', 'IN_PROGRESS']);
const FINISHED = new Set(['COMPLETED', 'CANCELED']);
const TRAIL_MAX = 300;
const REQUESTS_SHOWN = 20; // newest first

const session = new Session();
const live = new Live(() => session.fresh());

const state = {
  trips: new Map(), // id -> nested trip
  seen: new Map(), // id -> when an event last told us of it
  chats: new Map(), // trip id -> Map(message id -> message)
  trails: new Map(), // trip id -> [{lat, lng, heading}]
  shown: null, // id of the trip in the card
  closed: new Set(), // finished trips the person closed
  loading: null,
  chatLoaded: new Set(),
};

const me = () => session.user;
const isDriver = () => me()?.group === 'driver';

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children.flat().filter((c) => c != null && c !== false));
  return node;
}

// ---- notices ----

let noticeTimer = 0;
function notice(text, kind = 'error') {
  clearTimeout(noticeTimer);
  $('notice-text').textContent = text;
  $('notice').dataset.kind = kind;
  $('notice').hidden = false;
  if (kind !== 'error') noticeTimer = setTimeout(() => { $('notice').hidden = true; }, 6000);
}
$('notice-close').addEventListener('click', () => { $('notice').hidden = true; });

// ---- logging in and out ----

function clearErrors(form) {
  for (const p of form.querySelectorAll('[data-errors-for]')) { p.hidden = true; p.textContent = ''; }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}

/** Shows the server's field errors next to their fields; anything else above the form. */
function showErrors(form, error) {
  clearErrors(form);
  const body = error instanceof ApiError && error.body && typeof error.body === 'object' ? error.body : null;
  const entries = body && error.status === 400 ? Object.entries(body).filter(([, v]) => Array.isArray(v)) : [];
  if (!entries.length) entries.push(['detail', [error.message]]);
  let first = null;
  for (const [key, messages] of entries) {
    const target = [...form.querySelectorAll('.field-error[data-errors-for]')]
      .find((p) => p.dataset.errorsFor.split(' ').includes(key)) ?? form.querySelector('.form-error');
    target.textContent = (target.textContent ? target.textContent + ' ' : '') + messages.join(' ');
    target.hidden = false;
    const input = target.closest('.field')?.querySelector('input');
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
  }
  (first ?? form.querySelector('input')).focus();
}

async function submitting(form, work) {
  const button = form.querySelector('[type=submit]');
  button.disabled = true;
  clearErrors(form);
  try {
    await work();
  } catch (e) {
    showErrors(form, e);
  } finally {
    button.disabled = false;
  }
}

$('log-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  submitting(form, () => session.logIn(form.username.value, form.password.value));
});

$('sign-up-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  submitting(form, async () => {
    const data = new FormData(form);
    if (!form.photo.files.length) data.delete('photo');
    await session.signUp(data);
    await session.logIn(form.username.value, form.password1.value);
    form.reset();
    notice('Welcome to Taxi! You are logged in.', 'info');
  });
});

$('log-out').addEventListener('click', () => session.logOut());
$('switch-account').addEventListener('click', () => session.detach());

session.addEventListener('change', () => {
  start();
  $('main').focus(); // a screen reader starts over on the new view
});
session.addEventListener('token', () => {
  if (live.open && !live.authUnsupported) live.send('auth', { token: session.access }, 'renew the connection\'s token');
});

function start() {
  stopDriving();
  live.stop();
  Object.assign(state, { shown: null, loading: null });
  for (const k of ['trips', 'seen', 'chats', 'trails', 'closed', 'chatLoaded']) state[k].clear();
  const user = me();
  $('auth-view').hidden = !!user;
  $('app-view').hidden = !user;
  $('who').hidden = !user;
  $('log-out').hidden = !user;
  $('switch-account').hidden = !user;
  document.body.dataset.role = user?.group ?? '';
  if (!user) {
    if (session.reason) notice(session.reason);
    session.reason = null;
    renderConnection();
    return;
  }
  $('who-name').textContent = nameOf(user);
  $('who-role').textContent = user.group === 'driver' ? '(driver)' : '(rider)';
  const photo = photoOf(user);
  $('who-photo').hidden = !photo;
  if (photo) $('who-photo').src = photo;
  render();
  live.start();
  reload();
}

// ---- the connection ----

let countdown = 0;
let closeWords = '';
function renderConnection() {
  clearInterval(countdown);
  const el = $('conn');
  const s = me() ? live.state : 'off';
  el.dataset.state = s;
  // The words change with the state only; the countdown beside them is not read out every second.
  let words = 'Not connected';
  if (s === 'open') words = 'Connected';
  else if (s === 'connecting') words = 'Connecting…';
  else if (s === 'waiting') words = `${closeWords || 'Not connected'}: trying again`;
  if ($('conn-text').textContent !== words) $('conn-text').textContent = words;
  const retry = $('conn-retry');
  retry.textContent = '';
  if (s === 'waiting') {
    const tick = () => {
      const seconds = Math.max(0, Math.ceil((live.retryAt - Date.now()) / 1000));
      retry.textContent = seconds ? ` in ${seconds} s` : '…';
    };
    tick();
    countdown = setInterval(tick, 1000);
  }
  document.body.classList.toggle('offline', s !== 'open');
  for (const b of document.querySelectorAll('[data-live]')) b.disabled = s !== 'open' || b.dataset.blocked === 'true';
}

live.addEventListener('state', renderConnection);
live.addEventListener('open', () => {
  closeWords = '';
  state.chatLoaded.clear();
  reload();
});
live.addEventListener('close', (event) => {
  const { code, wasOpen } = event.detail;
  if (!wasOpen) {
    // An attempt that did not get through: keep saying why the connection went away.
    closeWords ||= 'Cannot reach the server';
    return;
  }
  closeWords = {
    1001: 'The server is restarting',
    1008: 'The server closed the connection (too many messages or windows)',
    1009: 'The server closed the connection (a message was too large)',
    1012: 'The server is restarting',
    1013: 'The connection was too slow',
    4401: 'The session needed a fresh token',
  }[code] ?? 'The connection was lost';
  if (code === 4401) session.refresh().catch(() => {});
  if (code === 4403) session.end('Your account has been deactivated.');
});
live.addEventListener('message', (event) => receive(event.detail));

// ---- trips ----

function isMine(trip) {
  const user = me();
  if (!user) return false;
  return isDriver() ? trip.driver?.id === user.id : trip.rider?.id === user.id;
}

/** What this person may still see of a trip: a driver sees open requests and the trips he drives. */
function visible(trip) {
  return isMine(trip) || (isDriver() && trip.status === 'REQUESTED' && !trip.driver);
}

function upsert(trip, fromEvent = true) {
  const old = state.trips.get(trip.id);
  if (old && Date.parse(trip.updated) < Date.parse(old.updated)) return;
  if (fromEvent) state.seen.set(trip.id, Date.now());
  if (old && (old.driver?.id ?? null) !== (trip.driver?.id ?? null)) state.trails.delete(trip.id);
  if (visible(trip)) state.trips.set(trip.id, trip);
  else state.trips.delete(trip.id);
}

/** Re-reads every trip over REST: the truth, after a reconnect or a refusal. */
function reload() {
  if (!me()) return Promise.resolve();
  if (state.loading) {
    state.again = true;
    return state.loading;
  }
  const startedAt = Date.now();
  state.loading = session.api('GET', '/api/trip/')
    .then((trips) => {
      const ids = new Set(trips.map((t) => t.id));
      for (const id of [...state.trips.keys()]) {
        if (!ids.has(id) && !((state.seen.get(id) ?? 0) > startedAt)) state.trips.delete(id);
      }
      for (const trip of trips) upsert(trip, false);
      render();
    })
    .catch((e) => {
      if (e.status !== 401) notice(`Could not read your trips: ${e.message}`);
    })
    .finally(() => {
      state.loading = null;
      if (state.again) {
        state.again = false;
        reload();
      }
    });
  return state.loading;
}

function receive(frame) {
  const { type, data } = frame;
  switch (type) {
    case 'trip.created':
      $('request-form').reset();
      // fall through
    case 'trip.requested':
    case 'trip.updated':
    case 'trip.taken':
    case 'trip.canceled':
      upsert(data);
      if (type === 'trip.requested' && isDriver() && state.shown === data.id) {
        notice('You gave the trip back: other drivers can take it now.', 'info');
      }
      if (type === 'trip.canceled' && isMine(data) && state.shown === data.id && data.rider?.id !== me().id) {
        notice(`${nameOf(data.rider)} canceled the ride.`, 'info');
      }
      render();
      break;
    case 'driver.location': {
      addToTrail(data.trip_id, data);
      if (data.trip_id === state.shown) renderMap();
      break;
    }
    case 'chat.message':
      addChat(data);
      if (data.trip_id === state.shown) renderChat();
      break;
    case 'error': {
      if (frame.sentType === 'auth' && data.code === 'unknown_type') {
        // This server does not take fresh tokens on an open socket (nor closes it when one ends).
        live.authUnsupported = true;
        console.info('The server does not know "auth"; the connection keeps the token it opened with.');
        break;
      }
      notice(explain(data, frame.cause));
      if (data.code === 'conflict' || data.code === 'not_found') reload();
      break;
    }
    default:
      break; // pong, authenticated, subscribed, echo.message: nothing to show
  }
}

function addToTrail(tripId, p) {
  const trail = state.trails.get(tripId) ?? [];
  trail.push({ lat: p.lat, lng: p.lng, heading: p.heading ?? null });
  if (trail.length > TRAIL_MAX) trail.splice(0, trail.length - TRAIL_MAX);
  state.trails.set(tripId, trail);
}

function addChat(message) {
  if (!state.chats.has(message.trip_id)) state.chats.set(message.trip_id, new Map());
  state.chats.get(message.trip_id).set(message.id, message);
}

function loadChat(trip) {
  if (!trip.driver || state.chatLoaded.has(trip.id)) return;
  state.chatLoaded.add(trip.id);
  session.api('GET', `/api/trip/${trip.id}/messages/`)
    .then((messages) => {
      for (const m of messages) addChat(m);
      if (state.shown === trip.id) renderChat();
    })
    .catch((e) => {
      state.chatLoaded.delete(trip.id);
      if (e.status !== 404) notice(`Could not read the chat: ${e.message}`);
    });
}

// ---- rendering ----

const byUpdated = (a, b) => Date.parse(b.updated) - Date.parse(a.updated);

function activeTrip() {
  const mine = [...state.trips.values()].filter((t) => isMine(t) && ACTIVE.has(t.status) && (t.status !== 'REQUESTED' || !isDriver()));
  return mine.sort(byUpdated)[0] ?? null;
}

function render() {
  if (!me()) return;
  const active = activeTrip();
  const shown = state.trips.get(state.shown);
  if (active) state.shown = active.id;
  else if (!(shown && isMine(shown) && FINISHED.has(shown.status) && !state.closed.has(shown.id))) state.shown = null;
  renderRequestForm(active);
  renderRequests(active);
  renderTrip();
  renderHistory();
  renderConnection();
}

function renderRequestForm(active) {
  if (isDriver()) return;
  const submit = $('request-submit');
  submit.dataset.blocked = String(!!active);
  $('request-hint').hidden = !active;
}

function renderRequests(active) {
  if (!isDriver()) return;
  const open = [...state.trips.values()].filter((t) => t.status === 'REQUESTED' && !t.driver)
    .sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
  $('no-requests').hidden = open.length > 0;
  $('requests-count').textContent = open.length ? `(${open.length})` : '';
  const older = open.length - REQUESTS_SHOWN;
  const items = open.slice(0, REQUESTS_SHOWN).map((trip) => h('li', { class: 'request', dataset: { tripId: trip.id } },
    h('div', {},
      h('span', { class: 'addr' }, trip.pick_up_address), ' → ', h('span', { class: 'addr' }, trip.drop_off_address),
      h('br'), h('span', { class: 'muted' }, `${nameOf(trip.rider)} · requested ${when(trip.created)}`)),
    h('button', {
      type: 'button', class: 'accept', 'data-live': true, 'data-blocked': String(!!active),
      'aria-label': `Accept the ride from ${trip.pick_up_address} to ${trip.drop_off_address}`,
      title: active ? 'Finish your current trip first' : null,
      onclick: () => act('update.trip', { id: trip.id, status: 'STARTED' }, 'accept the ride'),
    }, 'Accept')));
  if (older > 0) items.push(h('li', { class: 'muted' }, `… and ${older} older ${older === 1 ? 'request' : 'requests'}.`));
  $('requests').replaceChildren(...items);
}

function act(type, data, cause) {
  if (!live.send(type, data, cause)) notice(`Could not ${cause}: not connected to the server right now. Try again once it is back.`);
}

function renderTrip() {
  const trip = state.trips.get(state.shown);
  const card = $('trip');
  if (!trip) {
    if (!card.hidden) stopDriving();
    card.hidden = true;
    return;
  }
  card.hidden = false;
  card.dataset.status = trip.status;
  card.dataset.tripId = trip.id;
  const driver = isDriver();
  $('trip-title').textContent = driver ? 'Your trip' : 'Your ride';
  $('trip-status').textContent = statusWords(trip, driver);
  const other = driver ? trip.rider : trip.driver;
  $('trip-person').hidden = !other;
  if (other) {
    $('trip-person-label').textContent = driver ? 'Your rider' : 'Your driver';
    $('trip-person-name').textContent = nameOf(other);
    const photo = photoOf(other);
    $('trip-person-photo').src = photo ?? '/app/person.svg';
    $('trip-person-photo').alt = photo ? `Photo of ${nameOf(other)}` : '';
  }
  $('trip-from').textContent = trip.pick_up_address;
  $('trip-to').textContent = trip.drop_off_address;
  const s = trip.status;
  $('cancel-trip').hidden = driver || !(s === 'REQUESTED' || s === 'STARTED');
  $('picked-up').hidden = !driver || s !== 'STARTED';
  $('complete-trip').hidden = !driver || s !== 'IN_PROGRESS';
  $('give-back').hidden = !driver || s !== 'STARTED';
  $('close-trip').hidden = !FINISHED.has(s);
  const driving = driver && (s === 'STARTED' || s === 'IN_PROGRESS');
  $('position-controls').hidden = !driving;
  if (driving) simulator.follow(trip);
  else stopDriving();
  renderMap();
  $('chat').hidden = !trip.driver;
  $('chat-title').textContent = other ? `Chat with ${nameOf(other)}` : 'Chat';
  $('chat-form').hidden = !(trip.driver && (s === 'STARTED' || s === 'IN_PROGRESS'));
  loadChat(trip);
  renderChat();
}

function renderMap() {
  const trip = state.trips.get(state.shown);
  if (!trip) return;
  const pickUp = place(trip.pick_up_address);
  const dropOff = place(trip.drop_off_address);
  const trail = state.trails.get(trip.id) ?? [];
  draw($('trip-map'), { pickUp, dropOff, trail });
  const car = trail[trail.length - 1];
  const you = isDriver();
  let words = 'P is the pick-up, D the drop-off (places on this map are made up from the addresses).';
  if (car && trip.status === 'STARTED' && distance(car, pickUp) < 15) words = `${you ? 'You are' : 'The car is'} at the pick-up.`;
  else if (car && trip.status === 'STARTED') words = `${you ? 'You are' : 'The car is'} ${formatDistance(distance(car, pickUp))} from the pick-up.`;
  else if (car && trip.status === 'IN_PROGRESS') words = `${formatDistance(distance(car, dropOff))} to the drop-off.`;
  else if (!car && trip.status === 'STARTED') words = you ? 'Share the car\'s position so the rider can follow it.' : 'The car appears here once the driver shares its position.';
  $('map-caption').textContent = words;
}

function renderChat() {
  const trip = state.trips.get(state.shown);
  if (!trip) return;
  const log = $('chat-log');
  const messages = [...(state.chats.get(trip.id)?.values() ?? [])].sort((a, b) => a.id - b.id);
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  log.replaceChildren(...messages.map((m) => {
    const mine = m.sender?.id === me().id;
    return h('li', { class: mine ? 'mine' : 'theirs' },
      h('span', { class: 'sender' }, mine ? 'You' : nameOf(m.sender)), ' ',
      h('span', { class: 'time muted' }, when(m.created)),
      h('p', {}, m.text));
  }));
  if (!messages.length) log.append(h('li', { class: 'muted empty' }, 'No messages yet.'));
  if (atBottom) log.scrollTop = log.scrollHeight;
}

function renderHistory() {
  const past = [...state.trips.values()].filter((t) => isMine(t) && FINISHED.has(t.status)).sort(byUpdated);
  $('no-history').hidden = past.length > 0;
  $('history').replaceChildren(...past.map((trip) => {
    const other = isDriver() ? trip.rider : trip.driver;
    return h('li', { class: 'past', dataset: { tripId: trip.id, status: trip.status } },
      h('span', { class: 'muted' }, when(trip.updated)), ' ',
      h('span', { class: 'addr' }, trip.pick_up_address), ' → ', h('span', { class: 'addr' }, trip.drop_off_address), ' ',
      h('span', { class: `badge ${trip.status.toLowerCase()}` }, trip.status === 'COMPLETED' ? 'Completed' : 'Canceled'),
      other ? h('span', { class: 'muted' }, ` with ${nameOf(other)}`) : null);
  }));
}

// ---- the rider's and the driver's controls ----

$('request-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const pick = form.pick_up_address.value.trim();
  const drop = form.drop_off_address.value.trim();
  if (!pick || !drop) {
    notice('Say where to pick you up and where to drop you off.');
    (pick ? form.drop_off_address : form.pick_up_address).focus();
    return;
  }
  act('create.trip', { pick_up_address: pick, drop_off_address: drop }, 'request the ride');
});

const shownId = () => state.shown;
$('cancel-trip').addEventListener('click', () => act('cancel.trip', { id: shownId() }, 'cancel the ride'));
$('give-back').addEventListener('click', () => act('cancel.trip', { id: shownId() }, 'give the trip back'));
$('picked-up').addEventListener('click', () => act('update.trip', { id: shownId(), status: 'IN_PROGRESS' }, 'start the trip'));
$('complete-trip').addEventListener('click', () => act('update.trip', { id: shownId(), status: 'COMPLETED' }, 'complete the trip'));
$('close-trip').addEventListener('click', () => {
  state.closed.add(state.shown);
  render();
  (isDriver() ? $('requests-title') : $('pick-up')).focus?.();
});

$('chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('chat-text');
  const text = input.value.trim();
  if (!text) return;
  if (live.send('chat.message', { trip_id: shownId(), text }, 'send the message')) input.value = '';
  else notice('Could not send the message: not connected to the server right now.');
});

// Where the car is: simulated, or this device's location.
function report(position) {
  const id = state.shown;
  if (!id) return;
  addToTrail(id, position);
  renderMap();
  live.send('update.location', position, null);
}

const simulator = new Simulator(report);
const device = new DeviceLocation(report, (words) => {
  $('share-position').checked = false;
  notice(words);
});

function stopDriving() {
  simulator.stop();
  device.stop();
  $('simulate').checked = false;
  $('share-position').checked = false;
}

$('simulate').addEventListener('change', (event) => {
  const trip = state.trips.get(state.shown);
  if (event.target.checked && trip) {
    device.stop();
    $('share-position').checked = false;
    const trail = state.trails.get(trip.id);
    simulator.start(trip, trail?.[trail.length - 1]);
  } else simulator.stop();
});

$('share-position').addEventListener('change', (event) => {
  if (event.target.checked) {
    simulator.stop();
    $('simulate').checked = false;
    if (!device.start()) event.target.checked = false;
  } else device.stop();
});

for (const id of ['request-submit', 'cancel-trip', 'give-back', 'picked-up', 'complete-trip', 'chat-send']) {
  $(id).dataset.live = 'true';
}

start();
