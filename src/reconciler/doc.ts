// docs/planning.md's tables of actions and reasons, generated from the vocabularies so that they
// cannot drift (`npm run docs` rewrites them; a unit test keeps them fresh).
import { actionInfo, planActions, reasonCodes, reasonInfo } from './vocabulary.js';

function actionsTable(): string {
  const rows = planActions.map((action) => `| \`${actionInfo[action].symbol}\` | ${action} | ${actionInfo[action].when} | ${actionInfo[action].effect} |`);
  return ['| symbol | action | when | what happens |', '|---|---|---|---|', ...rows].join('\n');
}

function reasonsTable(): string {
  return ['| reason | meaning |', '|---|---|', ...reasonCodes.map((reason) => `| \`${reason}\` | ${reasonInfo[reason]} |`)].join('\n');
}

/** The document with its generated regions (between `<!-- generated:NAME -->` and `<!-- /generated -->`) rewritten. */
export function renderPlanningDoc(current: string): string {
  const tables: Record<string, string> = { actions: actionsTable(), reasons: reasonsTable() };
  return current.replace(/<!-- generated:(\w+) -->\n[\s\S]*?<!-- \/generated -->/g, (whole, name: string) => {
    const table = tables[name];
    return table === undefined ? whole : `<!-- generated:${name} -->\n${table}\n<!-- /generated -->`;
  });
}
