/**
 * The console's client script, served as /app/assets/console.js: plain browser JavaScript (no framework, no build
 * step) that fills the server-rendered page — people search, date echo, counts, preview, start, Job History with
 * polling for live progress, Changed Entities and the audit trail. Every POST carries the CSRF token from the
 * page's meta tag. Kept as a string so the server serves it from the compiled output; a unit test parses it.
 * Written without template literals (it sits inside one).
 * @module
 */

import { ZONE_ALIASES } from '../../../commands/time-zone.js';

export const CONSOLE_SCRIPT = `(function () {
  'use strict';
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  var tz = 'UTC';
  try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch (e) { /* keep UTC */ }
  // A legacy name the browser may report ("Europe/Kiev") shown and sent as today's ("Europe/Kyiv"), if Intl knows it.
  var zoneAliases = ${JSON.stringify(ZONE_ALIASES)};
  if (zoneAliases[tz]) { try { new Intl.DateTimeFormat(undefined, { timeZone: zoneAliases[tz] }); tz = zoneAliases[tz]; } catch (e) { /* keep */ } }
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === 'text') node.textContent = v;
      else if (k === 'class') node.className = v;
      else if (k.slice(0, 2) === 'on') node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    });
    (children || []).forEach(function (c) { if (c !== null && c !== undefined) node.append(c); });
    return node;
  }

  function api(method, path, body, headers) {
    var h = { accept: 'application/json' };
    if (method !== 'GET') { h['content-type'] = 'application/json'; h['x-csrf-token'] = csrf; }
    Object.keys(headers || {}).forEach(function (k) { h[k] = headers[k]; });
    return fetch('/app/api' + path, {
      method: method, headers: h, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (json) {
        if (!res.ok) {
          var err = new Error(localDates((json.error && json.error.message) || ('The console could not do that (' + res.status + ').')));
          err.status = res.status;
          err.body = json.error || null;
          throw err;
        }
        return json;
      });
    });
  }

  function when(iso) {
    if (!iso) return '';
    return new Intl.DateTimeFormat(undefined, { timeZone: tz, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }
  // The server writes instants it can't place in a zone as '2026-12-07 09:00 UTC'; the viewer reads them in theirs.
  function localDates(text) {
    return String(text).replace(/(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}) UTC/g, function (all, day, time) {
      var at = new Date(day + 'T' + time + ':00Z');
      return isNaN(at.getTime()) ? all : when(at.toISOString()) + ' (' + tz + ')';
    });
  }
  function debounce(fn, ms) {
    var t;
    return function () { var args = arguments; clearTimeout(t); t = setTimeout(function () { fn.apply(null, args); }, ms); };
  }
  function show(node, on) { node.hidden = !on; }
  function fail(node, err) { node.textContent = err.message; show(node, true); }

  $('tz').textContent = tz;

  // ---- Step 1: people pickers ----------------------------------------------------------------------------
  var picked = { from: null, to: null };
  function setupPicker(id) {
    var q = $(id + '-q'), results = $(id + '-results');
    var search = debounce(function () {
      api('GET', '/people?q=' + encodeURIComponent(q.value.trim())).then(function (json) {
        results.replaceChildren();
        if (q.value.trim() === '') return;
        if (json.people.length === 0) { results.append(el('li', { class: 'hint', text: 'Nobody matches “' + q.value.trim() + '”.' })); return; }
        json.people.slice(0, 8).forEach(function (p) {
          results.append(el('li', null, [el('button', {
            type: 'button', class: 'result', 'data-person': String(p.id),
            onclick: function () { pick(id, p); }
          }, [el('span', { text: p.name }), p.email ? el('small', { text: p.email }) : null])]));
        });
      }).catch(function (err) { results.replaceChildren(el('li', { class: 'error', text: err.message })); });
    }, 200);
    q.addEventListener('input', search);
    q.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') { var first = results.querySelector('button'); if (first) { e.preventDefault(); first.focus(); } }
      if (e.key === 'Enter') { e.preventDefault(); var only = results.querySelector('button'); if (only) only.click(); }
    });
    results.addEventListener('keydown', function (e) {
      var buttons = Array.prototype.slice.call(results.querySelectorAll('button'));
      var i = buttons.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' && i < buttons.length - 1) { e.preventDefault(); buttons[i + 1].focus(); }
      if (e.key === 'ArrowUp') { e.preventDefault(); if (i > 0) buttons[i - 1].focus(); else q.focus(); }
    });
  }
  function pick(id, person) {
    picked[id] = person;
    $(id + '-picked-name').replaceChildren(el('strong', { text: person.name }), person.email ? el('small', { text: person.email }) : null);
    show($(id + '-picked'), true);
    show($(id + '-q'), false);
    $(id + '-results').replaceChildren();
    planChanged();
    if (id === 'from') loadKinds();
    var next = id === 'from' ? (toType() === 'user' && !picked.to ? $('to-q') : document.querySelector('input[name="mode"]:checked')) : document.querySelector('input[name="mode"]:checked');
    (next || $(id + '-picked').querySelector('button')).focus();
  }
  document.querySelectorAll('[data-unpick]').forEach(function (b) {
    b.addEventListener('click', function () {
      var id = b.getAttribute('data-unpick');
      picked[id] = null;
      show($(id + '-picked'), false);
      show($(id + '-q'), true);
      $(id + '-q').value = '';
      $(id + '-q').focus();
      if (id === 'from') { $('kinds').replaceChildren(el('p', { class: 'hint', text: 'Choose the current owner to see their items.' })); }
      planChanged();
    });
  });
  setupPicker('from');
  setupPicker('to');
  function toType() { return document.querySelector('input[name="toType"]:checked').value; }
  document.querySelectorAll('input[name="toType"]').forEach(function (r) {
    r.addEventListener('change', function () { show(document.querySelector('[data-picker="to"]'), toType() === 'user'); planChanged(); });
  });

  // ---- Step 2: when --------------------------------------------------------------------------------------
  function mode() { return document.querySelector('input[name="mode"]:checked').value; }
  var phrases = { 'return': { ok: false }, start: { ok: false } };
  function echo(which) {
    var input = $(which + '-phrase'), out = $(which + '-echo');
    var text = input.value.trim();
    if (text === '') { out.textContent = ''; out.className = 'echo'; phrases[which] = { ok: false }; return; }
    api('GET', '/when?phrase=' + encodeURIComponent(text) + '&timeZone=' + encodeURIComponent(tz)).then(function (json) {
      if (input.value.trim() !== text) return;
      phrases[which] = { ok: true, iso: json.iso };
      out.textContent = (which === 'return' ? 'Returns ' : 'Starts ') + json.text;
      out.className = 'echo ok';
    }).catch(function (err) {
      if (input.value.trim() !== text) return;
      phrases[which] = { ok: false };
      out.textContent = err.message;
      out.className = 'echo bad';
    });
  }
  var echoReturn = debounce(function () { echo('return'); }, 250);
  var echoStart = debounce(function () { echo('start'); }, 250);
  $('return-phrase').addEventListener('input', function () { planChanged(); echoReturn(); });
  $('start-phrase').addEventListener('input', function () { planChanged(); echoStart(); });
  document.querySelectorAll('input[name="mode"]').forEach(function (r) {
    r.addEventListener('change', function () {
      var temporary = mode() === 'temporary';
      show($('return-field'), temporary);
      $('opt-force-return').disabled = !temporary;
      if (!temporary) $('opt-force-return').checked = false;
      planChanged();
    });
  });
  $('start-later').addEventListener('change', function () { show($('start-field'), $('start-later').checked); planChanged(); });

  // ---- Step 3: what --------------------------------------------------------------------------------------
  var kindsRequest = 0;
  // Settles when Step 3's kinds are on the page: Preview waits for it rather than read an empty list.
  var kindsReady = Promise.resolve();
  function loadKinds() {
    if (!picked.from) return;
    var box = $('kinds'), mine = ++kindsRequest;
    box.replaceChildren(el('p', { class: 'hint', text: 'Counting ' + picked.from.name + '’s items…' }));
    kindsReady = api('GET', '/people/' + picked.from.id + '/kinds?allItems=' + ($('opt-all-items').checked ? '1' : '0')).then(function (json) {
      if (mine !== kindsRequest) return;
      var shown = json.kinds.filter(function (k) { return k.count > 0; });
      box.replaceChildren();
      if (shown.length === 0) { box.append(el('p', { class: 'hint', text: picked.from.name + ' has no ' + ($('opt-all-items').checked ? '' : 'open ') + 'items to hand over.' })); return; }
      shown.forEach(function (k) {
        box.append(el('label', { class: 'check kind' }, [
          el('input', { type: 'checkbox', name: 'kind', value: k.kind, checked: true, onchange: planChanged }),
          el('span', { text: ' ' + k.label + ' ' }),
          el('span', { class: 'count', text: String(k.count) })
        ]));
      });
    }).catch(function (err) { if (mine === kindsRequest) box.replaceChildren(el('p', { class: 'error', text: err.message })); });
  }
  $('opt-all-items').addEventListener('change', function () { loadKinds(); planChanged(); });
  ['opt-dry-run', 'opt-force-return', 'opt-notify'].forEach(function (id) { $(id).addEventListener('change', planChanged); });

  // ---- Preview, Action Report, Start ---------------------------------------------------------------------
  var previewed = null;
  function planChanged() {
    previewed = null;
    $('start').disabled = true;
    show($('plan-error'), false);
  }
  function buildPlan() {
    if (!picked.from) throw new Error('Step 1: choose the current owner.');
    var plan = { from: { id: picked.from.id } };
    if (toType() === 'head') plan.to = chosenHead && chosenHead.fromId === picked.from.id ? { type: 'head', departmentId: chosenHead.departmentId } : { type: 'head' };
    else if (!picked.to) throw new Error('Step 1: choose who takes over.');
    else plan.to = { type: 'user', id: picked.to.id };
    if (mode() === 'temporary') {
      var r = $('return-phrase').value.trim();
      if (r === '') throw new Error('Step 2: say when the items come back, e.g. “next Monday 9am”.');
      plan.returnAt = { phrase: r, timeZone: tz };
    }
    if ($('start-later').checked) {
      var s = $('start-phrase').value.trim();
      if (s === '') throw new Error('Step 2: say when to start, e.g. “Dec 20 9am”.');
      plan.start = { phrase: s, timeZone: tz };
    }
    var kinds = Array.prototype.slice.call(document.querySelectorAll('input[name="kind"]'));
    var chosen = kinds.filter(function (k) { return k.checked; }).map(function (k) { return k.value; });
    if (kinds.length === 0) throw new Error('Step 3: there is nothing to hand over.');
    if (chosen.length === 0) throw new Error('Step 3: choose at least one kind of item.');
    plan.kinds = chosen;
    plan.dryRun = $('opt-dry-run').checked;
    plan.forceReturn = $('opt-force-return').checked;
    plan.allItems = $('opt-all-items').checked;
    plan.notify = $('opt-notify').checked;
    return plan;
  }
  function kindLabel(kind) {
    var box = document.querySelector('input[name="kind"][value="' + kind + '"]');
    return box ? box.parentNode.querySelector('span').textContent.trim() : kind;
  }
  function renderReport(p) {
    var report = $('report');
    report.replaceChildren();
    var names = [];
    p.countsByTarget.forEach(function (t) { var n = t.name || ('user #' + t.userId); if (names.indexOf(n) < 0) names.push(n); });
    var summary = (p.dryRun ? 'Dry run: would move ' : 'Move ') + p.total + ' item' + (p.total === 1 ? '' : 's') + ' from ' + (p.from.name || ('user #' + p.from.id)) + (names.length ? ' to ' + names.join(', ') : '') + (p.mode === 'temporary' ? ' until ' + when(p.returnAt) : ' for good') + (p.startAt ? ', starting ' + when(p.startAt) : '') + '.';
    report.append(el('p', { class: 'summary', text: summary }));
    if (p.total === 0) report.append(el('p', { class: 'empty', text: 'Nothing to move with this selection. Tick “All items” to include closed ones.' }));
    var byKind = el('table', { class: 'table compact-table' }, [
      el('caption', { text: 'Per kind' }),
      el('thead', null, [el('tr', null, [el('th', { scope: 'col', text: 'Kind' }), el('th', { scope: 'col', class: 'num', text: 'Items' })])]),
      el('tbody', null, Object.keys(p.countsByKind).map(function (k) {
        return el('tr', null, [el('td', { text: kindLabel(k) }), el('td', { class: 'num', text: String(p.countsByKind[k]) })]);
      }))
    ]);
    var receivers = {};
    p.countsByTarget.forEach(function (t) {
      var r = receivers[t.userId] || (receivers[t.userId] = { name: t.name || ('user #' + t.userId), total: 0, kinds: [] });
      r.total += t.count;
      if (t.count > 0) r.kinds.push(kindLabel(t.kind) + ' ' + t.count);
    });
    var byReceiver = el('table', { class: 'table compact-table' }, [
      el('caption', { text: 'Per receiver' }),
      el('thead', null, [el('tr', null, [el('th', { scope: 'col', text: 'Receiver' }), el('th', { scope: 'col', text: 'What' }), el('th', { scope: 'col', class: 'num', text: 'Items' })])]),
      el('tbody', null, Object.keys(receivers).map(function (id) {
        var r = receivers[id];
        return el('tr', null, [el('td', { text: r.name }), el('td', { text: r.kinds.join(', ') || '—' }), el('td', { class: 'num', text: String(r.total) })]);
      }))
    ]);
    report.append(el('div', { class: 'report-grid' }, [byKind, byReceiver]));
  }
  // The receiver is away: offer their backup in one click, as Slack's "Hand to … instead" button does.
  function offerBackup(error) {
    if (!error || error.code !== 'receiver_away' || !error.backup || error.field !== 'to') return;
    var backup = error.backup;
    $('plan-error').append(' ', el('button', { type: 'button', class: 'button small', id: 'hand-to-backup', text: 'Hand to ' + backup.name + ' instead', onclick: function () {
      document.querySelector('input[name="toType"][value="user"]').checked = true;
      show(document.querySelector('[data-picker="to"]'), true);
      pick('to', { id: backup.id, name: backup.name });
      $('plan').requestSubmit();
    } }));
  }
  // The owner sits in several departments: offer each department's head, as the API's heads list allows.
  var chosenHead = null;
  function offerHeads(error) {
    if (!error || error.code !== 'ambiguous_head' || !error.heads || !error.heads.length || !picked.from) return;
    var fromId = picked.from.id;
    var choices = el('span', { class: 'choices', id: 'head-choices' });
    error.heads.forEach(function (head) {
      choices.append(' ', el('button', { type: 'button', class: 'button small', text: 'Hand to ' + head.name + ' (head of ' + head.departmentName + ')', onclick: function () {
        chosenHead = { fromId: fromId, departmentId: head.departmentId };
        $('plan').requestSubmit();
      } }));
    });
    $('plan-error').append(choices);
  }
  $('plan').addEventListener('submit', function (e) {
    e.preventDefault();
    kindsReady.then(previewPlan);
  });
  function previewPlan() {
    var plan;
    try { plan = buildPlan(); } catch (err) { fail($('plan-error'), err); return; }
    $('preview').disabled = true;
    $('report').replaceChildren(el('p', { class: 'empty', text: 'Counting…' }));
    api('POST', '/preview', plan).then(function (p) {
      show($('plan-error'), false);
      renderReport(p);
      previewed = { plan: plan, key: 'k' + Date.now().toString(36) + Math.random().toString(36).slice(2) };
      $('start').disabled = p.total === 0;
      if (p.total > 0) $('start').focus();
    }).catch(function (err) {
      $('report').replaceChildren(el('p', { class: 'empty', text: 'No preview.' }));
      fail($('plan-error'), err);
      offerBackup(err.body);
      offerHeads(err.body);
    }).then(function () { $('preview').disabled = false; });
  }
  $('start').addEventListener('click', function () {
    if (!previewed) return;
    $('start').disabled = true;
    api('POST', '/handoffs', previewed.plan, { 'idempotency-key': previewed.key }).then(function (h) {
      previewed = null;
      $('report').prepend(el('p', { class: 'success', role: 'status', text: h.id + (h.startAt ? ' is scheduled for ' + when(h.startAt) + '.' : ' has started.') + ' Follow it in Job History.' }));
      history.cursors = [];
      history.cursor = null;
      loadHistory().then(function () { selectJob(h.id); });
    }).catch(function (err) { fail($('plan-error'), err); $('start').disabled = false; });
  });

  // ---- Job History ---------------------------------------------------------------------------------------
  var STATUS_WORDS = {
    scheduled: 'Scheduled', running: 'Running', completed: 'Completed', completed_with_errors: 'Completed with errors',
    failed: 'Failed', cancelled: 'Cancelled', return_scheduled: 'Scheduled return', returning: 'Returning', returned: 'Returned'
  };
  var ACTIVE = ['scheduled', 'running', 'returning'];
  var ACTION_WORDS = { cancel: 'Cancel', retry: 'Retry failed', return_now: 'Return now', undo: 'Undo' };
  var ACTION_PATHS = { cancel: 'cancel', retry: 'retry', return_now: 'return', undo: 'undo' };
  var history = { statuses: '', cursor: null, cursors: [], next: null, rows: [] };
  var selected = null;

  // A robot handoff that stopped before reading its document names the robot's user on both sides (as the CLI's
  // bot/cli/render-source.ts sidesOf): say the document's owner and the role instead.
  function sidesOf(h) {
    if (h.source && Object.keys(h.targets).length === 0) {
      var doc = (h.source.document.kind === 'deals' ? 'deal ' : 'lead ') + h.source.document.id;
      return 'the owner of ' + doc + ' → ' + (h.source.role ? 'role ' + h.source.role : targetName(h));
    }
    return (h.from.name || ('user #' + h.from.id)) + ' → ' + targetName(h);
  }
  function targetName(h) {
    if (h.to.type === 'user') return h.to.name || ('user #' + h.to.id);
    if (h.to.type === 'head') return 'their head';
    return h.to.name || ('department #' + h.to.id);
  }
  function done(h) { return h.total - h.counts.pending; }
  function progressCell(h) {
    var pct = h.total === 0 ? 0 : Math.round((done(h) / h.total) * 100);
    // Set through the CSSOM: a style attribute is refused by the page's CSP (style-src 'self'), leaving every bar full.
    var bar = el('span');
    bar.style.width = pct + '%';
    return el('td', { 'data-label': 'Progress' }, [
      el('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(h.total), 'aria-valuenow': String(done(h)), 'aria-label': h.id + ' progress' }, [bar]),
      el('small', { class: 'progress-text', text: done(h) + ' / ' + h.total + (h.counts.failed ? ' · ' + h.counts.failed + ' failed' : '') })
    ]);
  }
  function runAction(h, action) {
    if ((action === 'undo' || action === 'cancel') && !window.confirm(ACTION_WORDS[action] + ' ' + h.id + '?')) return;
    api('POST', '/handoffs/' + h.id + '/' + ACTION_PATHS[action], {}).then(function () { return loadHistory(); })
      .then(function () { if (selected === h.id) loadJob(); })
      .catch(function (err) { fail($('history-error'), err); });
  }
  function robotSource(h) {
    if (!h.source) return '';
    var doc = (h.source.document.kind === 'deals' ? 'deal ' : 'lead ') + h.source.document.id;
    return ' · robot: ' + doc + (h.source.role ? ' → role ' + h.source.role : '');
  }
  function renderHistory() {
    var body = $('history').tBodies[0];
    body.replaceChildren();
    if (history.rows.length === 0) {
      body.append(el('tr', null, [el('td', { colspan: '6', class: 'empty', text: history.statuses ? 'No jobs with this status.' : 'No transfers yet. Set one up above.' })]));
    }
    history.rows.forEach(function (h) {
      var tr = el('tr', { 'data-job': h.id, class: selected === h.id ? 'selected' : '' }, [
        el('td', { 'data-label': 'Job' }, [el('button', { type: 'button', class: 'link-button job-link', 'aria-label': 'Show ' + h.id, onclick: function () { selectJob(h.id); } }, [h.id])]),
        el('td', { 'data-label': 'Status' }, [el('span', { class: 'badge badge-' + h.status, text: (STATUS_WORDS[h.status] || h.status) + (h.cancelRequested && h.status === 'running' ? ' (stopping)' : '') })]),
        el('td', { 'data-label': 'Transfer' }, [
          el('span', { class: 'people', text: sidesOf(h) }),
          el('small', { class: 'sub', text: (h.mode === 'temporary' ? 'Temporary · back ' + when(h.returnAt) : 'Permanent') + (h.options.dryRun ? ' · dry run' : '') + robotSource(h) })
        ]),
        progressCell(h),
        el('td', { 'data-label': 'Created', text: when(h.createdAt) }),
        el('td', { 'data-label': 'Actions' }, [el('div', { class: 'row-actions' }, h.actions.map(function (a) {
          return el('button', { type: 'button', class: 'button small' + (a === 'undo' || a === 'cancel' ? ' danger' : ''), onclick: function () { runAction(h, a); } }, [(ACTION_WORDS[a] || a)]);
        }))])
      ]);
      body.append(tr);
    });
    $('newer').disabled = history.cursors.length === 0;
    $('older').disabled = !history.next;
  }
  function loadHistory() {
    var q = '?limit=10' + (history.statuses ? '&status=' + history.statuses : '') + (history.cursor ? '&cursor=' + history.cursor : '');
    return api('GET', '/handoffs' + q).then(function (json) {
      history.rows = json.handoffs;
      history.next = json.nextCursor;
      show($('history-error'), false);
      renderHistory();
    }).catch(function (err) { fail($('history-error'), err); });
  }
  document.querySelectorAll('[data-chip]').forEach(function (chip) {
    chip.addEventListener('click', function () {
      document.querySelectorAll('[data-chip]').forEach(function (c) { c.setAttribute('aria-pressed', String(c === chip)); });
      history.statuses = chip.getAttribute('data-chip');
      history.cursor = null; history.cursors = [];
      loadHistory();
    });
  });
  $('older').addEventListener('click', function () { history.cursors.push(history.cursor); history.cursor = history.next; loadHistory(); });
  $('newer').addEventListener('click', function () { history.cursor = history.cursors.pop() || null; loadHistory(); });
  $('density').addEventListener('click', function () {
    var compact = $('density').getAttribute('aria-pressed') !== 'true';
    $('density').setAttribute('aria-pressed', String(compact));
    document.body.classList.toggle('compact', compact);
    try { localStorage.setItem('handoff.compact', compact ? '1' : '0'); } catch (e) { /* private mode */ }
  });
  try { if (localStorage.getItem('handoff.compact') === '1') $('density').click(); } catch (e) { /* private mode */ }

  // ---- Changed Entities and the audit trail ---------------------------------------------------------------
  var items = { cursor: null, status: '' };
  function selectJob(id) {
    selected = id;
    items.cursor = null;
    renderHistory();
    $('items-title').textContent = 'Changed Entities — ' + id;
    $('item-status').disabled = false;
    loadJob();
    $('items-card').scrollIntoView({ block: 'start' });
  }
  function itemRow(it) {
    var title = it.url ? el('a', { href: it.url, target: '_blank', rel: 'noopener noreferrer', text: it.title || ('#' + it.itemId) }) : document.createTextNode(it.title || ('#' + it.itemId));
    return el('tr', null, [
      el('td', { 'data-label': 'Entity', text: it.kindLabel }),
      el('td', { 'data-label': 'ID', text: String(it.itemId) }),
      el('td', { 'data-label': 'Name' }, [title]),
      el('td', { 'data-label': 'Status' }, [el('span', { class: 'badge badge-item-' + it.status, text: it.status.charAt(0).toUpperCase() + it.status.slice(1) })]),
      el('td', { 'data-label': 'Holder now', text: it.holderName || '—' }),
      el('td', { 'data-label': 'Action', text: it.action })
    ]);
  }
  function loadItems(append) {
    var q = '?limit=50' + (items.status ? '&status=' + items.status : '') + (append && items.cursor ? '&cursor=' + encodeURIComponent(items.cursor) : '');
    return api('GET', '/handoffs/' + selected + '/items' + q).then(function (json) {
      var body = $('items').tBodies[0];
      if (!append) body.replaceChildren();
      json.items.forEach(function (it) { body.append(itemRow(it)); });
      items.cursor = json.nextCursor;
      show($('items-more'), !!json.nextCursor);
      var none = body.children.length === 0;
      show($('items'), !none);
      show($('items-empty'), none);
      $('items-empty').textContent = none ? (items.status ? 'No items with this status.' : 'No items yet.') : '';
    });
  }
  function loadEvents() {
    return api('GET', '/handoffs/' + selected + '/events').then(function (json) {
      var list = $('audit');
      list.replaceChildren();
      json.events.forEach(function (e) {
        list.append(el('li', null, [
          el('time', { datetime: e.at, text: when(e.at) }),
          el('strong', { text: e.who }),
          el('span', { text: e.text })
        ]));
      });
      show($('audit-title'), json.events.length > 0);
    });
  }
  function loadJob() {
    if (!selected) return;
    var csv = $('csv');
    csv.href = '/app/handoffs/' + selected + '/items.csv' + (items.status ? '?status=' + items.status : '');
    csv.setAttribute('download', 'handoff-' + selected + '-items.csv');
    show(csv, true);
    return Promise.all([loadItems(false), loadEvents()]).catch(function (err) { fail($('history-error'), err); });
  }
  $('item-status').addEventListener('change', function () { items.status = $('item-status').value; items.cursor = null; loadJob(); });
  $('items-more').addEventListener('click', function () { loadItems(true); });

  // ---- Live progress: poll while something runs ----------------------------------------------------------
  var lastSeen = {};
  function poll() {
    var running = history.rows.some(function (h) { return ACTIVE.indexOf(h.status) >= 0; });
    if (!running || document.hidden) return;
    loadHistory().then(function () {
      history.rows.forEach(function (h) {
        var key = h.status + ':' + done(h);
        if (h.id === selected && lastSeen[h.id] !== key) loadJob();
        lastSeen[h.id] = key;
      });
    });
  }
  setInterval(poll, 1500);
  loadHistory();
})();
`;
