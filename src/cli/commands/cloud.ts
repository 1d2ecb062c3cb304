// PM2's cloud commands (PM2 Plus / keymetrics). tend has no cloud: they say so and succeed, so that
// scripts written for PM2 (its own tests start with `pm2 link delete`) keep running.
import type { Command } from 'commander';
import { printLine } from '../views/output.js';

const cloudCommands = [
  ['link', 'PM2 Plus: link to the cloud'],
  ['unlink', 'PM2 Plus: unlink from the cloud'],
  ['plus', 'PM2 Plus: open the cloud dashboard'],
  ['monitor', 'PM2 Plus: monitor an app in the cloud'],
  ['unmonitor', 'PM2 Plus: stop monitoring an app in the cloud'],
] as const;

export function register(program: Command): void {
  for (const [name, description] of cloudCommands) {
    program
      .command(name)
      .description(`${description} (tend has no cloud: does nothing)`)
      .argument('[args...]')
      .allowUnknownOption()
      .action(() => {
        printLine(`tend has no cloud service: \`${name}\` does nothing. Local monitoring: \`tend monit\`, \`tend jlist\`, the programmatic API.`);
      });
  }
}
