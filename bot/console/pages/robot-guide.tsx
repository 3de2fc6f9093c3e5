/**
 * `GET /app/robot`: how to set up the "Change Related Responsible" automation robot in Bitrix24 (seed 003's guide).
 * @module
 */
import type { FC } from 'hono/jsx';
import { Document, Header, type HeaderFacts } from './layout.js';

export const RobotGuidePage: FC<{ facts: HeaderFacts }> = ({ facts }) => (
  <Document title="Robot guide · Handoff">
    <Header facts={facts} active="robot" />
    <main class="page guide">
      <section class="card">
        <h1>Automation Robot Guide</h1>
        <p class="lead">
          Handoff adds a Bitrix24 automation robot, <strong>Change Related Responsible</strong>, that changes the
          responsible person of a deal or lead and, with it, of the records that belong to it.
        </p>
        <h2>What the robot updates</h2>
        <ul>
          <li>The deal's or lead's own responsible person.</li>
          <li>Its CRM activities.</li>
          <li>Its tasks.</li>
          <li>For deals: the linked contact(s) and company.</li>
          <li>Optionally: its quotes and invoices.</li>
        </ul>
        <h2>Set it up in Bitrix24</h2>
        <ol>
          <li>Open CRM and go to the pipeline (or lead stage) automation where the robot should run.</li>
          <li>
            Click <strong>Add robot</strong>.
          </li>
          <li>
            Choose <strong>Change Related Responsible</strong>.
          </li>
          <li>
            Set <strong>New responsible</strong>, or name a Handoff role in <strong>Or a role</strong> (e.g. paralegal):
            whoever holds it when the robot runs gets the records.
          </li>
          <li>
            Choose what moves with the deal or lead: <strong>Related activities</strong>, <strong>Related tasks</strong>
            , <strong>Contacts</strong>, <strong>Company</strong>, <strong>Invoices</strong>, <strong>Quotes</strong>,
            and keep <strong>Save history</strong> on.
          </li>
          <li>Save the automation, then move a test deal or lead into that stage to see it run.</li>
        </ol>
        <h2>Recommended settings</h2>
        <ul>
          <li>Keep activities and tasks on in most cases.</li>
          <li>In deal pipelines, turn contact and company on so ownership stays consistent.</li>
          <li>Turn quotes and invoices on only if your process uses them.</li>
          <li>Keep history on: it is what you look at when something did not change.</li>
        </ul>
        <h2>If nothing changed</h2>
        <ul>
          <li>Check that the robot names a new responsible person, or a role someone holds.</li>
          <li>Check that the stage automation actually ran (the deal's history shows it).</li>
          <li>Check that the Handoff app's user may edit every kind you turned on.</li>
          <li>Ask your administrator to look for robot warnings in Handoff's log.</li>
        </ul>
      </section>
    </main>
  </Document>
);
