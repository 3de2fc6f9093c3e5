/**
 * `handoff help`: the CLI's usage text, in the chat grammar's words.
 * @module
 */

export const USAGE = `handoff — move Bitrix24 work from one person to another, through a running Handoff server.

Usage:
  handoff preview --from <who> --to <target> [plan options]     count what would move; changes nothing
  handoff start   --from <who> --to <target> [plan options]     start now (or at --starting); watch it run
  handoff vacation --from <who> --backup <target> [--starting <when>] --until <when> [--id <externalId>]
                                                                 a vacation: cover from its start until its end
  handoff vacation move <id | H-n> [--starting <when>] [--until <when>]   shorten, extend or move it
  handoff vacation cancel <id | H-n>                             call it off (before the start: cancelled; after: returned now)
  handoff vacation show <id | H-n> | list [--status active|cancelled]
  handoff status  [H-n]                                          one handoff (default: the latest)
  handoff history [--status running,completed] [--limit 20]     recent handoffs, newest first
  handoff items   H-n [--status failed] [--kind deals] [--limit 100] [--all]
  handoff cancel  H-n                                            stop after the current batch
  handoff retry   H-n                                            run the failed items again
  handoff return  H-n [--force]                                  return a temporary handoff now (a running one stops first)
  handoff undo    H-n [--force]                                  give back everything it moved
  handoff webhooks [list] | webhooks add <url> [--only handoff.started,…] | webhooks remove <id> | webhooks deliveries <id>
                                                                 signed outgoing webhooks (the secret is printed once)
  handoff hr [list] | hr add <12 | e-mail | slack:U…> | hr remove <12 | slack:U…>
                                                                 HR people: may hand off anyone's work in chat
  handoff kinds                                                  entity kinds the portal offers
  handoff people [name] [--all]                                  people and their ids (--all: deactivated too)
  handoff departments                                            departments, their ids, heads and member counts
  handoff api-key create --tenant <id> [--name hr]               create an API key (on the database; shown once)
  handoff tenants                                                tenants: portal, Bitrix24 app, Slack team (on the database)
  handoff tenants bind-slack --tenant <id> --team <T…>           a Slack workspace works on that tenant's portal
  handoff tenants unbind-slack --tenant <id>
  handoff tenants release-portal --tenant <id>                   forget its portal (tokens, app); it may install anew
  handoff sandbox-chat --as <id> ["text"] [--press <msg>:<button>]   talk to the Handoff bot in the demo's sandbox portal
  handoff sandbox-robot --deal <id> (--role <name> | --to <id>) [--with document,tasks,contacts,…]
                                                                 the demo's sandbox: the robot runs on a deal or lead
  handoff roles [list]                                           named roles and who holds them (for the robot)
  handoff roles set <name> <12 | kim@acme.com | dept:7 | head:7> who holds a role from now on
  handoff roles remove <name>                                    drop a role

Who and target:
  --from 12 | anna@acme.com
  --to 34 | ben@acme.com | head | head:<departmentId> | dept:<departmentId>
  --target <kind>=<target>     per-kind override, repeatable (e.g. --target tasks=56)

Plan options:
  --until <when>               temporary: everything comes back then ("next monday 9am", 2027-01-05, 2026-12-20T09:00:00Z)
  --starting <when>            a future start (the handoff is scheduled)
  --only <kinds>               e.g. deals,tasks (crm = every CRM kind)
  --except <kinds>             every kind but these
  --dry-run                    record what would move; change nothing
  --force-return               on return, take back items changed by hand since
  --all-items                  closed items too
  --quiet                      no direct messages to the people involved
  --no-sweep                   do not move items that land on them while away
  --idempotency-key <key>      a retry with the same key never starts a second handoff

Global options:
  --url <url>                  server address (HANDOFF_URL; default http://127.0.0.1:3000)
  --key <key>                  API key (HANDOFF_API_KEY)
  --tz <zone>                  IANA zone phrases are read in and times shown in (default: this machine's)
  --json                       print the API's JSON answers (for scripts)
  --watch                      draw progress on stderr until it finishes (default when stdout is a terminal)
  --help

Exit codes: 0 ok, 1 the API refused or failed, 2 bad usage.
`;
