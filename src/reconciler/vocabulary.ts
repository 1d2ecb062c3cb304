// The plan's closed vocabularies, declared once: the types derive from these tuples, views and saved
// plan checks read them, and docs/planning.md's tables are generated from them (reconciler/doc.ts).

/** What a step does to one app, weakest first (a step takes the strongest action any cause needs). */
export const planActions = ['create', 'live', 'scale', 'reload', 'restart', 'replace', 'delete'] as const;
export type PlanAction = (typeof planActions)[number];

export const actionInfo: Record<PlanAction, { symbol: string; when: string; effect: string }> = {
  create: { symbol: '+', when: 'the app is new', effect: 'start all its instances' },
  live: {
    symbol: '·',
    when: 'only live-class fields changed (restart policy, memory limit, cron, watch, logs, pid file …)',
    effect: 'applied inside the daemon, no restart: log files and the pid file move at once',
  },
  scale: {
    symbol: '>',
    when: '`instances` changed (plus live fields), or instances are missing or extra',
    effect: 'add or stop instances only; the others keep running',
  },
  reload: {
    symbol: '~',
    when: 'a reload-class field changed (`script`, `args`, `cwd`, `interpreter*`, `env`, `revision` …), `reload FILE`, `--force-reload`',
    effect: 'a rollout (below): cluster workers replaced new-before-old',
  },
  restart: { symbol: '↻', when: '`restart FILE` / `start FILE`', effect: 'a rollout (below), each instance stopped then started' },
  replace: {
    symbol: '±',
    when: '`exec_mode` changed',
    effect: 'stop the old set (the two cannot share a port: downtime), then start the new set on new pm_ids',
  },
  delete: { symbol: '-', when: 'pruned (below)', effect: 'stop and forget the app' },
};

/** Why a step exists. Closed: views and CI scripts may switch on it. */
export const reasonCodes = [
  'new-app',
  'renamed',
  'spec-changed',
  'instances-missing',
  'instances-extra',
  'restart-requested',
  'reload-requested',
  'forced',
  'adopted',
  'pruned',
  'drift-reverted',
] as const;
export type ReasonCode = (typeof reasonCodes)[number];

export const reasonInfo: Record<ReasonCode, string> = {
  'new-app': 'in the file, unknown to the daemon',
  renamed: "the app's name changed and nothing else: the new name is created, the old one deleted (`rename: {from, to}`)",
  'spec-changed': 'fields of the file differ from the applied spec',
  'instances-missing': 'fewer instances run than the spec says (crashed for good, stopped by hand, daemon died): the step brings them back',
  'instances-extra': 'more instances are held than the spec says (a hand `tend scale`): the step removes the extra ones',
  'restart-requested': '`start FILE` / `restart FILE` asked to restart apps that run',
  'reload-requested': '`reload FILE` asked to reload every app of the file',
  forced: '`apply --force-reload NAME` asked to reload an app with no change',
  adopted: "nothing else to do: the app only changes owner (PM2's verbs, or `apply --adopt`, take over another source's app of the same name; `adopt: {from}`)",
  pruned: 'managed by this file, no longer in it',
  'drift-reverted':
    "a git sync source puts back a hand change to one of its apps (`tend scale`, `tend stop`, `tend delete`, `restart --update-env`); the plan's `drift` says which",
};
