// The browser kitchen board. It signs in with a display token (from the
// `#token=` of the link `kds token create --link` prints, then kept in
// localStorage), follows the whole-board events of /kds/v1/events through a
// short-lived ticket, and sends every action with its own Idempotency-Key
// from a queue that survives a lost connection. Customer text is only ever
// put on the page with textContent.
'use strict';

const TOKEN_KEY = 'maydanoz.board.token';
const SIGNED_OUT_KEY = 'maydanoz.board.signedOut';
const QUEUE_KEY = 'maydanoz.board.queue';
const REVOKED = 'This board was signed out: the server refused its token (revoked or wrong). ' +
  'Make a new link with `maydanoz kds token create NAME --link`.';
const STATUS_LABEL = { new: 'NEW', preparing: 'PREPARING', ready: 'READY', out_for_delivery: 'OUT' };
const PAY_LABEL = { cash: 'CASH', card: 'CARD - bring POS', online: 'ONLINE', counter: 'COUNTER' };
const RECONNECT_MS = [200, 500, 1000];

const cfg = document.documentElement.dataset;
const WARN_MS = Number(cfg.warnMs) || 5 * 60000;
const LATE_MS = Number(cfg.lateMs) || 8 * 60000;
const REPEAT_MS = Number(cfg.repeatMs) || 4000;
const SOUND_ON = cfg.sound !== 'off';
const station = new URLSearchParams(location.search).get('station');

const S = {
  token: localStorage.getItem(TOKEN_KEY),
  board: null,            // {seq, orders}
  known: new Set(),       // order numbers seen on a board
  selected: null,         // order number
  ringing: new Set(),     // new orders not yet acknowledged by a touch
  lastBump: null,         // what Recall undoes
  queue: JSON.parse(localStorage.getItem(QUEUE_KEY) || '[]'),
  flushing: false,
  online: false,
  lastUpdate: null,       // Date.now() of the last board
  clockSkew: 0,           // server time minus ours
  es: null,
  attempt: 0,
  reconnectTimer: null,
  pollTimer: null,
  panel: null,            // '86' | 'waiting'
  confirm: null,          // a function run on Yes
  unlocking: false,
  chimes: 0,
  wakeLock: null,
  started: false,
};

const $ = (id) => document.getElementById(id);
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function setState(s) { document.body.dataset.state = s; }
function now() { return Date.now() + S.clockSkew; }
function clock(ms) { return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }); }
function hhmm(ms) { return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }); }
function newKey() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

class SignedOut extends Error {}

// ---- sign-in ---------------------------------------------------------------

function takeTokenFromFragment() {
  const h = new URLSearchParams(location.hash.slice(1));
  const t = h.get('token');
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  if (t) {
    localStorage.setItem(TOKEN_KEY, t.trim());
    localStorage.removeItem(SIGNED_OUT_KEY);
    S.token = t.trim();
  }
}

function showOnly(id) {
  for (const s of ['signin', 'start', 'app']) $(s).hidden = s !== id;
}

function showSignin() {
  showOnly('signin');
  $('signin-msg').textContent = localStorage.getItem(SIGNED_OUT_KEY) || '';
  setState(localStorage.getItem(SIGNED_OUT_KEY) ? 'signed-out' : 'signin');
}

function signOut(msg) {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.setItem(SIGNED_OUT_KEY, msg);
  S.token = null;
  S.queue = [];
  localStorage.removeItem(QUEUE_KEY);
  if (S.es) S.es.close();
  S.es = null;
  clearTimeout(S.reconnectTimer);
  clearInterval(S.pollTimer);
  S.ringing.clear();
  S.started = false;
  showSignin();
}

// ---- talking to the server ---------------------------------------------------

async function api(method, path, body, key) {
  if (!S.token) throw new SignedOut();
  const headers = { Authorization: 'Bearer ' + S.token };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key) headers['Idempotency-Key'] = key;
  const r = await fetch(path, {
    method, headers, cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.status === 401) {
    signOut(REVOKED);
    throw new SignedOut();
  }
  return r;
}

async function errorText(r) {
  try { return (await r.json()).error || r.statusText; } catch (_) { return r.statusText; }
}

function skewFrom(r) {
  const d = Date.parse(r.headers.get('Date') || '');
  if (!Number.isNaN(d) && Math.abs(d - Date.now()) > 3000) S.clockSkew = d - Date.now();
}

// ---- the live board ------------------------------------------------------------

function connect() {
  clearTimeout(S.reconnectTimer);
  if (!S.token) return;
  if (S.es) { S.es.close(); S.es = null; }
  (async () => {
    let ticket;
    try {
      const r = await api('POST', '/kds/v1/ticket', {});
      if (!r.ok) throw new Error(await errorText(r));
      ticket = (await r.json()).ticket;
    } catch (e) {
      if (e instanceof SignedOut) return;
      offline();
      return;
    }
    let url = '/kds/v1/events?ticket=' + encodeURIComponent(ticket);
    if (S.board) url += '&last=' + encodeURIComponent(S.board.seq);
    const es = new EventSource(url);
    S.es = es;
    es.addEventListener('open', () => {
      if (S.es !== es) return;
      S.attempt = 0;
      online();
    });
    es.addEventListener('board', (ev) => {
      if (S.es !== es) return;
      let b;
      try { b = JSON.parse(ev.data); } catch (_) { b = null; }
      if (!b || String(b.seq) !== ev.lastEventId || !Array.isArray(b.orders)) {
        es.close();
        offline();
        return;
      }
      apply(b);
    });
    es.addEventListener('error', () => {
      if (S.es !== es) return;
      es.close();
      S.es = null;
      offline();
    });
  })();
}

function online() {
  S.online = true;
  setState('online');
  if (S.lastUpdate === null) S.lastUpdate = Date.now();
  renderBanner();
  flush();
}

function offline() {
  S.online = false;
  if (S.token) setState('offline');
  renderBanner();
  clearTimeout(S.reconnectTimer);
  const wait = RECONNECT_MS[Math.min(S.attempt, RECONNECT_MS.length - 1)];
  S.attempt += 1;
  S.reconnectTimer = setTimeout(connect, wait);
}

function apply(b) {
  const first = S.board === null;
  let arrived = false;
  for (const o of b.orders) {
    if (!S.known.has(o.number)) {
      S.known.add(o.number);
      if (!first && o.status === 'new' && shows(o)) { S.ringing.add(o.number); arrived = true; }
    }
  }
  S.board = b;
  S.lastUpdate = Date.now();
  if (S.online) setState('online');
  if (S.selected !== null && !b.orders.some((o) => o.number === S.selected)) S.selected = null;
  for (const n of [...S.ringing]) if (!b.orders.some((o) => o.number === n && o.status === 'new')) S.ringing.delete(n);
  document.body.dataset.seq = String(b.seq);
  render();
  if (arrived) ring();
}

async function poll() {
  try {
    const [h, w] = await Promise.all([api('GET', '/kds/v1/health'), api('GET', '/kds/v1/waiting')]);
    if (h.ok) renderHealth(await h.json());
    if (w.ok) {
      S.waiting = await w.json();
      const c = $('waiting-count');
      c.textContent = String(S.waiting.length);
      c.className = S.waiting.length ? '' : 'zero';
      if (S.panel === 'waiting') renderWaiting();
    }
  } catch (e) {
    if (e instanceof SignedOut) return;
    if (S.online) { if (S.es) S.es.close(); S.es = null; offline(); }
  }
}

function renderHealth(h) {
  const parts = [];
  if (!h.db_ok) parts.push('DATABASE DOWN');
  if (h.ordering_paused) parts.push('ordering paused');
  if (h.failed_sends_last_hour > 0) parts.push(h.failed_sends_last_hour + ' failed sends');
  if (h.outbox_backlog > 0) parts.push('outbox ' + h.outbox_backlog);
  if (h.avg_prep_ms_today) parts.push('avg ' + Math.round(h.avg_prep_ms_today / 60000) + ' min');
  $('health').textContent = parts.join(' · ');
}

function renderBanner() {
  const b = $('offline');
  if (S.online || !S.started) { b.hidden = true; } else {
    b.hidden = false;
    b.textContent = 'OFFLINE — reconnecting. Last update ' +
      (S.lastUpdate ? clock(S.lastUpdate) : 'never') + '. Bumps are kept and sent when the link is back.';
  }
  $('queued').textContent = S.queue.length ? S.queue.length + ' waiting to send' : '';
}

// ---- actions: queued, each with its own Idempotency-Key -----------------------------

function saveQueue() { localStorage.setItem(QUEUE_KEY, JSON.stringify(S.queue)); }

function send(path, body, label, extra) {
  S.queue.push(Object.assign({ key: newKey(), path, body, label }, extra || {}));
  saveQueue();
  render();
  flush();
}

async function flush() {
  if (S.flushing) return;
  S.flushing = true;
  try {
    while (S.queue.length) {
      const a = S.queue[0];
      let r;
      try {
        r = await api('POST', a.path, a.body, a.key);
      } catch (e) {
        if (e instanceof SignedOut) return;
        if (S.online) { if (S.es) S.es.close(); S.es = null; offline(); }
        return; // kept; sent again (same key) once the link is back
      }
      if (r.status >= 500) { toast(a.label + ': the server failed (' + r.status + '), will retry'); return; }
      S.queue.shift();
      saveQueue();
      if (r.status === 409) toast(a.label + ': someone else moved it — ' + await errorText(r));
      else if (!r.ok) toast(a.label + ': ' + await errorText(r));
      if (a.after) afterAction(a.after);
    }
  } finally {
    S.flushing = false;
    renderBanner();
    render();
  }
}

function afterAction(what) {
  if (what === '86' && S.panel === '86') open86();
  if (what === 'waiting') poll();
}

let toastTimer = null;
function toast(text) {
  const t = $('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 6000);
}

function ask(text, yes) {
  S.confirm = yes;
  $('confirm-text').textContent = text;
  $('confirm').hidden = false;
}

// The status a ticket shows: the board's, or the last one queued for it.
function statusOf(o) {
  let s = o.status;
  for (const a of S.queue) if (a.number === o.number && a.body && a.body.to) s = a.body.to;
  return s;
}

function nextStatus(s, fulfilment) {
  switch (s) {
    case 'new': return 'preparing';
    case 'preparing': return 'ready';
    case 'ready': return fulfilment === 'delivery' ? 'out_for_delivery' : 'delivered';
    case 'out_for_delivery': return 'delivered';
    default: return null;
  }
}

function selectedOrder() {
  if (!S.board || S.selected === null) return null;
  return S.board.orders.find((o) => o.number === S.selected) || null;
}

function myLines(o) {
  const out = [];
  o.items.forEach((it, i) => { if (it.station === station) out.push(i); });
  return out;
}

function bump() {
  const o = selectedOrder();
  if (!o) { toast('Tap a ticket first'); return; }
  if (station && station !== 'expo') {
    const open = myLines(o).filter((i) => !o.items[i].station_done_at);
    if (!open.length) { toast('#' + o.number + ': nothing left for ' + station); return; }
    S.lastBump = { number: o.number, positions: open };
    send('/kds/v1/orders/' + o.number + '/lines', { positions: open, done: true }, 'Bump #' + o.number, { number: o.number });
    return;
  }
  const from = statusOf(o);
  const withStations = o.items.some((it) => it.station);
  if (station === 'expo' && withStations && (from === 'new' || from === 'preparing')) {
    const go = () => move(o, from, 'ready');
    if (o.items.every((it) => !it.station || it.station_done_at)) go();
    else ask('#' + o.number + ': not every station is done. Ready anyway?', go);
    return;
  }
  const to = nextStatus(from, o.fulfilment);
  if (to) move(o, from, to);
}

function move(o, from, to) {
  S.lastBump = { number: o.number, from, to };
  send('/kds/v1/orders/' + o.number + '/status', { to }, 'Bump #' + o.number, { number: o.number });
}

function recall() {
  const b = S.lastBump;
  if (!b) { toast('Nothing to recall'); return; }
  S.lastBump = null;
  if (b.positions) {
    send('/kds/v1/orders/' + b.number + '/lines', { positions: b.positions, done: false }, 'Recall #' + b.number, { number: b.number });
  } else {
    S.selected = b.number;
    send('/kds/v1/orders/' + b.number + '/status', { to: b.from }, 'Recall #' + b.number, { number: b.number });
  }
}

function lineBump(o, i) {
  const it = o.items[i];
  if (!it || it.station !== station) return;
  send('/kds/v1/orders/' + o.number + '/lines', { positions: [i], done: !it.station_done_at }, 'Line #' + o.number, { number: o.number });
}

function rush() {
  const o = selectedOrder();
  if (!o) { toast('Tap a ticket first'); return; }
  send('/kds/v1/orders/' + o.number + '/rush', { rush: !o.rush }, 'Rush #' + o.number, { number: o.number });
}

function reprint() {
  const o = selectedOrder();
  if (!o) { toast('Tap a ticket first'); return; }
  send('/kds/v1/orders/' + o.number + '/print', {}, 'Reprint #' + o.number);
}

function answerCancel(accept) {
  const o = selectedOrder();
  if (!o || !o.cancel_requested_at) return;
  const text = accept ? 'Cancel #' + o.number + ' as the customer asked?' : 'Refuse the cancel of #' + o.number + ' (the order goes on)?';
  ask(text, () => send('/kds/v1/orders/' + o.number + '/cancel-request', { accept }, 'Cancel answer #' + o.number));
}

// ---- panels: the 86 list and the customers waiting for a person ------------------------

async function open86() {
  S.panel = '86';
  $('panel-title').textContent = '86 — tap to take off or bring back';
  $('panel').hidden = false;
  let list;
  try {
    const r = await api('GET', '/kds/v1/products');
    if (!r.ok) { toast('86 list: ' + await errorText(r)); return; }
    list = await r.json();
  } catch (e) { if (!(e instanceof SignedOut)) toast('86 list: offline'); return; }
  if (S.panel !== '86') return;
  const ul = $('panel-list');
  ul.replaceChildren();
  for (const p of list) {
    const li = el('li', p.available ? '' : 'out');
    li.dataset.product = String(p.id);
    li.append(el('span', 'grow', p.name + (p.category ? ' (' + p.category + ')' : '')));
    const b = el('button', 'big', p.available ? '86 it' : 'Back on');
    b.type = 'button';
    b.addEventListener('click', () => send('/kds/v1/products/' + p.id + '/available', { available: !p.available }, '86 ' + p.name, { after: '86' }));
    li.append(b);
    ul.append(li);
  }
}

function openWaiting() {
  S.panel = 'waiting';
  $('panel-title').textContent = 'Needs a person';
  $('panel').hidden = false;
  renderWaiting();
  poll();
}

function renderWaiting() {
  const ul = $('panel-list');
  ul.replaceChildren();
  const list = S.waiting || [];
  if (!list.length) ul.append(el('li', '', 'Nobody is waiting.'));
  for (const w of list) {
    const li = el('li');
    li.dataset.phone = w.phone;
    const text = el('span', 'grow');
    text.append(el('b', '', (w.name || '') + ' +' + w.phone), el('span', '', ' · ' + w.reason + ' · since ' + hhmm(w.since_ms)));
    for (const m of (w.last || []).slice(-3)) text.append(el('span', 'last', (m.from_shop ? 'shop: ' : 'them: ') + m.text));
    const b = el('button', 'big', 'Hand back to the bot');
    b.type = 'button';
    b.addEventListener('click', () => send('/kds/v1/waiting/' + encodeURIComponent(w.phone) + '/done', {}, 'Hand back +' + w.phone, { after: 'waiting' }));
    li.append(text, b);
    ul.append(li);
  }
}

function closePanel() { S.panel = null; $('panel').hidden = true; }

// ---- drawing -------------------------------------------------------------------

// Does this screen show the order at all?
function shows(o) {
  if (!station || station === 'expo') return true;
  return (o.status === 'new' || o.status === 'preparing') && myLines(o).some((i) => !o.items[i].station_done_at);
}

function since(o) { return o.board_at || o.created_at; }

function ageClass(o) {
  const s = statusOf(o);
  if (s === 'ready' || s === 'out_for_delivery') return 'done';
  const age = now() - since(o);
  return age >= LATE_MS ? 'late' : age >= WARN_MS ? 'warn' : 'fresh';
}

function ageText(o) {
  const s = Math.max(0, Math.floor((now() - since(o)) / 1000));
  return String(Math.floor(s / 60)).padStart(2, '0') + ':' + String(s % 60).padStart(2, '0');
}

function visibleOrders() {
  if (!S.board) return [];
  return S.board.orders.filter(shows).sort((a, b) =>
    (b.rush - a.rush) || (since(a) - since(b)) || (a.number - b.number));
}

function mapLink(o) {
  if (o.location) return 'https://www.google.com/maps/search/?api=1&query=' + o.location.latitude + ',' + o.location.longitude;
  if (o.address) return 'https://www.google.com/maps/search/?api=1&query=' + encodeURIComponent(o.address);
  return null;
}

function ticket(o) {
  const t = el('article', 'ticket ' + ageClass(o));
  t.dataset.number = String(o.number);
  t.dataset.order = String(o.number); // the name scripts outside rely on
  t.dataset.status = statusOf(o);
  if (o.number === S.selected) t.classList.add('selected');
  if (o.rush) t.classList.add('rush');
  if (S.ringing.has(o.number)) t.classList.add('ringing');
  const head = el('div', 't-head');
  head.append(el('span', 't-num', '#' + o.number), el('span', 't-age', ageText(o)));
  const tags = el('div', 't-tags');
  tags.append(el('span', 'kind', o.fulfilment === 'delivery' ? 'DELIVERY' : 'PICKUP'));
  tags.append(el('span', 'status', STATUS_LABEL[statusOf(o)] || statusOf(o)));
  if (o.rush) tags.append(el('span', 'rush', 'RUSH'));
  if (o.cancel_requested_at) tags.append(el('span', 'cancel', 'CANCEL REQUESTED'));
  if (o.scheduled_for) tags.append(el('span', 'ahead', 'FOR ' + hhmm(o.scheduled_for)));
  if (S.queue.some((a) => a.number === o.number)) tags.append(el('span', 'queued', 'QUEUED'));
  t.append(head, tags);
  if (o.customer_name) t.append(el('div', 't-name', o.customer_name));
  if (o.note) t.append(el('div', 't-note', 'Note: ' + o.note));
  const ul = el('ul', 't-items');
  const mine = station && station !== 'expo';
  o.items.forEach((it, i) => {
    if (mine && it.station !== station) return;
    const li = el('li');
    li.dataset.position = String(i);
    if (it.station_done_at) li.classList.add('done');
    li.append(el('span', 'name', it.quantity + '× ' + it.name));
    if (station === 'expo' && it.station) li.append(el('span', 'station', ' [' + it.station + (it.station_done_at ? ' ✓' : '') + ']'));
    for (const opt of it.options || []) li.append(el('span', 'opt', '+ ' + opt));
    if (it.note) li.append(el('span', 'note', '“' + it.note + '”'));
    if (mine) {
      li.classList.add('line');
      li.addEventListener('click', (ev) => { ev.stopPropagation(); S.selected = o.number; lineBump(o, i); });
    }
    ul.append(li);
  });
  t.append(ul);
  if (!mine) {
    if (o.fulfilment === 'delivery' && (o.address || o.location)) {
      const a = el('div', 't-addr');
      if (o.address) a.append(el('span', '', o.address + ' '));
      const href = mapLink(o);
      if (href) {
        const link = el('a', '', o.location ? 'map (pin)' : 'map');
        link.href = href;
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        link.addEventListener('click', (ev) => ev.stopPropagation());
        a.append(link);
      }
      t.append(a);
    }
    const pay = o.payment ? (PAY_LABEL[o.payment] || o.payment) : '';
    t.append(el('div', 't-pay', (pay ? pay + ' · ' : '') + (o.total / 100).toFixed(2)));
  }
  t.addEventListener('click', () => { S.selected = o.number; render(); });
  return t;
}

function render() {
  if (!S.started) return;
  const main = $('board');
  const orders = visibleOrders();
  main.replaceChildren();
  if (!orders.length) main.append(el('div', 'empty', S.board ? 'No open orders' : 'Loading…'));
  for (const o of orders) main.append(ticket(o));
  const counts = {};
  for (const o of orders) counts[statusOf(o)] = (counts[statusOf(o)] || 0) + 1;
  $('counts').textContent = Object.keys(STATUS_LABEL).filter((k) => counts[k]).map((k) => STATUS_LABEL[k] + ' ' + counts[k]).join(' · ');
  const o = selectedOrder();
  const cancel = !!(o && o.cancel_requested_at);
  $('act-accept').hidden = !cancel;
  $('act-refuse').hidden = !cancel;
  $('act-bump').textContent = o ? 'Bump #' + o.number : 'Bump';
  renderBanner();
}

function tick() {
  if (!S.started || !S.board) return;
  for (const t of document.querySelectorAll('.ticket')) {
    const o = S.board.orders.find((x) => String(x.number) === t.dataset.number);
    if (!o) continue;
    const age = t.querySelector('.t-age');
    if (age) age.textContent = ageText(o);
    for (const c of ['fresh', 'warn', 'late', 'done']) t.classList.toggle(c, c === ageClass(o));
  }
  if (!S.online) renderBanner();
}

// ---- sound ---------------------------------------------------------------------

function ring() {
  if (!SOUND_ON || !S.started) return;
  const a = $('chime');
  a.currentTime = 0;
  const p = a.play();
  if (p && p.then) {
    p.then(() => { $('audio-blocked').hidden = true; }).catch(() => { $('audio-blocked').hidden = false; });
  }
}

function acknowledge() {
  if (!S.ringing.size) return;
  S.ringing.clear();
  for (const t of document.querySelectorAll('.ticket.ringing')) t.classList.remove('ringing');
}

function unlockAudio() {
  const a = $('chime');
  if (!SOUND_ON) return;
  S.unlocking = true;
  a.muted = true;
  const p = a.play();
  const done = () => { a.pause(); a.currentTime = 0; a.muted = false; S.unlocking = false; };
  if (p && p.then) {
    p.then(() => { done(); $('audio-blocked').hidden = true; })
      .catch(() => { done(); $('audio-blocked').hidden = false; });
  } else done();
}

// ---- staying awake -------------------------------------------------------------

async function wake() {
  try {
    if ('wakeLock' in navigator && document.visibilityState === 'visible') {
      S.wakeLock = await navigator.wakeLock.request('screen');
    }
  } catch (_) { /* no wake lock without HTTPS, or the battery saver said no */ }
}

// ---- start ---------------------------------------------------------------------

async function start() {
  S.started = true;
  showOnly('app');
  unlockAudio();
  wake();
  if (station) {
    $('title').textContent = station === 'expo' ? 'Expo' : 'Station: ' + station;
    try {
      const r = await api('GET', '/kds/v1/stations');
      if (r.ok) {
        const known = await r.json();
        if (station !== 'expo' && !known.includes(station)) {
          toast('Unknown station “' + station + '”. Known: expo, ' + known.join(', '));
        }
      }
    } catch (e) { if (e instanceof SignedOut) return; }
  }
  try {
    const r = await api('GET', '/kds/v1/orders');
    skewFrom(r);
    if (r.ok) { S.online = true; apply(await r.json()); }
  } catch (e) { if (e instanceof SignedOut) return; }
  connect();
  poll();
  clearInterval(S.pollTimer);
  S.pollTimer = setInterval(poll, 5000);
}

function init() {
  takeTokenFromFragment();
  const chime = $('chime');
  chime.addEventListener('playing', () => {
    if (S.unlocking) return;
    S.chimes += 1;
    document.body.dataset.chimes = String(S.chimes);
  });
  setInterval(() => { if (S.ringing.size) ring(); }, REPEAT_MS);
  setInterval(tick, 1000);
  // Any touch, click or key on the board acknowledges the ringing orders.
  for (const ev of ['pointerdown', 'touchstart', 'keydown']) {
    document.addEventListener(ev, () => { if (S.started) acknowledge(); }, { capture: true, passive: true });
  }
  $('signin-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const t = $('signin-token').value.trim();
    if (!t) return;
    localStorage.setItem(TOKEN_KEY, t);
    localStorage.removeItem(SIGNED_OUT_KEY);
    S.token = t;
    showOnly('start');
    setState('start');
  });
  $('start-btn').addEventListener('click', () => {
    if (document.documentElement.requestFullscreen && !navigator.webdriver) {
      document.documentElement.requestFullscreen().catch(() => {});
    }
    start();
  });
  $('audio-blocked').addEventListener('click', () => { unlockAudio(); if (S.ringing.size) ring(); });
  $('act-bump').addEventListener('click', bump);
  $('act-recall').addEventListener('click', recall);
  $('act-rush').addEventListener('click', rush);
  $('act-print').addEventListener('click', reprint);
  $('act-accept').addEventListener('click', () => answerCancel(true));
  $('act-refuse').addEventListener('click', () => answerCancel(false));
  $('btn-86').addEventListener('click', open86);
  $('btn-waiting').addEventListener('click', openWaiting);
  $('panel-close').addEventListener('click', closePanel);
  $('btn-full').addEventListener('click', () => {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
  });
  $('confirm-yes').addEventListener('click', () => { const f = S.confirm; S.confirm = null; $('confirm').hidden = true; if (f) f(); });
  $('confirm-no').addEventListener('click', () => { S.confirm = null; $('confirm').hidden = true; });
  $('toast').addEventListener('click', () => { $('toast').hidden = true; });
  // A keyboard or bump bar on the tablet: digits select, Enter bumps.
  document.addEventListener('keydown', (ev) => {
    if (!S.started || ev.target instanceof HTMLInputElement) return;
    const list = visibleOrders();
    if (/^[1-9]$/.test(ev.key) && list[Number(ev.key) - 1]) { S.selected = list[Number(ev.key) - 1].number; render(); }
    else if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); bump(); }
    else if (ev.key === 'r' || ev.key === 'Backspace') recall();
    else if (ev.key === '*') rush();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible' || !S.started) return;
    wake();
    if (!S.es) connect();
    poll();
  });
  window.addEventListener('online', () => { if (S.started && !S.es) connect(); });
  if (S.token) { showOnly('start'); setState('start'); } else showSignin();
}

init();
