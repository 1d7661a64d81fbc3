// Continuum console: plain JavaScript over the JSON API (POST /api/<function>), no library, no network
// beyond this server. Views are chosen by the URL's hash: #/ (list), #/infra/<id>, #/operation/<id>.
'use strict';

const KEY = 'continuum-api-key';
const REFRESH_MS = 3000;      // status, health and Kafka views
const OPERATION_MS = 1000;    // a running operation's steps
const CLOUDS = {nova: 'OpenStack (nova)', azure_vm: 'Azure VM', azure_aci: 'Azure Container Instances', local: 'This machine (local)'};
const QUORUM = {zookeeper: 'ZooKeeper', controller: 'KRaft controllers'};
let timer = null;
let current = null; // the infrastructure shown, with its last status
let generation = 0; // bumped on every navigation: an answer for a view left since is dropped
let rendered = null; // what the infrastructure view shows: redrawn only when it changed (keeps focus and place)

const $ = id => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => { if (v !== undefined && v !== null) e.setAttribute(k, v); });
  children.flat().forEach(c => e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
  return e;
}

// The API; a 401 asks for the key once, keeps it for this tab, and tries again.
class ApiError extends Error {
  constructor(status, body) {
    super(describe(status, body));
    this.status = status;
  }
}

function describe(status, body) {
  if (!body || typeof body !== 'object') {
    return `The server answered ${status}${body ? ': ' + body : ''}.`;
  }
  const lines = [`${body.error || 'error ' + status}${body.detail ? ': ' + body.detail : ''}`];
  if (body.location) lines.push(`at ${body.location}`);
  (body.problems || []).forEach(p => lines.push(`${p.location || ''} ${p.path || ''}: ${p.message}`.trim()));
  return lines.join('\n');
}

async function api(fn, body, retried) {
  const headers = {'Content-Type': 'application/json'};
  const key = sessionStorage.getItem(KEY);
  if (key) {
    // One key, both ways a server may ask for it: this app's own (CONTINUUM_API_KEY), and in Azure
    // the Functions host's function key (where the app itself has no key).
    headers['X-Continuum-Key'] = key;
    headers['x-functions-key'] = key;
  }
  let r;
  try {
    r = await fetch(`/api/${fn}`, {method: 'POST', headers, body: JSON.stringify(body || {})});
  } catch (e) {
    throw new ApiError(0, `cannot reach the server (${e.message})`);
  }
  const text = await r.text();
  let payload = text;
  try { payload = text ? JSON.parse(text) : null; } catch (e) { /* not JSON: shown as text */ }
  if (r.status === 401 && !retried && await askKey()) {
    return api(fn, body, true);
  }
  if (!r.ok) throw new ApiError(r.status, payload);
  return payload;
}

let asking = null; // calls refused together wait for one answer

function askKey() {
  if (!asking) {
    asking = new Promise(resolve => {
      const d = $('key-dialog');
      $('key-input').value = '';
      d.addEventListener('close', () => {
        const ok = d.returnValue === 'ok' && $('key-input').value !== '';
        if (ok) sessionStorage.setItem(KEY, $('key-input').value);
        asking = null;
        resolve(ok);
      }, {once: true});
      d.showModal();
    });
  }
  return asking;
}

function confirmAction(text) {
  return new Promise(resolve => {
    const d = $('confirm');
    $('confirm-text').textContent = text;
    d.addEventListener('close', () => resolve(d.returnValue === 'ok'), {once: true});
    d.showModal();
    $('confirm-no').focus();
  });
}

let errorFrom = null; // 'refresh' or 'action': a refresh that works clears only its own error

function showError(e, from) {
  const box = $('error');
  box.textContent = e instanceof Error ? e.message : String(e);
  box.hidden = false;
  errorFrom = from;
}

function clearError(from) {
  if (from && from !== errorFrom) return;
  $('error').hidden = true;
  $('error').textContent = '';
  errorFrom = null;
}

// Views

function show(view) {
  ['list-view', 'infra-view', 'operation-view'].forEach(v => { $(v).hidden = v !== view; });
}

function schedule(fn, ms) {
  clearTimeout(timer);
  timer = setTimeout(fn, ms);
}

async function listView() {
  const gen = generation;
  show('list-view');
  try {
    const infras = await api('list');
    if (gen !== generation) return;
    const body = $('infra-table').tBodies[0];
    body.replaceChildren(...infras.map(i => el('tr', {},
      el('td', {}, el('a', {href: `#/infra/${encodeURIComponent(i.infraId)}`}, i.infraId)),
      el('td', {}, i.name), el('td', {}, i.status), el('td', {}, `${i.ready} of ${i.instances}`))));
    if (!infras.length) body.append(el('tr', {}, el('td', {colspan: 4}, 'No infrastructure yet: deploy one with bin/continuum deploy.')));
    clearError('refresh');
  } catch (e) {
    if (gen !== generation) return;
    showError(e, 'refresh');
  }
  schedule(listView, REFRESH_MS);
}

async function infraView(id) {
  const gen = generation;
  show('infra-view');
  try {
    const [status, health, kafka] = await Promise.all([
      api('status', {infraId: id}), api('healthCheck', {infraId: id}).catch(() => null), api('kafka', {infraId: id})]);
    if (gen !== generation) return;
    current = status;
    const seen = JSON.stringify([status, health, kafka]);
    if (seen !== rendered) {
      rendered = seen;
      renderInfra(status, health, kafka);
    }
    clearError('refresh');
  } catch (e) {
    if (gen !== generation) return;
    showError(e, 'refresh');
    if (e.status === 404) return; // gone: nothing to refresh
  }
  schedule(() => infraView(id), REFRESH_MS);
}

function renderInfra(s, health, kafka) {
  $('infra-title').textContent = `Infrastructure ${s.infraId}`;
  const op = s.activeOperation;
  $('infra-summary').replaceChildren(`${s.name}: ${s.status}`,
    op ? el('span', {}, ' · running ', el('a', {href: `#/operation/${encodeURIComponent(op)}`}, op)) : '');
  const healthOf = Object.fromEntries(((health && health.nodes) || []).map(h => [h.nodeId, h]));
  const byCloud = {};
  s.nodes.forEach(n => (byCloud[n.resourceType] = byCloud[n.resourceType] || []).push(n));
  $('topology').replaceChildren(...Object.entries(byCloud).map(([cloud, nodes]) => el('section', {class: 'cloud', 'aria-label': CLOUDS[cloud] || cloud, 'data-cloud': cloud},
    el('h3', {}, CLOUDS[cloud] || cloud),
    el('table', {},
      el('thead', {}, el('tr', {}, ...['Instance', 'Node', 'Phase', 'Public address', 'Private address', 'Health'].map(h => el('th', {scope: 'col'}, h)))),
      el('tbody', {}, nodes.flatMap(n => n.instances.map(i => {
        const h = healthOf[i.nodeId];
        return el('tr', {'data-node-id': i.nodeId},
          el('td', {}, i.nodeId), el('td', {}, `${n.node} (${n.scaling.ready}/${n.scaling.target})`),
          el('td', {class: `phase-${i.phase}`}, i.phase), el('td', {}, i.publicAddress || '—'), el('td', {}, i.privateAddress || '—'),
          el('td', {}, h ? healthText(h) : 'not checked'));
      })))))));
  renderKafka(kafka);
  const select = $('scale-node');
  const chosen = select.value;
  select.replaceChildren(...s.nodes.map(n => el('option', {value: n.node}, `${n.node} (now ${n.scaling.actual}, ${n.scaling.min}–${n.scaling.max})`)));
  if (chosen && s.nodes.some(n => n.node === chosen)) select.value = chosen;
}

function healthText(h) {
  const state = h.healthy ? 'healthy' : 'unhealthy';
  return h.detail && h.detail !== state ? `${state}: ${h.detail}` : state;
}

function renderKafka(k) {
  const parts = [];
  if (k.error) parts.push(el('p', {}, `The cluster could not be asked: ${k.error}`));
  const roles = {};
  k.quorum.forEach(q => (roles[q.role] = roles[q.role] || []).push(`${q.nodeId} ${q.address} (${q.phase})`));
  Object.entries(roles).forEach(([role, members]) => parts.push(el('p', {}, `${QUORUM[role] || role}: ${members.join(', ')}`)));
  if (k.brokers.length) {
    parts.push(el('table', {id: 'brokers'}, el('caption', {}, 'Brokers'),
      el('thead', {}, el('tr', {}, ...['Broker', 'Endpoint', 'Instance', 'Controller', 'Partitions led', 'Replicas'].map(h => el('th', {scope: 'col'}, h)))),
      el('tbody', {}, k.brokers.map(b => el('tr', {}, el('td', {}, b.id), el('td', {}, b.endpoint), el('td', {}, b.nodeId || '—'),
        el('td', {}, b.controller ? 'yes' : ''), el('td', {}, b.leaderOf), el('td', {}, b.replicas))))));
    parts.push(el('p', {}, k.underReplicated.length
      ? `Under-replicated partitions: ${k.underReplicated.map(p => `${p.topic}-${p.partition} (in sync ${p.isr.join(',')} of ${p.replicas.join(',')})`).join('; ')}`
      : 'No under-replicated partitions.'));
    parts.push(el('p', {}, k.consumerGroups.length
      ? `Consumer lag: ${k.consumerGroups.map(g => `${g.group} ${g.lag}`).join('; ')}`
      : 'No consumer groups.'));
  }
  $('kafka').replaceChildren(...parts);
}

async function operationView(id) {
  const gen = generation;
  show('operation-view');
  try {
    const op = await api('operation', {operationId: id});
    if (gen !== generation) return;
    $('operation-title').textContent = `${op.kind.toLowerCase()} of ${op.infraId}`;
    $('operation-id').textContent = op.operationId;
    $('operation-infra').href = `#/infra/${encodeURIComponent(op.infraId)}`;
    $('operation-infra').textContent = `Back to ${op.infraId}`;
    $('operation-state').textContent = op.state.toLowerCase() + (op.error ? `: ${op.error}` : '');
    $('cancel').hidden = op.state !== 'RUNNING' || op.kind === 'DESTROY';
    const list = $('operation-steps');
    // Only new steps are added, so a screen reader announces each once.
    op.steps.slice(list.children.length).forEach(s => list.append(el('li', {},
      s.at ? el('time', {datetime: s.at}, new Date(s.at).toLocaleTimeString()) : '', ' ', s.message)));
    clearError('refresh');
    if (op.state !== 'RUNNING') return;
  } catch (e) {
    if (gen !== generation) return;
    showError(e, 'refresh');
    if (e.status === 404 || e.status === 400) return;
  }
  schedule(() => operationView(id), OPERATION_MS);
}

function route() {
  clearTimeout(timer);
  generation++;
  const [, view, id] = (location.hash || '#/').split('/').map(decodeURIComponent);
  if (view === 'infra' && id) {
    current = null;
    rendered = null;
    $('plan').hidden = true;
    infraView(id);
  } else if (view === 'operation' && id) {
    $('operation-steps').replaceChildren();
    operationView(id);
  } else {
    listView();
  }
  $('main').focus();
}

function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

// Actions: each previews or confirms, then follows the operation it started.

function scalePreview() {
  const n = current && current.nodes.find(x => x.node === $('scale-node').value);
  const to = parseInt($('scale-to').value, 10);
  if (!n || Number.isNaN(to)) {
    throw new Error('Choose a node and a number of instances.');
  }
  const target = Math.min(Math.max(to, n.scaling.min), n.scaling.max);
  const delta = target - n.scaling.actual;
  const lines = [delta === 0 ? `${n.node} stays at ${target} instance(s)`
    : `${delta > 0 ? 'create' : 'delete'} ${Math.abs(delta)} instance(s) of ${n.node} (${n.scaling.actual} → ${target})`];
  if (target !== to) lines.push(`${to} is outside ${n.node}'s scaling bounds ${n.scaling.min}–${n.scaling.max}: clamped to ${target}`);
  if (delta < 0) lines.push('brokers leaving hand their partitions over first');
  return {n, to, lines};
}

function showPlan(lines) {
  $('plan-actions').replaceChildren(...lines.map(l => el('li', {}, l)));
  $('plan').hidden = false;
}

async function extendPlan() {
  const p = await api('plan', {infraId: current.infraId, infra: $('extend-infra').value, nodeDefinitions: $('extend-nodes').value});
  const lines = p.actions.map(a => `level ${a.level}: ${a.action.toLowerCase()} ${a.count} × ${a.node}${a.reason ? ' (' + a.reason + ')' : ''}`);
  p.blocked.forEach(b => lines.push(`blocked: ${b}`));
  p.warnings.forEach(w => lines.push(`warning: ${w.location} ${w.path}: ${w.message}`));
  return lines.length ? lines : ['nothing to do'];
}

function guarded(action) {
  return async event => {
    event.preventDefault();
    try {
      clearError();
      await action();
    } catch (e) {
      showError(e, 'action');
    }
  };
}

function init() {
  $('nav-list').addEventListener('click', () => go('#/'));
  $('nav-key').addEventListener('click', () => askKey());
  $('scale-preview').addEventListener('click', guarded(async () => showPlan(scalePreview().lines)));
  $('scale-form').addEventListener('submit', guarded(async () => {
    const {n, to, lines} = scalePreview();
    showPlan(lines);
    if (!await confirmAction(`Scale ${n.node} of ${current.infraId} to ${to}? ${lines.join('; ')}.`)) return;
    const r = await api('scale', {infraId: current.infraId, node: n.node, to});
    go(`#/operation/${encodeURIComponent(r.operationId)}`);
  }));
  $('extend-preview').addEventListener('click', guarded(async () => showPlan(await extendPlan())));
  $('extend-form').addEventListener('submit', guarded(async () => {
    const lines = await extendPlan();
    showPlan(lines);
    if (!await confirmAction(`Extend ${current.infraId}? ${lines.join('; ')}.`)) return;
    const r = await api('extend', {infraId: current.infraId, infra: $('extend-infra').value, nodeDefinitions: $('extend-nodes').value});
    go(`#/operation/${encodeURIComponent(r.operationId)}`);
  }));
  $('destroy').addEventListener('click', guarded(async () => {
    if (!await confirmAction(`Destroy ${current.infraId} and every resource it has? This cannot be undone.`)) return;
    const r = await api('destroy', {infraId: current.infraId});
    go(`#/operation/${encodeURIComponent(r.operationId)}`);
  }));
  $('cancel').addEventListener('click', guarded(async () => {
    const id = $('operation-id').textContent;
    if (!await confirmAction(`Cancel ${id}? It stops at its next step; what it created stays.`)) return;
    await api('cancel', {operationId: id});
    route(); // one polling loop: the view starts again from the operation as it now stands
  }));
  window.addEventListener('hashchange', route);
  route();
}

init();
