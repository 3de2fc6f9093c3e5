/**
 * `GET /app`: Transfer Setup (Who → When → What), the Action Report, Job History and Changed Entities with the
 * job's audit trail. The markup is complete and labelled here; assets/console-script.ts fills in the data.
 * @module
 */
import type { FC } from 'hono/jsx';
import { Document, Header, type HeaderFacts } from './layout.js';

/** Job History's chips: a status word people use → the handoff statuses it covers. */
export const HISTORY_CHIPS = [
  { id: 'completed', label: 'Completed', statuses: 'completed,returned' },
  { id: 'return_scheduled', label: 'Scheduled return', statuses: 'return_scheduled' },
  { id: 'running', label: 'Running', statuses: 'scheduled,running,returning' },
  { id: 'failed', label: 'Failed', statuses: 'failed,completed_with_errors' },
  { id: 'cancelled', label: 'Cancelled', statuses: 'cancelled' },
] as const;

const ITEM_FILTERS = [
  ['', 'All statuses'],
  ['moved', 'Moved'],
  ['waiting', 'Waiting for a later handoff'],
  ['returned', 'Returned'],
  ['kept', 'Kept'],
  ['skipped', 'Skipped'],
  ['failed', 'Failed'],
  ['pending', 'Pending'],
  ['gone', 'Deleted'],
] as const;

const PersonPicker: FC<{ id: string; label: string; hint: string }> = ({ id, label, hint }) => (
  <div class="picker" data-picker={id}>
    <label for={`${id}-q`}>{label}</label>
    <p class="hint" id={`${id}-hint`}>
      {hint}
    </p>
    <div class="picked" id={`${id}-picked`} hidden>
      <span class="picked-name" id={`${id}-picked-name`} />
      <button type="button" class="link-button" data-unpick={id}>
        Change
      </button>
    </div>
    <input
      id={`${id}-q`}
      type="search"
      autocomplete="off"
      placeholder="Type a name or e-mail"
      aria-describedby={`${id}-hint`}
      aria-controls={`${id}-results`}
    />
    <ul class="results" id={`${id}-results`} aria-label="Matching people" aria-live="polite" />
  </div>
);

const Step: FC<{ n: number; title: string; text: string; children?: unknown }> = ({ n, title, text, children }) => (
  <fieldset class="step">
    <legend>
      <span class="step-no">Step {n}</span>
      <span class="step-title">{title}</span>
    </legend>
    <p class="step-text">{text}</p>
    {children as never}
  </fieldset>
);

export const ConsolePage: FC<{ facts: HeaderFacts; csrfToken: string }> = ({ facts, csrfToken }) => (
  <Document title="Handoff console" csrfToken={csrfToken}>
    <Header facts={facts} active="transfer" />
    <main class="page">
      <section class="card" aria-labelledby="setup-title">
        <h1 id="setup-title">Transfer Setup</h1>
        <p class="lead">Choose who hands over, when it comes back, and which items move. Preview first, then start.</p>
        <form id="plan" novalidate>
          <div class="steps">
            <Step n={1} title="Who" text="Choose the current owner and who takes over.">
              <PersonPicker id="from" label="Current owner" hint="Whose items move." />
              <fieldset class="field plain">
                <legend class="field-label">Hand over to</legend>
                <div class="segmented">
                  <label>
                    <input type="radio" name="toType" value="user" checked /> A person
                  </label>
                  <label>
                    <input type="radio" name="toType" value="head" /> Their head
                  </label>
                </div>
              </fieldset>
              <PersonPicker id="to" label="New owner" hint="Who receives the items." />
            </Step>
            <Step n={2} title="When" text="Permanent, or temporary with an automatic return.">
              <fieldset class="field plain">
                <legend class="field-label">Transfer mode</legend>
                <div class="segmented">
                  <label>
                    <input type="radio" name="mode" value="permanent" checked /> Permanent
                  </label>
                  <label>
                    <input type="radio" name="mode" value="temporary" /> Temporary
                  </label>
                </div>
              </fieldset>
              <div class="field" id="return-field" hidden>
                <label for="return-phrase">Return on</label>
                <input id="return-phrase" type="text" placeholder="next Monday 9am" aria-describedby="return-echo" />
                <output id="return-echo" class="echo" for="return-phrase" aria-live="polite" />
              </div>
              <div class="field">
                <label class="check">
                  <input type="checkbox" id="start-later" /> Start later
                </label>
              </div>
              <div class="field" id="start-field" hidden>
                <label for="start-phrase">Start on</label>
                <input id="start-phrase" type="text" placeholder="Dec 20 9am" aria-describedby="start-echo" />
                <output id="start-echo" class="echo" for="start-phrase" aria-live="polite" />
              </div>
              <p class="hint">
                Dates are read in your time zone: <span id="tz">UTC</span>.
              </p>
            </Step>
            <Step n={3} title="What" text="Kinds of items with their open counts, and how to move them.">
              <fieldset class="field plain">
                <legend class="field-label">Entities</legend>
                <div id="kinds" class="kinds" aria-live="polite">
                  <p class="hint">Choose the current owner to see their items.</p>
                </div>
              </fieldset>
              <fieldset class="field plain">
                <legend class="field-label">Options</legend>
                <div class="options">
                  <label class="check">
                    <input type="checkbox" id="opt-dry-run" />
                    <span>
                      Dry run <span class="hint">(change nothing)</span>
                    </span>
                  </label>
                  <label class="check">
                    <input type="checkbox" id="opt-force-return" disabled />
                    <span>
                      Force return <span class="hint">(take back items changed by hand)</span>
                    </span>
                  </label>
                  <label class="check">
                    <input type="checkbox" id="opt-all-items" />
                    <span>
                      All items <span class="hint">(closed ones too)</span>
                    </span>
                  </label>
                  <label class="check">
                    <input type="checkbox" id="opt-notify" checked /> Notify the people involved
                  </label>
                </div>
              </fieldset>
            </Step>
          </div>
          <p id="plan-error" class="error" role="alert" hidden />
          <div class="actions">
            <button type="submit" id="preview" class="button">
              Preview
            </button>
            <button type="button" id="start" class="button primary" disabled>
              Start transfer
            </button>
          </div>
        </form>
      </section>

      <section class="card" aria-labelledby="report-title" id="report-card">
        <h2 id="report-title">Action Report</h2>
        <div id="report" aria-live="polite">
          <p class="empty">Run Preview to see what would move, per kind and per receiver.</p>
        </div>
        <p class="note">
          <strong>Permanent</strong> reassigns for good. <strong>Temporary</strong> gives everything back on the return
          date, except what someone changed by hand meanwhile.
        </p>
      </section>

      <section class="card" aria-labelledby="history-title">
        <div class="card-head">
          <h2 id="history-title">Job History</h2>
          <button type="button" id="density" class="button small" aria-pressed="false">
            Compact rows
          </button>
        </div>
        <fieldset class="chips plain">
          <legend class="visually-hidden">Filter by status</legend>
          <button type="button" class="chip" data-chip="" aria-pressed="true">
            All
          </button>
          {HISTORY_CHIPS.map((chip) => (
            <button type="button" class={`chip chip-${chip.id}`} data-chip={chip.statuses} aria-pressed="false">
              {chip.label}
            </button>
          ))}
        </fieldset>
        <div class="table-wrap">
          <table id="history" class="table">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Status</th>
                <th scope="col">Transfer</th>
                <th scope="col">Progress</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td colspan={6} class="empty">
                  Loading…
                </td>
              </tr>
            </tbody>
          </table>
        </div>
        <p id="history-error" class="error" role="alert" hidden />
        <div class="pager">
          <button type="button" id="newer" class="button small" disabled>
            ← Newer
          </button>
          <button type="button" id="older" class="button small" disabled>
            Older →
          </button>
        </div>
      </section>

      <section class="card" aria-labelledby="items-title" id="items-card">
        <div class="card-head">
          <h2 id="items-title">Changed Entities</h2>
          <div class="card-tools">
            <label for="item-status" class="visually-hidden">
              Filter by status
            </label>
            <select id="item-status" disabled>
              {ITEM_FILTERS.map(([value, label]) => (
                <option value={value}>{label}</option>
              ))}
            </select>
            <a id="csv" class="button small" href="/app" hidden>
              Download CSV
            </a>
          </div>
        </div>
        <p id="items-empty" class="empty">
          Select a job in Job History to see its changed entities.
        </p>
        <div class="table-wrap">
          <table id="items" class="table" hidden>
            <thead>
              <tr>
                <th scope="col">Entity</th>
                <th scope="col">ID</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Holder now</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody />
          </table>
        </div>
        <div class="pager">
          <button type="button" id="items-more" class="button small" hidden>
            Load more
          </button>
        </div>
        <h3 id="audit-title" hidden>
          Audit trail
        </h3>
        <ol id="audit" class="audit" aria-labelledby="audit-title" />
      </section>
    </main>
  </Document>
);
