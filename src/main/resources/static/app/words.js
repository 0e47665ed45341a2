// What the page says: names, times, a trip's status and the server's refusals, in plain words.

export function nameOf(user) {
  if (!user) return 'someone';
  const full = `${user.first_name ?? ''} ${user.last_name ?? ''}`.trim();
  return full || user.username;
}

/** The photo's address: REST gives absolute URLs, tokens and WebSocket messages paths. */
export function photoOf(user) {
  return user?.photo || null;
}

export function when(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const today = new Date().toDateString() === date.toDateString();
  return today
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

export function statusWords(trip, asDriver) {
  const driver = nameOf(trip.driver);
  const rider = nameOf(trip.rider);
  switch (trip.status) {
    case 'REQUESTED': return 'Waiting for a driver to accept your request…';
    case 'STARTED': return asDriver ? `Drive to the pick-up: ${rider} is waiting.` : `${driver} is on the way to pick you up.`;
    case 'IN_PROGRESS': return asDriver ? `${rider} is on board: drive to the drop-off.` : `On board: on the way to ${trip.drop_off_address}.`;
    case 'COMPLETED': return asDriver ? 'Trip completed. Well driven!' : `Arrived at ${trip.drop_off_address}. Thanks for riding!`;
    case 'CANCELED': return 'This ride was canceled.';
    default: return trip.status;
  }
}

const CODES = {
  bad_request: 'the server did not understand the request',
  unknown_type: 'the server does not know this kind of message',
  forbidden: 'you are not allowed to do that',
  not_found: 'that trip is not there for you any more',
  conflict: 'that is not possible any more, the trip has changed (someone may have been quicker)',
  rate_limited: 'too many messages at once, so the server is slowing this page down',
  too_large: 'the message is too large',
  protocol: 'the server speaks another version of the protocol',
};

/** An `error` message in words a person reads: what failed, why, then what the server said. */
export function explain({ code, message }, cause) {
  const words = CODES[code] ?? 'the server refused it';
  const said = message ? ` (the server said: “${message}”)` : '';
  const sentence = cause ? `Could not ${cause}: ${words}` : `${words[0].toUpperCase()}${words.slice(1)}`;
  return `${sentence}.${said}`;
}
