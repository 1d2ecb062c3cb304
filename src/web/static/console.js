// The console page: polls the app list, charts an app's last hour (the daemon's samples, with exits
// and restarts marked), shows history and plans, streams logs, and asks before every action.
// The token comes once in the URL, is kept in sessionStorage and sent as a header on every call.
'use strict';
(() => {
  const params = new URLSearchParams(location.search);
  if (params.has('token')) {
    sessionStorage.setItem('tend-token', params.get('token'));
    history.replaceState(null, '', location.pathname);
  }
  const token = sessionStorage.getItem('tend-token') || '';
  const $ = (selector) => document.querySelector(selector);
  const say = (text) => { $('#message').textContent = text; };

  async function api(path, options = {}) {
    const response = await fetch(path, { ...options, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(options.headers || {}) } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error ? `${body.error.code}: ${body.error.message}${response.status === 401 && body.error.hint ? ` (the token was rotated?) ${body.error.hint}` : ''}` : `HTTP ${response.status}`);
    return body;
  }

  // --- pages ---
  for (const tab of document.querySelectorAll('.tab')) {
    tab.addEventListener('click', () => showPage(tab.dataset.page));
  }
  function showPage(name) {
    for (const tab of document.querySelectorAll('.tab')) {
      if (tab.dataset.page === name) tab.setAttribute('aria-current', 'page');
      else tab.removeAttribute('aria-current');
    }
    $('#page-apps').hidden = name !== 'apps';
    $('#page-logs').hidden = name !== 'logs';
    $('#page-sources').hidden = name !== 'sources';
    if (name === 'logs') startLogs();
    if (name === 'sources') refreshSources();
  }

  // --- apps table ---
  const rows = new Map();
  const formatUptime = (ms) => {
    if (ms === null) return '0';
    const s = Math.floor(ms / 1000);
    if (s < 60) return `${s}s`;
    if (s < 3600) return `${Math.floor(s / 60)}m`;
    if (s < 86400) return `${Math.floor(s / 3600)}h`;
    return `${Math.floor(s / 86400)}d`;
  };
  const formatBytes = (n) => (n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1)} GiB` : n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(0)} KiB`);

  const columnLabels = { name: 'Name', id: 'id', status: 'Status', instances: 'Instances', pid: 'pid', uptime: 'Uptime', restarts: 'Restarts', cpu: 'CPU', memory: 'Memory' };

  function newRow(app) {
    const tr = document.createElement('tr');
    tr.dataset.app = app.name;
    tr.dataset.id = String(app.pm_id);
    for (const key of ['name', 'id', 'status', 'instances', 'pid', 'uptime', 'restarts', 'cpu', 'memory']) {
      const cell = document.createElement(key === 'name' ? 'th' : 'td');
      if (key === 'name') cell.scope = 'row';
      cell.dataset.field = key;
      cell.dataset.label = columnLabels[key];
      if (['id', 'pid', 'restarts', 'cpu', 'memory'].includes(key)) cell.className = 'num';
      if (key === 'cpu' || key === 'memory') {
        // The value, then a sparkline of the samples this page has seen (up to an hour).
        const svg = document.createElementNS(svgNs, 'svg');
        svg.setAttribute('viewBox', `0 0 ${sparkWidth} ${sparkHeight}`);
        svg.setAttribute('class', 'spark');
        svg.setAttribute('aria-hidden', 'true');
        svg.append(document.createElementNS(svgNs, 'polyline'));
        cell.append(document.createElement('span'), svg);
      }
      tr.append(cell);
    }
    const actions = document.createElement('td');
    actions.className = 'actions';
    for (const [action, label] of [['restart', 'Restart'], ['reload', 'Reload'], ['stop', 'Stop'], ['scale', 'Scale'], ['details', 'Details']]) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.action = action;
      button.textContent = label;
      button.setAttribute('aria-label', `${label} ${app.name}`);
      button.addEventListener('click', () => (action === 'details' ? showDetails(app.name) : act(app.name, action)));
      actions.append(button);
    }
    tr.append(actions);
    return tr;
  }

  const svgNs = 'http://www.w3.org/2000/svg';
  const sparkWidth = 60;
  const sparkHeight = 16;
  const maxSamples = 1800; // an hour at one sample every 2 s
  const samples = new Map();

  /** CPU is drawn from 0 to at least 100 %; memory from just under its lowest sample, so growth shows. */
  function spark(cell, values, top, fromZero) {
    const max = Math.max(top, ...values);
    const min = fromZero ? 0 : Math.min(...values) * 0.9;
    const range = Math.max(max - min, 1);
    const step = values.length > 1 ? sparkWidth / (values.length - 1) : 0;
    const points = values.map((value, i) => `${(i * step).toFixed(1)},${(sparkHeight - 1 - ((value - min) / range) * (sparkHeight - 2)).toFixed(1)}`);
    cell.querySelector('polyline').setAttribute('points', points.join(' '));
  }

  function fill(tr, app) {
    const set = (field, text) => {
      const cell = tr.querySelector(`[data-field="${field}"]`);
      (cell.querySelector('span') || cell).textContent = text;
    };
    const history = samples.get(tr.dataset.id) || { cpu: [], memory: [] };
    samples.set(tr.dataset.id, history);
    history.cpu.push(app.cpu);
    history.memory.push(app.memory);
    if (history.cpu.length > maxSamples) { history.cpu.shift(); history.memory.shift(); }
    // Drawn over the last 5 minutes so a recent change stays visible; the page keeps an hour.
    spark(tr.querySelector('[data-field="cpu"]'), history.cpu.slice(-150), 100, true);
    spark(tr.querySelector('[data-field="memory"]'), history.memory.slice(-150), 1, false);
    set('name', app.name);
    set('id', String(app.pm_id));
    set('status', app.status);
    tr.querySelector('[data-field="status"]').className = `status-${app.status.replace(' ', '-')}`;
    set('instances', `${app.instances} (${app.mode})`);
    set('pid', app.pid > 0 ? String(app.pid) : '–');
    set('uptime', formatUptime(app.uptimeMs));
    set('restarts', String(app.restarts));
    set('cpu', `${app.cpu}%`);
    set('memory', formatBytes(app.memory));
  }

  async function refreshApps() {
    try {
      const apps = await api('/api/apps');
      $('#connection').textContent = `updated ${new Date().toLocaleTimeString()}`;
      const body = $('#apps tbody');
      const seen = new Set();
      for (const app of apps) {
        const key = String(app.pm_id);
        seen.add(key);
        let tr = rows.get(key);
        if (!tr) {
          tr = newRow(app);
          rows.set(key, tr);
          body.append(tr);
        }
        fill(tr, app);
      }
      for (const [key, tr] of rows) {
        if (!seen.has(key)) { tr.remove(); rows.delete(key); samples.delete(key); }
      }
      // The app whose details are open was deleted: close them.
      if (historyApp && !apps.some((app) => app.name === historyApp)) {
        historyApp = null;
        clearInterval(chartTimer);
        $('#details').hidden = true;
      }
      $('#no-apps').hidden = apps.length > 0;
      updateLogApps(apps);
    } catch (error) {
      $('#connection').textContent = `cannot reach the console: ${error.message}`;
    }
  }

  // --- confirm dialog ---
  function confirmAction(text, scale) {
    const dialog = $('#confirm');
    $('#confirm-text').textContent = text;
    $('#confirm-scale').hidden = !scale;
    if (scale) $('#confirm-instances').value = String(scale.current);
    dialog.returnValue = '';
    dialog.showModal();
    $(scale ? '#confirm-instances' : '#confirm-cancel').focus();
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok' ? (scale ? $('#confirm-instances').value : true) : null), { once: true });
    });
  }

  async function act(name, action) {
    const current = [...rows.values()].filter((tr) => tr.dataset.app === name).length;
    const answer = await confirmAction(
      action === 'scale' ? `Scale ${name} to how many instances?` : `${action[0].toUpperCase()}${action.slice(1)} ${name}?`,
      action === 'scale' ? { current } : null,
    );
    if (answer === null) return say(`${action} ${name}: cancelled`);
    say(`${action} ${name}…`);
    try {
      await api(`/api/apps/${encodeURIComponent(name)}/${action}`, { method: 'POST', body: JSON.stringify(action === 'scale' ? { instances: String(answer) } : {}) });
      say(`${action} ${name}: done`);
    } catch (error) {
      say(`${action} ${name} failed: ${error.message}`);
    }
    refreshApps();
  }

  // --- details: charts of the last hour, exits and restarts, history and rollback ---
  let historyApp = null;
  let chartTimer = null;
  async function showDetails(name) {
    historyApp = name;
    $('#details').hidden = false;
    $('#details-title').textContent = name;
    clearInterval(chartTimer);
    // The daemon folds samples into 15-s steps: reading more often shows nothing new.
    chartTimer = setInterval(() => { if (!$('#page-apps').hidden) refreshCharts(name); }, 15000);
    await Promise.all([refreshCharts(name), showHistory(name)]);
    $('#details-title').focus();
  }

  async function showHistory(name) {
    const section = $('#details');
    const body = $('#revisions tbody');
    try {
      const revisions = await api(`/api/apps/${encodeURIComponent(name)}/history`);
      body.replaceChildren();
      const latest = revisions.length ? revisions[revisions.length - 1].revision : null;
      for (const entry of [...revisions].reverse()) {
        const tr = document.createElement('tr');
        tr.dataset.revision = String(entry.revision);
        const cell = (text) => {
          const td = document.createElement('td');
          td.textContent = text;
          tr.append(td);
          return td;
        };
        cell(`r${entry.revision}${entry.revision === latest ? ' (current)' : ''}`);
        const action = cell('');
        if (entry.revision !== latest) {
          const button = document.createElement('button');
          button.type = 'button';
          button.dataset.action = 'rollback';
          button.textContent = `Roll back to r${entry.revision}`;
          button.addEventListener('click', () => rollback(name, entry.revision));
          action.append(button);
        }
        cell(entry.changed.length ? entry.changed.join(', ') : '(first)');
        cell(new Date(entry.at).toLocaleString());
        cell(`${entry.script.split('/').pop()} × ${entry.instances}`).title = entry.script;
        cell(entry.source);
        body.append(tr);
      }
      section.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      say(`history of ${name}: ${error.message}`);
    }
  }

  async function rollback(name, revision) {
    if ((await confirmAction(`Roll ${name} back to revision ${revision}? Its processes are reloaded with that spec.`, null)) === null) return say('rollback: cancelled');
    say(`rolling ${name} back to r${revision}…`);
    try {
      const result = await api(`/api/apps/${encodeURIComponent(name)}/rollback`, { method: 'POST', body: JSON.stringify({ revision }) });
      const steps = result.steps.map((step) => `${step.action} ${step.app}${step.paths.length ? ` (${step.paths.join(', ')})` : ''}`).join('; ');
      say(result.error ? `rollback failed: ${result.error}` : `rolled ${name} back to r${revision}: ${steps || 'nothing to change'}`);
    } catch (error) {
      say(`rollback failed: ${error.message}`);
    }
    if (historyApp === name) showHistory(name);
    refreshApps();
  }

  const cssColor = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  const eventText = (event) => {
    if (event.kind === 'restart') return 'online again';
    if (event.kind === 'start-failed') return 'could not start';
    const how = event.signal ? `ended by ${event.signal}` : `exited with code ${event.code}`;
    return `${how}${event.willRestart ? ', restarted by tend' : ''}`;
  };
  const formatTime = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  let charts = [];

  /** One chart: a line per instance over the steps any of them has, events drawn as vertical lines. */
  function drawChart(element, metrics, field, format, floor, range, events) {
    const times = [...new Set(metrics.instances.flatMap((instance) => instance.at))].sort((a, b) => a - b);
    const lines = metrics.instances.map((instance) => {
      const byTime = new Map(instance.at.map((at, i) => [at, instance[field][i]]));
      return times.map((at) => (byTime.has(at) ? byTime.get(at) : null));
    });
    const fg = cssColor('--fg');
    const grid = cssColor('--line');
    const marks = { exit: cssColor('--bad'), restart: cssColor('--ok'), 'start-failed': cssColor('--warn') };
    const palette = [1, 2, 3, 4, 5].map((n) => cssColor(`--series-${n}`));
    const markEvents = (u) => {
      const { ctx, bbox } = u;
      ctx.save();
      ctx.lineWidth = 2 * devicePixelRatio;
      for (const event of events) {
        const x = Math.round(u.valToPos(event.at / 1000, 'x', true));
        if (x < bbox.left || x > bbox.left + bbox.width) continue;
        ctx.strokeStyle = marks[event.kind];
        ctx.setLineDash(event.kind === 'exit' ? [5 * devicePixelRatio, 4 * devicePixelRatio] : []);
        ctx.beginPath();
        ctx.moveTo(x, bbox.top);
        ctx.lineTo(x, bbox.top + bbox.height);
        ctx.stroke();
      }
      ctx.restore();
    };
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const values = lines.flat().filter((value) => value !== null);
    const plot = new uPlot(
      {
        width: Math.max(240, element.clientWidth),
        height: 170,
        scales: { x: { time: true, range: () => range }, y: { range: (u, min, max) => [0, Math.max(floor, (max || 0) * 1.15)] } },
        series: [
          { value: (u, v) => (v === null ? '–' : formatTime(v * 1000)) },
          ...metrics.instances.map((instance, i) => ({
            label: `id ${instance.pm_id}`,
            stroke: palette[i % palette.length],
            width: 1.5,
            points: { size: 4 },
            value: (u, v) => (v === null || v === undefined ? '–' : format(v)),
          })),
        ],
        axes: [
          // Clock times only (no date), spaced so that they stay apart on a phone.
          { ...axis, space: 90, values: (u, ticks) => ticks.map((tick) => new Date(tick * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', ...(range[1] - range[0] < 900 ? { second: '2-digit' } : {}) })) },
          { ...axis, size: 72, values: (u, ticks) => ticks.map(format) },
        ],
        hooks: { draw: [markEvents] },
      },
      [times.map((at) => at / 1000), ...lines],
      element,
    );
    return { plot, values };
  }

  async function refreshCharts(name) {
    let metrics;
    try {
      metrics = await api(`/api/apps/${encodeURIComponent(name)}/metrics`);
    } catch (error) {
      return say(`charts of ${name}: ${error.message}`);
    }
    if (historyApp !== name) return;
    const events = metrics.instances.flatMap((instance) => instance.events.map((event) => ({ ...event, pm_id: instance.pm_id }))).sort((a, b) => a.at - b.at);
    const now = Date.now();
    const first = Math.min(now - 2 * 60000, ...metrics.instances.flatMap((instance) => instance.at), ...events.map((event) => event.at));
    const range = [Math.max(now - metrics.windowMs, first) / 1000, now / 1000];
    const minutes = Math.round((range[1] - range[0]) / 60);
    for (const chart of charts) chart.destroy();
    const cpu = drawChart($('#chart-cpu'), metrics, 'cpu', (v) => `${Math.round(v * 10) / 10}%`, 5, range, events);
    const memory = drawChart($('#chart-memory'), metrics, 'memory', formatBytes, 1 << 20, range, events);
    charts = [cpu.plot, memory.plot];
    const samples = metrics.instances.reduce((count, instance) => count + instance.at.length, 0);
    const summary = (label, values, format) => (values.length ? `${label} of ${name} over the last ${minutes} minutes: highest ${format(Math.max(...values))}, lowest ${format(Math.min(...values))}` : `${label} of ${name}: no samples yet`);
    $('#chart-cpu').setAttribute('aria-label', summary('CPU', cpu.values, (v) => `${v}%`));
    $('#chart-memory').setAttribute('aria-label', summary('Memory', memory.values, formatBytes));
    $('#chart-cpu').dataset.samples = String(samples);
    $('#chart-note').textContent = `The last ${minutes} minutes, one point per ${metrics.stepMs / 1000} s (its highest sample), kept by the daemon for an hour. Dashed red lines: exits; green: back online.`;
    const list = $('#events');
    list.replaceChildren();
    for (const event of [...events].reverse()) {
      const li = el('li', `${formatTime(event.at)}  id ${event.pm_id}: ${eventText(event)}`, { 'data-kind': event.kind });
      list.append(li);
    }
    if (events.length === 0) list.append(el('li', 'none in the last hour', { class: 'muted' }));
  }
  let resizing = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => { if (historyApp && !$('#details').hidden) refreshCharts(historyApp); }, 250);
  });

  // --- desired state ---
  const el = (tag, text, attributes = {}) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    return node;
  };
  const badge = (status) => el('span', status, { class: `badge badge-${status.replaceAll(' ', '-')}`, 'data-field': 'status' });
  const shown = (value) => (value === null || value === undefined ? '–' : JSON.stringify(value));

  /** The plan's steps as a table of changed fields (before → after), then as tend prints it. */
  function planParts(steps, text) {
    const parts = [];
    if (steps.length) {
      const table = el('table', undefined, { class: 'plan' });
      const head = el('tr');
      for (const label of ['Step', 'App', 'Field', 'Before → after']) head.append(el('th', label, { scope: 'col' }));
      const thead = el('thead');
      thead.append(head);
      const body = el('tbody');
      for (const step of steps) {
        const changes = step.changes.length ? step.changes : [{ path: '', before: null, after: null }];
        for (const change of changes) {
          const tr = el('tr', undefined, { 'data-app': step.app });
          tr.append(el('td', step.action), el('td', step.app), el('td', change.path || step.reason), el('td', `${shown(change.before)} → ${shown(change.after)}`, { class: 'change' }));
          body.append(tr);
        }
      }
      table.append(thead, body);
      const scroll = el('div', undefined, { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Plan steps' });
      scroll.append(table);
      parts.push(scroll);
    }
    if (text && steps.length) {
      const details = el('details', undefined, { class: 'plan-text', open: '' });
      details.append(el('summary', 'As tend prints it'), el('pre', text, { tabindex: '0' }));
      parts.push(details);
    }
    return parts;
  }

  async function refreshSources() {
    const files = $('#file-sources');
    files.setAttribute('aria-busy', 'true');
    try {
      const { files: fileViews, syncs } = await api('/api/sources');
      files.replaceChildren();
      if (fileViews.length === 0) files.append(el('p', 'No app was applied from an ecosystem file.', { class: 'muted' }));
      for (const view of fileViews) {
        const box = el('section', undefined, { class: 'source', 'data-source': view.source });
        const title = el('h3', `${view.source} `);
        title.append(badge(view.status));
        box.append(title, el('p', `apps: ${view.apps.join(', ')}`, { class: 'muted' }));
        if (view.error) box.append(el('p', view.error));
        box.append(...planParts(view.steps, view.text));
        files.append(box);
      }
      const list = $('#sync-sources');
      list.replaceChildren();
      for (const sync of syncs) {
        const box = el('section', undefined, { class: 'source', 'data-sync': sync.name });
        const title = el('h3', `${sync.name} `);
        title.append(badge(sync.suspended ? `${sync.status} (suspended)` : sync.status));
        const actions = el('div', undefined, { class: 'controls' });
        for (const [action, label] of [['now', 'Sync now'], [sync.suspended ? 'resume' : 'suspend', sync.suspended ? 'Resume' : 'Suspend']]) {
          const button = el('button', label, { type: 'button', 'data-action': action, 'aria-label': `${label} ${sync.name}` });
          button.addEventListener('click', () => syncAction(box, sync.name, action, label));
          actions.append(button);
        }
        const plan = el('div', undefined, { class: 'sync-plan', 'aria-live': 'polite' });
        plan.append(el('p', 'fetching the head…', { class: 'muted' }));
        box.append(
          title,
          el('p', `${sync.repo} @ ${sync.ref} : ${sync.path} · applied ${sync.revision ? sync.revision.slice(0, 8) : '–'}`, { class: 'muted' }),
          el('p', [sync.message, ...sync.drift.map((d) => `${d.app}: ${d.detail}`)].filter(Boolean).join('; '), { class: 'sync-message' }),
          actions,
          plan,
        );
        list.append(box);
        showSyncDiff(box, sync.name);
      }
      $('#no-syncs').hidden = syncs.length > 0;
    } catch (error) {
      say(`desired state: ${error.message}`);
    } finally {
      files.setAttribute('aria-busy', 'false');
    }
  }

  /** `tend sync diff`: the head fetched and planned; the source's badge follows what the fetch found. */
  async function showSyncDiff(box, name) {
    const plan = box.querySelector('.sync-plan');
    try {
      const diff = await api(`/api/sync/${encodeURIComponent(name)}/diff`);
      box.querySelector('[data-field="status"]').replaceWith(badge(diff.status));
      box.querySelector('.sync-message').textContent = diff.statusMessage;
      plan.replaceChildren(el('p', diff.message, { class: diff.error ? 'error' : 'muted' }), ...planParts(diff.steps, diff.text));
      plan.dataset.planned = 'true';
      // "Sync now" applies the commit of the plan shown, never a head that moved since.
      if (diff.revision && !diff.error) box.dataset.revision = diff.revision;
    } catch (error) {
      plan.replaceChildren(el('p', `diff failed: ${error.message}`, { class: 'error' }));
    }
  }

  async function syncAction(box, name, action, label) {
    const revision = action === 'now' ? box.dataset.revision : undefined;
    const applies = revision ? ` (applies ${revision.slice(0, 12)}, the plan shown)` : '';
    if ((await confirmAction(`${label} for ${name}?${applies}`, null)) === null) return say(`${label}: cancelled`);
    try {
      const result = await api(`/api/sync/${encodeURIComponent(name)}/${action}`, { method: 'POST', body: JSON.stringify(revision ? { revision } : {}) });
      say(`${label} ${name}: ${result.message || result.status}`);
    } catch (error) {
      say(`${label} ${name} failed: ${error.message}`);
    }
    refreshSources();
  }
  $('#sources-refresh').addEventListener('click', refreshSources);

  // --- logs ---
  const maxLines = 1000;
  let logAbort = null;
  let paused = false;
  const held = [];
  const logList = $('#log-lines');
  const appHue = (name) => String([...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7));

  function updateLogApps(apps) {
    const select = $('#log-app');
    const names = [...new Set(apps.map((app) => app.name))];
    const have = new Set([...select.options].map((option) => option.value));
    for (const name of names) {
      if (!have.has(name)) select.append(new Option(name, name));
    }
  }

  function lineMatches(li) {
    const filter = $('#log-filter').value.toLowerCase();
    return !filter || li.textContent.toLowerCase().includes(filter);
  }

  function addLine(entry) {
    const li = document.createElement('li');
    if (entry.stream === 'err') li.className = 'err';
    const app = document.createElement('span');
    app.className = 'app';
    app.style.setProperty('--hue', appHue(entry.name));
    app.textContent = `${entry.pm_id}|${entry.name} | `;
    li.append(app, document.createTextNode(entry.line));
    li.hidden = !lineMatches(li);
    const atBottom = logList.scrollTop + logList.clientHeight >= logList.scrollHeight - 4;
    logList.append(li);
    while (logList.children.length > maxLines) logList.firstElementChild.remove();
    if (atBottom) logList.scrollTop = logList.scrollHeight;
  }

  async function startLogs() {
    if (logAbort) logAbort.abort();
    const controller = new AbortController();
    logAbort = controller;
    const app = $('#log-app').value;
    try {
      const response = await fetch(`/api/logs${app ? `?app=${encodeURIComponent(app)}` : ''}`, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      logList.dataset.streaming = 'true';
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const chunk = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!chunk.startsWith('data: ')) continue;
          const entry = JSON.parse(chunk.slice(6));
          if (paused) {
            held.push(entry);
            if (held.length > maxLines) held.shift();
          } else addLine(entry);
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) say(`logs: ${error.message}`);
    } finally {
      if (logAbort === controller) logList.dataset.streaming = 'false';
    }
  }

  $('#log-app').addEventListener('change', startLogs);
  $('#log-filter').addEventListener('input', () => {
    for (const li of logList.children) li.hidden = !lineMatches(li);
  });
  $('#log-pause').addEventListener('click', (event) => {
    paused = !paused;
    event.currentTarget.textContent = paused ? 'Resume' : 'Pause';
    event.currentTarget.setAttribute('aria-pressed', String(paused));
    if (!paused) for (const entry of held.splice(0)) addLine(entry);
  });
  $('#log-clear').addEventListener('click', () => logList.replaceChildren());

  refreshApps();
  setInterval(refreshApps, 2000);
})();
