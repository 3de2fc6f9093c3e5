/**
 * The console's stylesheet, served as /app/assets/console.css: one neutral, readable look (system font, 8 px
 * spacing steps, one accent colour), tables that turn into labelled cards below 640 px, and a compact density.
 * @module
 */

export const CONSOLE_STYLE = `:root {
  --bg: #f5f7fa; --card: #fff; --text: #1f2933; --muted: #616e7c; --line: #e4e7eb; --soft: #f0f4f8;
  --accent: #2563eb; --accent-dark: #1d4ed8; --accent-soft: #e8f0fe; --ok: #15803d; --ok-soft: #e7f6ec;
  --warn: #b45309; --warn-soft: #fef3e2; --bad: #b91c1c; --bad-soft: #fdecec; --radius: 10px;
  --space: 16px; --row: 12px;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--text); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
body.compact { --row: 6px; }
a { color: var(--accent); }
h1, h2, h3 { margin: 0 0 8px; line-height: 1.25; }
h1 { font-size: 22px; } h2 { font-size: 18px; } h3 { font-size: 15px; margin-top: 20px; }
p { margin: 0 0 12px; }
:focus-visible { outline: 3px solid #93b4f8; outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
[hidden] { display: none !important; }

.top { background: #fff; border-bottom: 1px solid var(--line); }
.top-inner { max-width: 1120px; margin: 0 auto; padding: 12px var(--space); display: flex; flex-wrap: wrap; align-items: center; gap: 10px 20px; }
.brand { display: inline-flex; align-items: center; gap: 8px; font-weight: 700; font-size: 17px; color: var(--text); text-decoration: none; }
.brand-mark { display: inline-grid; place-items: center; width: 28px; height: 28px; border-radius: 8px; background: var(--accent); color: #fff; font-weight: 700; }
.statuses { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; flex: 1; }
.status { display: inline-flex; align-items: center; gap: 6px; padding: 3px 10px; border-radius: 999px; background: var(--soft); font-size: 13px; color: var(--muted); }
.status-label { font-weight: 600; color: var(--text); }
.status-dot { width: 8px; height: 8px; border-radius: 50%; background: #9aa5b1; }
.status-ok .status-dot { background: var(--ok); }
.status-off .status-dot { background: var(--bad); }
.who { margin: 0; color: var(--muted); font-size: 13px; }
.tabs { max-width: 1120px; margin: 0 auto; padding: 0 var(--space); display: flex; gap: 4px; }
.tabs a { padding: 8px 12px; color: var(--muted); text-decoration: none; border-bottom: 2px solid transparent; font-weight: 600; font-size: 14px; }
.tabs a[aria-current="page"] { color: var(--accent); border-bottom-color: var(--accent); }

.page { max-width: 1120px; margin: 0 auto; padding: 20px var(--space) 48px; display: grid; gap: 20px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 20px; box-shadow: 0 1px 2px rgba(16, 24, 40, .04); min-width: 0; }
.card-head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px; margin-bottom: 12px; }
.card-head h2 { margin: 0; }
.card-tools { display: flex; gap: 8px; align-items: center; }
.lead { color: var(--muted); }
.note { color: var(--muted); font-size: 13px; margin: 12px 0 0; }
.hint { color: var(--muted); font-size: 13px; margin: 4px 0; }
.empty { color: var(--muted); margin: 8px 0; }
.error { color: var(--bad); background: var(--bad-soft); border-radius: 8px; padding: 8px 12px; margin: 12px 0 0; }
.success { color: var(--ok); background: var(--ok-soft); border-radius: 8px; padding: 8px 12px; }

.steps { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 16px; margin-top: 16px; }
.step { border: 1px solid var(--line); border-radius: var(--radius); padding: 16px; margin: 0; min-width: 0; background: #fcfdfe; }
.step legend { float: left; width: 100%; display: flex; flex-direction: column; padding: 0; margin: 0 0 4px; }
.step legend + * { clear: both; }
.step-no { font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--accent); }
.step-title { font-size: 17px; font-weight: 700; }
.step-text { color: var(--muted); font-size: 13px; }
.field { margin-top: 14px; }
fieldset.plain { border: none; padding: 0; margin-left: 0; margin-right: 0; min-width: 0; }
fieldset.plain > legend { padding: 0; }
label, .field-label { display: block; font-weight: 600; font-size: 14px; margin-bottom: 4px; }
input[type="search"], input[type="text"], select { width: 100%; font: inherit; padding: 8px 10px; border: 1px solid #cbd2d9; border-radius: 8px; background: #fff; color: var(--text); }
select { width: auto; }
input[type="search"]:focus, input[type="text"]:focus, select:focus { border-color: var(--accent); }
.picker + .field, .picker + .picker, .field + .picker { margin-top: 14px; }
.picked { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 8px 10px; border-radius: 8px; background: var(--accent-soft); }
.picked-name { display: flex; flex-direction: column; min-width: 0; overflow-wrap: anywhere; }
.picked-name small { color: var(--muted); font-size: 12px; }
.results { list-style: none; margin: 4px 0 0; padding: 0; display: grid; gap: 2px; }
.result { width: 100%; text-align: left; display: flex; flex-direction: column; padding: 6px 10px; border: 1px solid transparent; border-radius: 8px; background: none; font: inherit; cursor: pointer; color: var(--text); }
.result small { color: var(--muted); }
.result:hover, .result:focus-visible { background: var(--soft); border-color: var(--line); }
.segmented { display: flex; flex-wrap: wrap; gap: 6px; }
.segmented label { display: inline-flex; align-items: center; gap: 6px; font-weight: 500; padding: 6px 12px; border: 1px solid #cbd2d9; border-radius: 8px; cursor: pointer; margin: 0; }
.segmented label:has(input:checked) { border-color: var(--accent); background: var(--accent-soft); color: var(--accent-dark); }
.check { display: flex; align-items: center; gap: 8px; font-weight: 500; margin: 6px 0; }
.check input { width: 16px; height: 16px; margin: 0; flex: none; }
.kinds { display: grid; gap: 2px; }
.kind .count { margin-left: auto; font-variant-numeric: tabular-nums; color: var(--muted); background: var(--soft); border-radius: 999px; padding: 0 8px; font-size: 13px; }
.echo { display: block; margin-top: 6px; font-size: 13px; min-height: 1em; }
.echo.ok { color: var(--ok); }
.echo.bad { color: var(--bad); }
.actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 16px; flex-wrap: wrap; }

.button { display: inline-flex; align-items: center; justify-content: center; gap: 6px; font: inherit; font-weight: 600; padding: 8px 16px; border-radius: 8px; border: 1px solid #cbd2d9; background: #fff; color: var(--text); cursor: pointer; text-decoration: none; }
.button:hover { background: var(--soft); }
.button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.button.primary:hover { background: var(--accent-dark); }
.button.small { padding: 4px 10px; font-size: 13px; }
.button.danger { color: var(--bad); }
.button:disabled { opacity: .5; cursor: not-allowed; }
.button[aria-pressed="true"] { background: var(--accent-soft); border-color: var(--accent); color: var(--accent-dark); }
.link-button { background: none; border: none; padding: 0; font: inherit; color: var(--accent); cursor: pointer; text-decoration: underline; }

.summary { font-weight: 600; }
.report-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; align-items: start; }
caption { text-align: left; font-weight: 600; padding-bottom: 6px; }

.chips { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 12px; }
.chip { font: inherit; font-size: 13px; font-weight: 600; padding: 4px 12px; border-radius: 999px; border: 1px solid var(--line); background: #fff; color: var(--muted); cursor: pointer; }
.chip[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
.table-wrap { overflow-x: auto; }
.table { width: 100%; border-collapse: collapse; font-size: 14px; }
.table th { text-align: left; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; padding: 8px 10px; border-bottom: 1px solid var(--line); white-space: nowrap; }
.table td { padding: var(--row) 10px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
.table tr.selected td { background: var(--accent-soft); }
.table .num { text-align: right; font-variant-numeric: tabular-nums; }
.sub { display: block; color: var(--muted); font-size: 12px; }
.row-actions { display: flex; flex-wrap: wrap; gap: 4px; }
.progress { width: 120px; height: 6px; border-radius: 999px; background: var(--soft); overflow: hidden; }
.progress span { display: block; height: 100%; background: var(--accent); transition: width .3s; }
.progress-text { color: var(--muted); font-size: 12px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; background: var(--soft); color: var(--muted); white-space: nowrap; }
.badge-completed, .badge-returned, .badge-item-moved, .badge-item-returned { background: var(--ok-soft); color: var(--ok); }
.badge-running, .badge-returning, .badge-scheduled, .badge-item-pending { background: var(--accent-soft); color: var(--accent-dark); }
.badge-return_scheduled, .badge-completed_with_errors, .badge-item-kept, .badge-item-skipped { background: var(--warn-soft); color: var(--warn); }
.badge-failed, .badge-item-failed, .badge-item-gone { background: var(--bad-soft); color: var(--bad); }
.pager { display: flex; gap: 8px; justify-content: flex-end; margin-top: 12px; }
.audit { list-style: none; margin: 8px 0 0; padding: 0; border-left: 2px solid var(--line); }
.audit li { padding: 4px 0 4px 14px; position: relative; font-size: 14px; }
.audit li::before { content: ""; position: absolute; left: -5px; top: 11px; width: 8px; height: 8px; border-radius: 50%; background: var(--accent); }
.audit time { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: 8px; }
.audit strong { margin-right: 6px; }

.guide ul, .guide ol { padding-left: 20px; margin: 0 0 12px; }
.guide li { margin: 4px 0; }
.guide h2 { margin-top: 20px; }
.refused { min-height: 100vh; display: grid; place-items: center; padding: var(--space); }
.refused-card { max-width: 460px; text-align: center; }
.refused-card .brand-mark { margin-bottom: 12px; }

@media (max-width: 900px) {
  .steps { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 640px) {
  :root { --space: 12px; }
  .card { padding: 14px; }
  .report-grid { grid-template-columns: minmax(0, 1fr); }
  .statuses { flex-basis: 100%; order: 3; }
  .who { width: 100%; order: 2; }
  #history thead, #items thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  #history tr, #items tr { display: block; border-bottom: 1px solid var(--line); padding: 6px 0; }
  #history td, #items td { display: grid; grid-template-columns: 96px minmax(0, 1fr); column-gap: 8px; border: none; padding: 3px 4px; justify-items: start; }
  #history td::before, #items td::before { content: attr(data-label); color: var(--muted); font-size: 12px; font-weight: 600; grid-column: 1; grid-row: 1 / span 3; }
  #history td > *, #items td > * { grid-column: 2; }
  #history td.empty, #items td.empty { display: block; }
  #history td.empty::before { content: none; }
  .actions .button { flex: 1; }
}
`;
