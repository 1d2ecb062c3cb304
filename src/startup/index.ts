// Boot scripts: resolve what to write (settings, plan: pure), then write or remove it (install: effects).
export { platforms, type Platform } from './platforms.js';
export { resolveStartupSettings, type StartupRequest, type StartupSettings, type StartupContext } from './settings.js';
export { planStartup, sudoCommand, type StartupPlan, type StartupFile } from './plan.js';
export { installStartup, removeStartup, type StartupReport, type ToolStep, type ApplyOptions } from './install.js';
export { systemContext } from './system.js';
