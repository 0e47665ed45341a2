// The echo page: one WebSocket to /taxi/, every frame shown both ways.

import { Session } from './api.js';

const $ = (id) => document.getElementById(id);
const session = new Session();
let ws = null;

function frame(direction, text) {
  const item = document.createElement('li');
  item.className = direction;
  const time = new Date().toLocaleTimeString([], { hour12: false });
  const arrow = { out: '→ sent', in: '← received', info: '• ' }[direction];
  item.textContent = `${time} ${arrow} ${text}`;
  $('frames').prepend(item);
}

function setState(state, words) {
  $('conn').dataset.state = state;
  $('conn').textContent = words;
  $('echo-open').disabled = state === 'open' || state === 'connecting';
  $('echo-close').disabled = !(state === 'open' || state === 'connecting');
  $('echo-form').hidden = state !== 'open';
}

function show() {
  const user = session.user;
  $('echo-log-in').hidden = !!user;
  $('echo-connect').hidden = !user;
  if (user) $('echo-who').textContent = `Logged in as ${user.username} (${user.group}).`;
}

$('echo-log-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  $('echo-log-in-error').hidden = true;
  try {
    await session.logIn(form.username.value, form.password.value);
  } catch (e) {
    $('echo-log-in-error').textContent = e.message;
    $('echo-log-in-error').hidden = false;
  }
});
session.addEventListener('change', show);

$('echo-connect').addEventListener('submit', async (event) => {
  event.preventDefault();
  const protocol = event.currentTarget.protocol.value;
  setState('connecting', 'Connecting…');
  let token;
  try {
    token = await session.fresh();
  } catch (e) {
    setState('off', 'Not connected');
    frame('info', `could not renew the token: ${e.message}`);
    return;
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  ws = protocol ? new WebSocket(`${scheme}//${location.host}/taxi/?token=${encodeURIComponent(token)}`, [protocol])
    : new WebSocket(`${scheme}//${location.host}/taxi/?token=${encodeURIComponent(token)}`);
  const socket = ws;
  socket.onopen = () => {
    setState('open', `Connected (${socket.protocol || 'v1'})`);
    frame('info', `open, subprotocol ${socket.protocol ? `"${socket.protocol}"` : 'none (v1)'}`);
    $('echo-text').focus();
  };
  socket.onmessage = (e) => {
    frame('in', e.data);
    try {
      const message = JSON.parse(e.data);
      if (message.type === 'echo.message') $('echo-last').textContent = typeof message.data === 'string' ? message.data : JSON.stringify(message.data);
    } catch { /* shown as it came */ }
  };
  socket.onclose = (e) => {
    frame('info', `closed, code ${e.code}${e.reason ? `, reason "${e.reason}"` : ''}`);
    if (ws === socket) ws = null;
    setState('off', 'Not connected');
  };
});

$('echo-close').addEventListener('click', () => ws?.close(1000, 'bye'));

function send(text) {
  if (!ws || ws.readyState !== WebSocket.OPEN) return;
  ws.send(text);
  frame('out', text);
}

$('echo-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('echo-text').value;
  send($('echo-raw').checked ? text : JSON.stringify({ type: 'echo.message', data: text }));
});
$('echo-ping').addEventListener('click', () => send(JSON.stringify({ type: 'ping', id: `p${Date.now()}` })));
$('echo-clear').addEventListener('click', () => $('frames').replaceChildren());

show();
